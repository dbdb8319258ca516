"""Every text message the portal can send, in one place, as translated strings.

Short, neutral and plain (docs/safety.md, "In every SMS"): no organisation, service, topic or link;
the sign-off that names us is added only when the contact said it is safe (see safe_text.py).
Each English text stays under about 100 characters so a translation fits in two segments.
"""

from django.utils.translation import gettext_lazy as _

from portal.directory.sms_templates import DIRECTORY_NONE, DIRECTORY_RESULTS

HELP_FORM_CONFIRMATION = "help_form_confirmation"
TEXT_RECEIVED = "text_received"
OPTED_OUT = "opted_out"
OPTED_OUT_HERE = "opted_out_here"
OPTED_IN = "opted_in"
CHECK_IN = "check_in"
CALL_OK = "call_ok"
FOLLOW_UP = "follow_up"
FREE_TEXT = "free_text"
SIGN_IN_CODE = "sign_in_code"
DIRECTORY_DETAILS = "directory_details"
SHARING_ENDS_SOON = "sharing_ends_soon"
ACCOUNT_NEWS = "account_news"
SCHEDULED_CHECK_IN = "scheduled_check_in"
CHECK_INS_PAUSED = "check_ins_paused"
TEXT_RECEIVED_NEW = "text_received_new"
STOP_QUESTION = "stop_question"
LANGUAGE_CHANGED = "language_changed"
CONFIRM_SETTINGS = "confirm_settings"
SETTINGS_CONFIRMED = "settings_confirmed"

TEMPLATES = {
    HELP_FORM_CONFIRMATION: _("Thank you. Someone will text you at the time you chose. In danger now? Call 911."),
    TEXT_RECEIVED: _("We got your message. Someone will text you back soon. In danger now? Call 911."),
    # The first answer to a new number also says how to switch language: one name, in its own language.
    TEXT_RECEIVED_NEW: _(
        "We got your message. Someone will text you back soon. In danger now? Call 911. "
        "Other language: text %(languages)s."
    ),
    # A text that looked like a stop word but was not plainly one ("stop texting me", "DUNG").
    STOP_QUESTION: _("To stop all texts from us, reply STOP."),
    LANGUAGE_CHANGED: _("OK. We will text you in English from now on."),
    # Someone filled in a form with this number; nothing changes unless the phone says YES. Neutral on purpose.
    CONFIRM_SETTINGS: _(
        "Did you ask to change how we text you? Reply YES to agree. If not, you do not need to do anything."
    ),
    SETTINGS_CONFIRMED: _("Done. We will text you the way you asked."),
    OPTED_OUT: _("You will get no more texts from us. Text START to get them again."),
    # She chose that a STOP stops only the app it came from: the other way still reaches her.
    OPTED_OUT_HERE: _("You will get no more messages from us here. Text START to get them again."),
    OPTED_IN: _("You will get texts from us again. Text STOP to stop them."),
    CHECK_IN: _("Hi, just checking in. Is it safe to text now?"),
    CALL_OK: _("Is it safe to call you? Reply with a good time."),
    FOLLOW_UP: _("We have not forgotten you. Text back when it is safe."),
    # A survivor asked to sign in; nothing says what the code is for.
    SIGN_IN_CODE: _("Your code is %(code)s. It works for 10 minutes."),
    # Directory by text: names and phones only, never an address.
    DIRECTORY_RESULTS: _("Open now near %(zip)s: %(places)s"),
    DIRECTORY_NONE: _("Nothing we know of is open now near %(zip)s. Try again later. In danger now? Call 911."),
    # "Text me these details" on a directory page: the name (made discreet) and a phone number.
    DIRECTORY_DETAILS: _("%(name)s. Phone: %(phone)s"),
    # A planned check-in (portal.checkins): the reply words are parsed in every language.
    SCHEDULED_CHECK_IN: _("Hi, checking in. Reply 1 if you're OK, 2 if you'd like a call, 3 if you need help now."),
    CHECK_INS_PAUSED: _("OK, these check-in texts are paused. Your advocate can start them again with you."),
    # A consent the survivor asked to be reminded of ends in a week; says nothing of what or with whom.
    SHARING_ENDS_SOON: _("A choice you made on our website ends in 7 days. Sign in if you want to keep it."),
    # A referral of hers moved on; she asked to be told. Says nothing of what, where or who.
    ACCOUNT_NEWS: _("There is news in your account. Sign in to see it."),
    # An advocate's own words, passed as context["text"].
    FREE_TEXT: "%(text)s",
}

# Texts whose content the recipient asked for (a directory answer): they name services, made
# discreet by portal.directory.by_text, and may run longer than the automatic texts.
ASKED_FOR = {DIRECTORY_RESULTS, DIRECTORY_DETAILS}

# The templates an advocate may pick when replying in the admin.
ADVOCATE_TEMPLATES = [
    (CHECK_IN, TEMPLATES[CHECK_IN]),
    (CALL_OK, TEMPLATES[CALL_OK]),
    (FOLLOW_UP, TEMPLATES[FOLLOW_UP]),
]

# Added after the text, only for a contact who said we may say who we are.
SIGN_OFF = _("From %(name)s.")
