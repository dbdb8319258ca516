"""Her "not safe" word for check-ins, /<lang>/my/check-ins/word/.

Texted as the whole answer to a check-in, it is answered exactly as an OK is, and raises the same
silent alert as her second PIN (accounts/duress.py). It must not be anything a check-in answer or
a keyword already means, or an ordinary "OK" could raise the alarm (or the word could stop her
texts). Setting or removing it asks for her usual PIN, under the sign-in's limits.
"""

import time

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.accounts import sign_in as flow
from portal.accounts.duress_forms import usual_pin_error, usual_pin_field
from portal.accounts.survivor_auth import survivor_required
from portal.core import phrases
from portal.core.views import SeeOtherRedirect
from portal.messaging import keywords
from portal.messaging.forms import one_line

from . import words
from .pausing import active_plans


class DuressWordForm(forms.Form):
    usual_pin = usual_pin_field()
    word = forms.CharField(
        label=gettext_lazy("Your not-safe word (optional)"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("One or two words that nobody would guess. Leave it empty to have no word."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_word(self):
        word = one_line(self.cleaned_data["word"])
        if not word:
            return ""
        plain = phrases.plain(word)
        if len(plain) < 3 or len(plain.split()) > 2 or plain.isdigit():
            raise forms.ValidationError(_("Use one or two words, with at least 3 letters."), code="shape")
        if words.parse(word) is not None or keywords.match_keyword(word) is not None:
            raise forms.ValidationError(
                _("That word already means something in our texts. Choose another one."), code="taken"
            )
        return word


@require_http_methods(["GET", "POST"])
@survivor_required
def duress_word(request, profile):
    """Only with check-in texts running: without them the word could never be used."""
    if not active_plans(profile).exists():
        return SeeOtherRedirect(reverse("my:check_ins"))
    form = DuressWordForm(request.POST or None)
    context = {"form": form, "has_word": bool(profile.duress_word)}
    if request.method == "POST":
        started = time.monotonic()
        if form.is_valid():
            confirmed = flow.confirm_pin(request, profile, form.cleaned_data["usual_pin"])
            if confirmed:
                profile.duress_word = form.cleaned_data["word"]
                profile.save(update_fields=["duress_word"])
                flow.wait_out(started)
                return SeeOtherRedirect(reverse("my:check_ins") + "?saved=1")
            form.add_error("usual_pin", usual_pin_error(confirmed))
        flow.wait_out(started)
        return render(request, "checkins/duress_word.html", context, status=400)
    return render(request, "checkins/duress_word.html", context)
