from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class StaffSecondFactorMiddleware:
    """No admin page is reachable with a password alone.

    A signed-in staff member who has not passed their second factor in this
    session is sent to verify it, or to enrol an authenticator first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_second_factor(request):
            return redirect(f"{reverse('staff_verify')}?{urlencode({'next': request.path})}")
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request):
        if not request.path.startswith("/admin/"):
            return False
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        exempt = (
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("staff_verify"),
            reverse("staff_enrol"),
        )
        return request.path not in exempt
