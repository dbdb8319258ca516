from django.urls import path, reverse

from . import views

app_name = "cases"

urlpatterns = [
    path("<int:survivor_id>/", views.CaseView.as_view(), name="case"),
    path("<int:survivor_id>/shared-notes/", views.SharedNotesView.as_view(), name="shared_notes"),
    path("notes/<int:pk>/edit/", views.EditNoteView.as_view(), name="edit_note"),
]


def case_url(survivor_id):
    return reverse("cases:case", args=[survivor_id])
