"""The audit of case-record changes: who assigned, replied, closed, verified, dealt with or recorded.

Entries go to Wagtail's own log (so they show in an object's history) through `log_change`. A log
entry's label is stored in plain text, unlike the records it is about, so the label is always the
record's kind and id ("helprequest 12"): never a name, a number or the text of a message. A copy of
the log table then tells a reader nothing the ids alone do not.
"""

from uuid import uuid4

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

ASSIGNED = "portal.assign"
REPLIED = "portal.reply"
CLOSED = "portal.close"
VERIFIED = "portal.verify"
DEALT_WITH = "portal.dealt_with"
CONSENT_RECORDED = "portal.consent_recorded"
CONSENT_STOPPED = "portal.consent_stopped"
TAKEN = "desk.take"
REASSIGNED = "desk.reassign"

# (action, label for lists, message for the history page), registered in core/wagtail_hooks.py.
ACTIONS = (
    (ASSIGNED, _("Assign"), _("Assigned")),
    (REPLIED, _("Reply"), _("Replied by text")),
    (CLOSED, _("Close"), _("Closed")),
    (VERIFIED, _("Mark verified"), _("Marked as verified")),
    (DEALT_WITH, _("Dealt with"), _("Marked as dealt with")),
    (CONSENT_RECORDED, _("Consent recorded"), _("Consent recorded")),
    (CONSENT_STOPPED, _("Sharing stopped"), _("Sharing stopped")),
    (TAKEN, _("Taken at the desk"), _("Taken at the desk")),
    (REASSIGNED, _("Case reassigned"), _("Case reassigned to another advocate")),
)


def neutral_label(instance):
    """What the log stores as the entry's title: the kind of record and its id, nothing more."""
    return f"{instance._meta.model_name} {instance.pk}"


def log_change(instance, action, user, data=None):
    """One audit entry for a change `user` made to `instance`; actor and time are the entry's own.
    `data` holds ids only (who a case moved from and to), never anything about her.

    Each entry gets its own uuid. Wagtail gives every entry of one request the same uuid and its
    history page keeps only the latest entry per uuid and action: closing a conversation closes her
    help request too, and the help request's "Closed" would vanish from its history."""
    return log(instance, action, user=user, title=neutral_label(instance), data=data, uuid=uuid4())
