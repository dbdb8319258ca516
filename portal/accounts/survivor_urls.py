from django.urls import path  # noqa: F401

# The survivor's own area under the language prefix: /<lang>/my/...
urlpatterns = []
