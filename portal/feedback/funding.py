"""Funding opportunities, as far as the directory can hold them today.

Grants and compensation programmes are directory services in the "funding" category, listed to
everyone at /<lang>/services/?category=funding. The directory has no deadline field, so the best
we can count is how many of them say "deadline" (or "apply by") in their English description.
"""

from django.db.models import Q

from portal.directory.models import Service

FUNDING_CATEGORY = "funding"
DEADLINE_WORDS = ("deadline", "apply by")


def funding_services():
    return Service.objects.public().filter(categories__code=FUNDING_CATEGORY).distinct()


def funding_summary():
    mentions_deadline = Q()
    for word in DEADLINE_WORDS:
        mentions_deadline |= Q(description_en__icontains=word)
    services = funding_services()
    return {"total": services.count(), "with_deadline": services.filter(mentions_deadline).count()}
