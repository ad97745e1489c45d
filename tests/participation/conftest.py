import pytest

from pace_site.accounts.roles import Role
from tests.factories import ParentFactory, make_user

from .factories import activity


@pytest.fixture
def manager(db):
    return make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")


@pytest.fixture
def speaking(db):
    return activity("Speaking at training")


@pytest.fixture
def parent(db, speaking):
    return ParentFactory(preferred_name="Jo", interests=[speaking])


@pytest.fixture
def client():
    """Each POST is a fresh form with its own key, as the page renders it (tests/helpers.py);
    tests/participation/test_once_only.py checks that every form here does carry one."""
    from django.test import Client

    from tests.helpers import KeyedClient

    class Keyed(KeyedClient, Client):
        pass

    return Keyed()
