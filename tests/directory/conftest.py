import pytest

from portal.directory.seeding import seed_taxonomy


@pytest.fixture
def taxonomy(db):
    seed_taxonomy()


@pytest.fixture
def empty_directory(taxonomy):
    """No public services but the test's own: the demo directory, seeded for the whole run,
    is unpublished for the test (and referrals elsewhere may point at it)."""
    from portal.directory.models import Service

    Service.objects.update(live=False)
