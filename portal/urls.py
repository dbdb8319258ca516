from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content import serving
from portal.core import views as core_views
from portal.core.page_cache import cache_anonymous_page
from portal.funding import views as funding_views

# Outside the language prefix: the admin, webhooks, quick exit, the API and health.
urlpatterns = [
    path("exit/", core_views.quick_exit, name="quick_exit"),
    path("healthz", core_views.healthz, name="healthz"),
    path("sms/", include("portal.messaging.webhook_urls")),
    path("voice/", include("portal.voice.urls")),
    path("api/hsds/", include("portal.directory.api_urls")),
    # A calendar app subscribes to one address, whatever the reader's language.
    path("funding/deadlines.ics", funding_views.deadlines_feed, name="funding_deadlines_feed"),
    path("admin/second-factor/", include("portal.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = core_views.server_error

# Every public page: /en/..., /es/..., and / redirects to the best language.
urlpatterns += i18n_patterns(
    path("services/", include("portal.directory.urls")),
    path("my/", include("portal.site.survivor_urls")),
    path("learn/", include("portal.training.urls")),
    path("", include("portal.messaging.urls")),
    # Wagtail's own page view (same pattern and name) with the site's addresses held per publish,
    # served from the page cache to anonymous visitors.
    re_path(wagtail_urls.serve_pattern, cache_anonymous_page("content")(serving.serve), name="wagtail_serve"),
    path("", include(wagtail_urls)),
)
