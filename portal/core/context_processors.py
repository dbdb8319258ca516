from django.conf import settings


def site(request):
    """The neutral site name, quick-exit target and idle time-out every template needs."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        # The earliest a session may end: its last stamp can be up to one refresh interval old.
        "SESSION_IDLE_SECONDS": settings.SESSION_COOKIE_AGE - settings.SESSION_REFRESH_SECONDS,
        "SESSION_WARNING_SECONDS": settings.SESSION_WARNING_SECONDS,
    }
