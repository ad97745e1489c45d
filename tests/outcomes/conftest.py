import pytest
from django.test import Client

from pace_site.accounts.roles import Role
from pace_site.outcomes.models import Moment, Questionnaire
from tests.factories import ParentFactory, make_user
from tests.helpers import KeyedClient


@pytest.fixture
def manager(db):
    return make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")


@pytest.fixture
def parent(db):
    return ParentFactory(preferred_name="Jo Example")


@pytest.fixture
def moments(db):
    """The participation moments, switched on with their seeded questionnaires (a test database
    flushed by an earlier test may have lost them: made again here)."""
    from pace_site.outcomes.models import Question
    from pace_site.outcomes.moments import sync_moments
    from pace_site.outcomes.seed import seed

    seed(Questionnaire, Question)
    sync_moments()
    from pace_site.outcomes.moments import registered

    for moment in Moment.objects.all():
        registration = registered(moment.key)
        registered_slug = registration.questionnaire if registration else ""
        if registered_slug:
            moment.questionnaire = Questionnaire.objects.get(slug=registered_slug)
            moment.is_on = True
            moment.save()
    return {m.key: m for m in Moment.objects.all()}


@pytest.fixture
def client():
    class Keyed(KeyedClient, Client):
        pass

    return Keyed()
