"""One opt-out for every channel, unless she chose otherwise: a STOP on SMS or WhatsApp stops everything,
or, if she chose so on her settings page, only the channel it came on. START on any channel lifts it."""

from datetime import time, timedelta
from itertools import count

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn
from portal.messaging import texts
from portal.messaging.api import channel_for
from portal.messaging.channels import Channel, StopScope
from portal.messaging.models import Contact, OutboundMessage
from portal.messaging.opt_out import mark_opted_out, may_send, opt_back_in
from portal.messaging.statuses import DeliveryStatus
from portal.plans.retention import purge_due
from tests.accounts.builders import make_organization, make_survivor, sign_in_directly
from tests.accounts.test_channel_choices import her_settings
from tests.checkins.conftest import due_now, make_checkin_plan
from tests.messaging.conftest import HOUSTON, make_contact, post_signed
from tests.messaging.test_whatsapp import on_whatsapp, queue, text_in

pytestmark = pytest.mark.django_db
STATUS = "/sms/status/"
TEXT_CHANNELS = (Channel.SMS, Channel.WHATSAPP)
ADVOCATE = OutboundMessage.Purpose.ADVOCATE


def its_channel_only(phone=HOUSTON, **fields):
    return make_contact(phone, stop_scope=StopScope.ITS_CHANNEL, **fields)


def test_by_default_a_stop_on_whatsapp_stops_every_channel(client, whatsapp, django_capture_on_commit_callbacks):
    contact = make_contact()
    text_in(client, django_capture_on_commit_callbacks, "STOP", on_whatsapp(HOUSTON))
    contact.refresh_from_db()
    assert contact.opted_out_at is not None and contact.stopped_channel == ""
    assert OutboundMessage.objects.get(contact=contact).template == texts.OPTED_OUT
    assert not any(may_send(contact, ADVOCATE, channel) for channel in Channel)


def test_she_may_choose_that_a_stop_stops_only_its_own_app(client, whatsapp, django_capture_on_commit_callbacks):
    contact = its_channel_only()
    waiting_sms = queue(contact, django_capture_on_commit_callbacks, channel=Channel.SMS, purpose=ADVOCATE)
    OutboundMessage.objects.filter(pk=waiting_sms.pk).update(status=DeliveryStatus.PENDING)
    waiting_whatsapp = queue(contact, django_capture_on_commit_callbacks, channel=Channel.WHATSAPP, purpose=ADVOCATE)
    OutboundMessage.objects.filter(pk=waiting_whatsapp.pk).update(status=DeliveryStatus.PENDING)

    text_in(client, django_capture_on_commit_callbacks, "STOP", on_whatsapp(HOUSTON))

    contact.refresh_from_db()
    assert contact.opted_out_at is None and contact.stopped_channel == Channel.WHATSAPP
    confirmation = OutboundMessage.objects.get(contact=contact, purpose=OutboundMessage.Purpose.OPT_OUT_CONFIRMATION)
    assert (confirmation.template, confirmation.channel) == (texts.OPTED_OUT_HERE, Channel.WHATSAPP)
    # What waited on WhatsApp is dropped; what waited by SMS still goes.
    assert OutboundMessage.objects.get(pk=waiting_whatsapp.pk).status == DeliveryStatus.CANCELLED
    assert OutboundMessage.objects.get(pk=waiting_sms.pk).status == DeliveryStatus.PENDING
    assert queue(contact, django_capture_on_commit_callbacks, channel=Channel.WHATSAPP).status == "cancelled"
    assert queue(contact, django_capture_on_commit_callbacks, channel=Channel.SMS).status == "submitted"


def test_stopping_the_other_app_too_stops_everything(client, whatsapp, django_capture_on_commit_callbacks):
    contact = its_channel_only()
    text_in(client, django_capture_on_commit_callbacks, "STOP", on_whatsapp(HOUSTON))
    text_in(client, django_capture_on_commit_callbacks, "STOP", HOUSTON)
    contact.refresh_from_db()
    assert contact.opted_out_at is not None
    assert not any(may_send(contact, ADVOCATE, channel) for channel in Channel)  # a call too


def test_start_on_any_app_lifts_a_stop_of_one_app(client, whatsapp, django_capture_on_commit_callbacks):
    contact = its_channel_only()
    text_in(client, django_capture_on_commit_callbacks, "STOP", HOUSTON)
    contact.refresh_from_db()
    assert contact.stopped_channel == Channel.SMS
    text_in(client, django_capture_on_commit_callbacks, "START", on_whatsapp(HOUSTON))
    contact.refresh_from_db()
    assert (contact.opted_out_at, contact.stopped_channel) == (None, "")


@pytest.mark.parametrize(
    "scope, refused_on, opted_out, stopped",
    [
        (StopScope.ITS_CHANNEL, Channel.SMS, False, Channel.SMS),  # her choice: that channel alone
        (StopScope.EVERY_CHANNEL, Channel.WHATSAPP, True, ""),
    ],
)
def test_twilios_opted_out_error_counts_as_her_stop_on_that_channel(client, scope, refused_on, opted_out, stopped):
    contact = make_contact(stop_scope=scope)
    message = queue_unsent(contact, refused_on)
    params = {"MessageSid": message.provider_sid, "MessageStatus": "failed", "ErrorCode": "21610"}
    assert post_signed(client, STATUS, params).status_code == 204
    contact.refresh_from_db()
    assert (contact.opted_out_at is not None, contact.stopped_channel) == (opted_out, stopped)


def queue_unsent(contact, channel):
    return OutboundMessage.objects.create(
        contact=contact,
        channel=channel,
        body="Hi",
        status=DeliveryStatus.SUBMITTED,
        provider_sid=f"SM{channel}{'d' * 28}",
        expires_at=timezone.now() + timedelta(hours=1),
    )


@pytest.mark.parametrize(
    "check_ins_by, stopped, goes_by",
    [
        (Channel.WHATSAPP, Channel.WHATSAPP, Channel.SMS),  # the other way still reaches her
        (Channel.SMS, Channel.WHATSAPP, Channel.SMS),
        (Channel.CALL, Channel.WHATSAPP, Channel.CALL),
        (Channel.SMS, Channel.SMS, None),  # she stopped the way she chose: nothing goes
    ],
)
def test_a_check_in_goes_another_way_than_the_app_she_stopped(
    whatsapp, django_capture_on_commit_callbacks, check_ins_by, stopped, goes_by
):
    survivor = make_survivor(phone="+17135550833")
    contact = survivor.contact
    Contact.objects.filter(pk=contact.pk).update(
        stop_scope=StopScope.ITS_CHANNEL, stopped_channel=stopped, check_in_channel=check_ins_by
    )
    # A window open all day: the channel is what is tested here, whatever hour the suite runs at.
    plan = make_checkin_plan(survivor, start=time(0), end=time(0))
    check_in = due_now(plan)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_checkins()
    check_in.refresh_from_db()
    assert (check_in.status == CheckIn.Status.SENT) is (goes_by is not None)
    sent = OutboundMessage.objects.filter(contact=contact, purpose=OutboundMessage.Purpose.CHECK_IN)
    assert [message.channel for message in sent] == ([goes_by] if goes_by else [])


def test_she_chooses_it_on_her_settings_page(client):
    profile = make_survivor(make_organization("Stop Scope Org"), phone="+17135550834")
    sign_in_directly(client, profile)
    page = client.get("/en/my/settings/").content.decode()
    assert "If you text STOP, what should stop?" in page and 'name="stop_scope"' in page
    response = client.post("/en/my/settings/", her_settings(stop_scope="channel"))
    assert response.status_code == 303
    profile.contact.refresh_from_db()
    assert profile.contact.stop_scope == StopScope.ITS_CHANNEL
    bad = client.post("/en/my/settings/", her_settings(stop_scope="nothing"))
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
    profile.contact.refresh_from_db()
    assert profile.contact.stop_scope == StopScope.ITS_CHANNEL


def test_a_closed_case_keeps_a_stop_of_one_app_on_record(settings):
    profile = make_survivor(phone="+17135550835")
    Contact.objects.filter(pk=profile.contact.pk).update(stop_scope=StopScope.ITS_CHANNEL, stopped_channel=Channel.SMS)
    closed_at = timezone.now()
    profile.close_case(when=closed_at)
    assert purge_due(now=closed_at + timedelta(days=settings.RETENTION_DAYS + 1)) == 1
    kept = Contact.objects.get(pk=profile.contact_id)
    assert kept.stopped_channel == Channel.SMS and kept.phone == ""


NUMBERS = count(2000)
# The rule itself, over any order of STOPs and STARTs on any channel, and either choice of hers.
events = st.lists(st.tuples(st.sampled_from(["stop", "start", "report"]), st.sampled_from(TEXT_CHANNELS)), max_size=8)


@examples(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scope=st.sampled_from(StopScope.values), history=events)
def test_no_channel_she_stopped_is_ever_sent_to(scope, history):
    contact = make_contact(f"+1713555{next(NUMBERS):04d}", stop_scope=scope)
    stopped = set()  # the channels the rule says are closed to her
    for action, channel in history:
        if action == "start":
            opt_back_in(contact)
            stopped = set()
        else:  # her STOP on that channel, or Twilio's 21610 for it: the same record
            mark_opted_out(Contact.objects.filter(pk=contact.pk), channel=channel)
            if scope == StopScope.EVERY_CHANNEL or (stopped and channel not in stopped):
                stopped = set(Channel)
            else:
                stopped |= {channel}
        contact.refresh_from_db()
    for channel in Channel:
        assert may_send(contact, ADVOCATE, channel) is (channel not in stopped)
        # The confirmation of a STOP is the one thing that may still go.
        assert may_send(contact, OutboundMessage.Purpose.OPT_OUT_CONFIRMATION, channel)


def test_what_she_chose_to_get_by_whatsapp_comes_by_sms_once_she_stopped_whatsapp_alone(settings):
    settings.TWILIO_WHATSAPP_FROM = "whatsapp:+14155238886"
    settings.TWILIO_WHATSAPP_TEMPLATES = {("en", OutboundMessage.Purpose.SIGN_IN_CODE): "HX" + "e" * 32}
    contact = its_channel_only(sign_in_channel=Channel.WHATSAPP, channel=Channel.WHATSAPP)
    purposes = (OutboundMessage.Purpose.SIGN_IN_CODE, ADVOCATE)
    assert [channel_for(contact, purpose) for purpose in purposes] == [Channel.WHATSAPP, Channel.WHATSAPP]
    contact.stopped_channel = Channel.WHATSAPP
    assert [channel_for(contact, purpose) for purpose in purposes] == [Channel.SMS, Channel.SMS]
