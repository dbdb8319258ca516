"""The 500 page: in the visitor's language, with the quick exit and 911, and no database needed."""

import pytest
from django.test import RequestFactory

from portal.core.views import server_error


@pytest.mark.parametrize(
    ("path", "language", "direction", "text"),
    [
        ("/en/services/", "en", "ltr", "Something went wrong. Please try again."),
        ("/es/help/", "es", "ltr", "Algo salió mal."),
        ("/ar/", "ar", "rtl", "حدث خطأ ما."),
        ("/sms/inbound/", "en", "ltr", "Something went wrong."),
    ],
)
def test_the_error_page_speaks_the_visitors_language_without_the_database(path, language, direction, text):
    # No `db` fixture: pytest-django makes any database access here an error.
    response = server_error(RequestFactory().get(path))
    body = response.content.decode()
    assert response.status_code == 500
    assert f'lang="{language}" dir="{direction}"' in body
    assert text in body
    assert "911" in body
    assert 'href="/exit/" data-quick-exit' in body
