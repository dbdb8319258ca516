from django.conf import settings


def site(request):
    """The neutral site name and quick-exit target every template needs."""
    return {"SITE_NAME": settings.SITE_NAME, "QUICK_EXIT_URL": settings.QUICK_EXIT_URL}
