"""Counts for the coalition's grant reports: certificates by the learner's field of work and county.

Counts only, never names: a grant report needs how many nurses in Harris County were trained.
"""

from django.db.models import Count

from .models import Audience, Certificate


def completions_by_audience_and_county(start=None, end=None):
    certificates = Certificate.objects.all()
    if start:
        certificates = certificates.filter(issued_at__gte=start)
    if end:
        certificates = certificates.filter(issued_at__lt=end)
    rows = (
        certificates.values("learner__audience", "learner__county")
        .annotate(total=Count("pk"))
        .order_by("learner__audience", "learner__county")
    )
    labels = dict(Audience.choices)
    return [
        {
            "audience": labels.get(row["learner__audience"], row["learner__audience"]),
            "county": row["learner__county"],
            "total": row["total"],
        }
        for row in rows
    ]
