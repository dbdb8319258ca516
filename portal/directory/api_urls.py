from django.urls import path

from . import api

# The HSDS API, outside the language prefix: /api/hsds/...
urlpatterns = [
    path("", api.root, name="hsds_root"),
    path("services", api.services, name="hsds_services"),
    path("services/<uuid:service_id>", api.service_detail, name="hsds_service"),
]
