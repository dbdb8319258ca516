"""The explicit "verified" action: the only thing that moves a service's `assured_date`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core import audit

from .models import Service


def verify_service(request, pk):
    service = get_object_or_404(Service, pk=pk)
    if not request.user.has_perm("directory.change_service"):
        raise PermissionDenied
    if request.method == "POST":
        # A queryset update: no revision, no other field touched, no last_modified bump.
        Service.objects.filter(pk=service.pk).update(
            assured_date=timezone.localdate(), assurer_email=request.user.email or ""
        )
        audit.log_change(service, audit.VERIFIED, request.user)
        messages.success(request, _("Marked as verified today."))
        return redirect("wagtailsnippets_directory_service:edit", service.pk)
    return TemplateResponse(request, "directory/admin/verify.html", {"service": service})
