from django.urls import path

from . import views

# Public pages under the language prefix: /<lang>/services/...
urlpatterns = [
    path("", views.search, name="directory_search"),
    path("<uuid:service_id>/", views.detail, name="directory_service"),
]
