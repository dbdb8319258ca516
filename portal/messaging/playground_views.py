"""The SMS playground in the admin (development only): text the portal as a number, see its answers."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.core.forms import PhoneNumberField

from .channels import Channel
from .playground import call_the_portal, press_keys, text_the_portal


class PlaygroundForm(forms.Form):
    phone = PhoneNumberField(label=_("Text from this number"))
    body = forms.CharField(label=_("Message"), max_length=1600, widget=forms.Textarea(attrs={"rows": 3}))
    whatsapp = forms.BooleanField(label=_("Send on WhatsApp"), required=False)


class PlaygroundAccess:
    def dispatch(self, request, *args, **kwargs):
        # Development only, and only for people who may read texts anyway.
        if not settings.SMS_PLAYGROUND_ENABLED or not request.user.has_perm("messaging.view_helprequest"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SmsPlaygroundView(PlaygroundAccess, WagtailAdminTemplateMixin, FormView):
    template_name = "messaging/admin/playground.html"
    form_class = PlaygroundForm
    page_title = _("SMS playground")
    header_icon = "mail"

    def form_valid(self, form):
        phone, body, whatsapp = (form.cleaned_data[name] for name in ("phone", "body", "whatsapp"))
        replies = text_the_portal(phone, body, Channel.WHATSAPP if whatsapp else Channel.SMS)
        # The same page again, the number and channel kept and the message box empty for the next text.
        fresh = self.form_class(initial={"phone": phone, "whatsapp": whatsapp})
        return self.render_to_response(self.get_context_data(form=fresh, sent=body, replies=replies))


class VoiceCallForm(forms.Form):
    phone = PhoneNumberField(label=_("Call from this number"))


class KeyForm(forms.Form):
    """A key pressed during a call; the call (its number, CallSid and step) rides in hidden fields."""

    phone = PhoneNumberField(widget=forms.HiddenInput)
    call_sid = forms.RegexField(regex=r"^CA[0-9a-f]{32}$", widget=forms.HiddenInput)
    step = forms.RegexField(regex=r"^/voice/step/[a-z-]+/(\?page=[0-9]+)?$", widget=forms.HiddenInput)
    digits = forms.RegexField(regex=r"^[0-9*#]?$", required=False)
    zip_code = forms.RegexField(label=_("ZIP code"), regex=r"^[0-9]{5}$", required=False)
    words = forms.CharField(label=_("Or say something (the words Twilio would hear)"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        # The ZIP box's own button sends what is in the box; the words' button the words (and no key, as
        # Twilio sends one or the other); a key button sends its key.
        if "send_zip" in self.data:
            cleaned["digits"] = cleaned.get("zip_code") or ""
        if "send_words" in self.data:
            cleaned["digits"] = ""
        else:
            cleaned["words"] = ""
        return cleaned


KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"]


class VoicePlaygroundView(PlaygroundAccess, WagtailAdminTemplateMixin, FormView):
    """Call the voice line from a number and press keys: each goes to the real, signed voice views."""

    template_name = "messaging/admin/voice_playground.html"
    form_class = VoiceCallForm
    page_title = _("Voice playground")
    header_icon = "mobile-alt"

    def get_context_data(self, **kwargs):
        return super().get_context_data(keys=KEYS, **kwargs)

    def post(self, request, *args, **kwargs):
        if "call_sid" not in request.POST:
            return super().post(request, *args, **kwargs)
        keys = KeyForm(request.POST)
        if not keys.is_valid():
            return self.render_to_response(self.get_context_data(form=self.form_class(), key_errors=keys.errors))
        phone, call_sid = keys.cleaned_data["phone"], keys.cleaned_data["call_sid"]
        digits, words = keys.cleaned_data["digits"], keys.cleaned_data["words"]
        heard = press_keys(phone, call_sid, keys.cleaned_data["step"], digits, words=words)
        return self.answer(phone, call_sid, heard, pressed=words or digits)

    def form_valid(self, form):
        phone = form.cleaned_data["phone"]
        call_sid, heard = call_the_portal(phone)
        return self.answer(phone, call_sid, heard)

    def answer(self, phone, call_sid, heard, pressed=None):
        keys = KeyForm(initial={"phone": phone, "call_sid": call_sid, "step": heard.next_path})
        context = {"heard": heard, "keys_form": keys, "pressed": pressed, "call_sid": call_sid}
        return self.render_to_response(self.get_context_data(form=self.form_class(initial={"phone": phone}), **context))
