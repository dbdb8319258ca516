"""Demo service types and opportunities for `seed_demo`. Deadlines are set from the day the demo is built,
so the demo always shows an opportunity closing soon and one still open."""

import json
from datetime import time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from .models import FundingOpportunity, ServiceType

SEED_FILE = Path(__file__).resolve().parent / "seed_data" / "funding.json"


@transaction.atomic
def seed_funding():
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    types = {}
    for spec in data["service_types"]:
        service_type = ServiceType.objects.filter(code=spec["code"]).first()
        if service_type is None:
            service_type = ServiceType(code=spec["code"], name=spec["name"]["en"])
            for code, _name in settings.LANGUAGES:
                setattr(service_type, build_localized_fieldname("name", code), spec["name"].get(code, ""))
            service_type.save()
        types[spec["code"]] = service_type
    created = 0
    today = timezone.localdate()
    for spec in data["opportunities"]:
        if FundingOpportunity.objects.filter(program=spec["program"], funder=spec["funder"]).exists():
            continue
        opportunity = FundingOpportunity(
            funder=spec["funder"],
            program=spec["program"],
            summary=spec["summary"],
            amount_min=spec["amount_min"],
            amount_max=spec["amount_max"],
            eligible_applicants=spec["eligible_applicants"],
            deadline_date=today + timedelta(days=spec["days_from_seeding"]),
            deadline_time=time.fromisoformat(spec["deadline_time"]),
            deadline_time_zone=spec["deadline_time_zone"],
            link=spec["link"],
        )
        opportunity.full_clean()
        opportunity.save()
        opportunity.service_types.set([types[code] for code in spec["service_types"]])
        created += 1
    return created
