from django.urls import path  # noqa: F401

# The HSDS API, outside the language prefix (/api/hsds/...).
urlpatterns = []
