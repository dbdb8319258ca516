import pytest

from tests.accounts.builders import make_organization

from .builders import make_case, staff_client


@pytest.fixture
def case(db):
    """Her whole case at her organisation, and one of its advocates signed in to the admin."""
    organization = make_organization("Case Organisation")
    survivor = make_case(organization)
    advocate = staff_client(organization, "case-advocate", first_name="Ana", last_name="Advocate")
    return {"survivor": survivor, "organization": organization, "advocate": advocate}
