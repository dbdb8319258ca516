from django.urls import path

from . import views

urlpatterns = [
    path("", views.verify, name="staff_verify"),
    path("setup/", views.enrol, name="staff_enrol"),
]
