import pytest

from pace_site.accounts.roles import Role
from tests.factories import make_user

from .factories import ParentFactory, activity


@pytest.fixture
def manager(db):
    return make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")


@pytest.fixture
def speaking(db):
    return activity("Speaking at training")


@pytest.fixture
def parent(db, speaking):
    return ParentFactory(preferred_name="Jo", interests=[speaking])
