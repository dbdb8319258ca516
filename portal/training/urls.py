from django.urls import path

from . import views, webinar_views

app_name = "training"

urlpatterns = [
    path("sign-in/", views.sign_in_view, name="sign_in"),
    path("sign-in/link/", views.use_link_view, name="use_link"),
    path("sign-out/", views.sign_out_view, name="sign_out"),
    path("me/", views.home, name="home"),
    path("me/details/", views.profile, name="profile"),
    path("me/certificates/<str:code>/", views.certificate, name="certificate"),
    path("me/organisation/", views.organization, name="organization"),
    path("verify/", views.verify, name="verify"),
    path("webinars/", webinar_views.webinar_list, name="webinars"),
    path("webinars/<int:pk>/", webinar_views.webinar_detail, name="webinar"),
]
