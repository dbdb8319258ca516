"""The service categories of OVC's Trafficking Information Management System (TIMS), and where the
portal's own records fit in them. The one mapping table; docs/funder-reports.md explains it.

Case management is every client with a service plan open in the quarter (a plan is the needs
assessment, the goals and the follow-up that TIMS calls case management). The other categories
count referrals to directory services, by the directory category of the service they went to. A
category the portal keeps no record of is listed as not recorded rather than left out, so the
person filling in TIMS sees what they must count by other means.
"""

from django.utils.translation import gettext_lazy as _

CASE_MANAGEMENT = "case_management"

# (TIMS category, its name, the directory category codes counted in it). No codes: not recorded.
TIMS_SERVICES = [
    (CASE_MANAGEMENT, _("Case management"), ()),
    ("crisis_intervention", _("Crisis intervention"), ()),
    ("housing", _("Emergency, transitional or long-term housing"), ("housing",)),
    ("legal", _("Legal services, including immigration"), ("legal",)),
    ("medical", _("Medical and dental care"), ("medical",)),
    ("mental_health", _("Mental health treatment"), ("mental-health",)),
    ("substance_use", _("Substance use treatment"), ("substance-use",)),
    ("basic_needs", _("Basic needs and personal items"), ("basic-needs",)),
    ("employment", _("Employment and education assistance"), ("employment",)),
    ("financial", _("Financial assistance and victim compensation"), ("financial", "funding")),
    ("interpretation", _("Interpretation and translation"), ()),
    ("transportation", _("Transportation"), ()),
    ("child_care", _("Child care"), ()),
    ("safety_planning", _("Protection and safety planning"), ()),
    ("justice_advocacy", _("Criminal justice advocacy"), ()),
    ("family_reunification", _("Family reunification"), ()),
    ("life_skills", _("Life skills"), ()),
]


def tims_category_for_code():
    """{directory category code: TIMS category}."""
    return {code: key for key, _label, codes in TIMS_SERVICES for code in codes}


def is_recorded(key, codes):
    return key == CASE_MANAGEMENT or bool(codes)
