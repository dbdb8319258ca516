from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.core.translation_admin import TranslatedViewSetMixin

from .admin_views import TrainingReportView, may_see_training_report, training_report_csv
from .models import Learner, TrainingOrganization
from .webinars import Webinar


class TrainingOrganizationViewSet(SnippetViewSet):
    model = TrainingOrganization
    icon = "group"
    list_display = ["name", "county"]
    search_fields = ["name"]


class LearnersSignUpThemselves(ModelPermissionPolicy):
    """Nobody adds a learner in the admin: an account starts with its owner's emailed link."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action != "add"])


register_permission_policy(Learner, LearnersSignUpThemselves(Learner))


class LearnerViewSet(SnippetViewSet):
    """Staff set who coordinates for an organisation; learners keep their own name and email."""

    model = Learner
    copy_view_enabled = False
    icon = "user"
    list_display = ["__str__", "organization", "audience", "county", "is_coordinator"]
    list_filter = ["organization", "audience", "is_coordinator"]

    def get_permissions_to_register(self):
        # "Add" would do nothing (LearnersSignUpThemselves), so the group editor does not offer it.
        return super().get_permissions_to_register().exclude(codename="add_learner")


class WebinarViewSet(TranslatedViewSetMixin, SnippetViewSet):
    model = Webinar
    icon = "media"
    list_display = ["title", "starts_at", "duration_minutes", "recording"]
    ordering = ["-starts_at"]


class TrainingViewSetGroup(SnippetViewSetGroup):
    items = (WebinarViewSet, TrainingOrganizationViewSet, LearnerViewSet)
    menu_icon = "group"
    menu_label = _("Training")
    menu_name = "training"


register_snippet(TrainingViewSetGroup)


class TrainingReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_training_report(request.user)


@hooks.register("register_admin_urls")
def training_admin_urls():
    return [
        path("reports/training/", TrainingReportView.as_view(), name="training_report"),
        path("reports/training/csv/", training_report_csv, name="training_report_csv"),
    ]


@hooks.register("register_admin_menu_item")
def training_report_menu_item():
    # Named apart from the "training" menu: the sidebar would open both if one name began the other.
    return TrainingReportMenuItem(
        _("Training reports"), reverse("training_report"), icon_name="table", name="learner-counts", order=910
    )
