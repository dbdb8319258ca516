"""Every word the voice line says, in plain words for someone who may be frightened.

Nothing here names trafficking or the portal: whoever stands next to her may hear the phone. The
named versions are spoken only to a Contact who said we may say who we are (`may_identify`).
"Say help" names the first of the help words (voice.speech.HELP_WORDS) in each language.
Numbers that are read out (phones, 911) are written digit by digit so each voice reads them the same.
"""

from django.utils.translation import gettext_lazy as _

# Spoken only in English, on the first menu, to everyone whose language is not known yet.
ENGLISH_CHOICE = "For English, stay on the line."
LANGUAGE_CHOICE = _("For %(language)s, press %(digit)s.")
# Said in English (like ENGLISH_CHOICE) when the languages need more than one page.
MORE_LANGUAGES = "For more languages, press 9."

GREETING = _("Hello. This is a free help line.")
GREETING_NAMED = _("Hello. This is %(name)s.")
MAIN_MENU = _(
    "To find help near you, press 1. To ask someone to call you back, press 2. "
    "To hear help line numbers, press 9. To talk to someone now, press 0 or say help."
)
# Said first on the main menu, and only to a caller whose own number has a check-in waiting for an answer.
CHECKIN_CHOICE = _("To answer your check-in, press 5.")
CHECKIN_MENU = _(
    "If you are OK, press 1. If you want someone to call you, press 2. If you need help now, press 3. "
    "To talk to someone now, press 0 or say help."
)
CHECKIN_THANKS = _("Thank you. We got your answer.")
TALK_NOW = _("To talk to someone now, press 0 or say help.")
NOT_UNDERSTOOD = _("Sorry, we did not get that.")
GOODBYE = _("Thank you for calling. Take care. Goodbye.")
CONNECTING = _("Please hold. We are connecting you now.")
EMERGENCY = _("In an emergency, call 9 1 1.")

ASK_ZIP = _("Please type the five numbers of your ZIP code.")
NOT_IN_TEXAS = _("We could not find that ZIP code in Texas.")
PLACES_INTRO = _("These places near you are open now.")
PLACE = _("%(name)s. Phone: %(phone)s.")
NO_PLACES = _("We found no place near you that is open now.")
HEAR_AGAIN = _("To hear this again, press 1. To talk to someone now, press 0 or say help.")

CALLBACK_ASKED = _("Thank you. Someone will call you back at this number.")
ASK_UNSAFE = _("If you are not safe now, press 1.")
MARKED_URGENT = _("We will call you back as soon as we can.")
NO_NUMBER = _("We cannot see your phone number, so we cannot call you back.")

HOTLINE = _("You can call a help line any time, day or night, at %(number)s.")
HOTLINE_NAMED = _("You can call the National Human Trafficking Hotline any time, day or night, at %(number)s.")
