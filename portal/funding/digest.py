"""The weekly email of deadlines, for staff who asked for it. It lists public calls for proposals only."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import DigestSubscription, FundingOpportunity

WINDOW_DAYS = 30
# A week less a few hours, so a cron job that starts a little early next week still sends.
RESEND_AFTER = timedelta(days=6, hours=12)


def _reader_settings(user):
    """Language and time zone the staff member chose in their admin account, if any."""
    profile = getattr(user, "wagtail_userprofile", None)
    language = (profile and profile.get_preferred_language()) or settings.LANGUAGE_CODE
    zone = (profile and profile.get_current_time_zone()) or settings.TIME_ZONE
    return language, zone


def due_subscriptions(now):
    return (
        DigestSubscription.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .exclude(last_sent_at__gt=now - RESEND_AFTER)
        .select_related("user", "user__wagtail_userprofile")
    )


def send_digests(now=None):
    """Send each due subscriber the list; return how many emails went out. Nobody gets an empty email."""
    now = now or timezone.now()
    opportunities = list(FundingOpportunity.objects.closing_within(WINDOW_DAYS, now).prefetch_related("service_types"))
    if not opportunities:
        return 0
    sent = 0
    for subscription in due_subscriptions(now):
        language, zone = _reader_settings(subscription.user)
        with translation.override(language), timezone.override(zone):
            context = {"opportunities": opportunities, "days": WINDOW_DAYS, "site_name": settings.SITE_NAME}
            body = render_to_string("funding/digest_email.txt", context)
            subject = _("Funding deadlines in the next %(days)s days") % {"days": WINDOW_DAYS}
        # Claimed before sending, so two servers running the command never both send it.
        previous = subscription.last_sent_at
        claimed = (
            DigestSubscription.objects.filter(pk=subscription.pk, last_sent_at=previous).update(last_sent_at=now)
            if previous
            else DigestSubscription.objects.filter(pk=subscription.pk, last_sent_at__isnull=True).update(
                last_sent_at=now
            )
        )
        if not claimed:
            continue
        try:
            send_mail(subject, body, None, [subscription.user.email])
        except Exception:
            DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=previous)
            raise
        sent += 1
    return sent
