import io

import pytest
from django.apps import apps
from django.core.management import call_command

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"accounts", "participation", "befriending", "events", "home", "wagtailcore"}
    }


@pytest.mark.django_db
def test_seed_demo_makes_every_role_and_is_idempotent(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = row_counts()
    for role in Role:
        assert User.objects.with_role(role).filter(email__endswith="@demo.pace.example").exists(), (
            role
        )
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == first
    assert "pace-demo-password" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_parent_has_a_change_to_read_and_the_befriender_questions(settings):
    """ "You said, we did" for the demo parent, and questions after a match review waiting for
    the demo befriender."""
    from pace_site.outcomes.models import Invitation
    from participation.models import ChangeContribution

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert ChangeContribution.objects.filter(
        sign_up__parent__user__email="parent@demo.pace.example", told_at__isnull=False
    ).exists()
    assert Invitation.objects.filter(
        person__email="befriender@demo.pace.example",
        moment="befriending.review_befriender",
        status="open",
    ).exists()
