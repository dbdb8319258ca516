import pytest

pytestmark = pytest.mark.django_db


def test_exit_redirects_with_303_to_the_neutral_page(client, settings):
    settings.QUICK_EXIT_URL = "https://weather.example/today"
    response = client.get("/exit/")
    assert response.status_code == 303
    assert response["Location"] == "https://weather.example/today"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_exit_ends_the_session_and_deletes_every_cookie(client, django_user_model):
    user = django_user_model.objects.create_user("someone", password="x" * 16)
    client.force_login(user)
    client.cookies["csrftoken"] = "abc"
    client.cookies["anything"] = "else"
    session_key = client.session.session_key
    response = client.get("/exit/")
    for name in ("sessionid", "csrftoken", "anything"):
        assert response.cookies[name].value == ""
        assert response.cookies[name]["max-age"] == 0
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert '"cookies"' in response["Clear-Site-Data"]
    assert client.get("/admin/").status_code == 302


def test_exit_link_is_first_on_every_page(client, seeded_pages):
    import re

    from django.utils.translation import override

    for page in seeded_pages:
        with override("es"):
            body = client.get(page.get_url()).content.decode()
        first_link = re.search(r"<a\b[^>]*>", body).group(0)
        assert 'href="/exit/"' in first_link and "data-quick-exit" in first_link
