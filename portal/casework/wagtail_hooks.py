from django.urls import include, path
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_case_urls():
    return [path("cases/", include(urls, namespace="cases"))]
