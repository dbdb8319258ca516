from django.urls import path  # noqa: F401

# Public pages under the language prefix (/<lang>/...).
urlpatterns = []
