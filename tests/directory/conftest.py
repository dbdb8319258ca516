import pytest

from portal.directory.seeding import seed_taxonomy


@pytest.fixture
def taxonomy(db):
    seed_taxonomy()


@pytest.fixture
def empty_directory(taxonomy):
    """No services but the test's own (the demo directory is seeded for the whole run)."""
    from portal.directory.models import Service

    Service.objects.all().delete()
