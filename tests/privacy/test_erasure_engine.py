"""Erasing a fully populated parent and befriender leaves no trace of them anywhere: every
table (encrypted text decrypted) and the search index are searched for their name, e-mail,
phone and pseudonym. Counts stay right, kept safeguarding records stay with their reason, and
everybody else's data is untouched."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction

from befriending.models import Befriender, Concern, ContactLog, Match, Review
from events.models import CalendarFeed, Feedback, Registration
from home.models import StoryPage
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from pace_site.privacy.erasure import engine, services
from pace_site.privacy.models import ErasureRequest
from pace_site.privacy.models.erasure import ErasureStatus
from pace_site.privacy.registry import actor_references
from participation.models import CheckIn, Consent, Parent, SignUp
from tests.factories import make_user

from .erasure_people import found_anywhere, make_befriender, make_parent, match_them, story_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return {
        "manager": make_user(Role.PARTICIPATION_MANAGER, display_name="Manager"),
        "coordinator": make_user(Role.BEFRIENDING_COORDINATOR, display_name="Coordinator"),
        "admin": make_user(Role.ADMINISTRATOR, display_name="Admin"),
    }


@pytest.fixture
def world(staff):
    index = story_index()
    parent = make_parent(
        "Quillon", "Marchbank", "Tamsin", staff=staff["manager"], story_index=index
    )
    befriender = make_befriender(
        "Ottoline", "Fairweather", "07700 900461", staff=staff["coordinator"]
    )
    match, concern = match_them(parent, befriender, staff=staff["coordinator"])
    other = make_parent(
        "Perpetua", "Underhill", "Morwenna", staff=staff["manager"], story_index=index
    )
    other_befriender = make_befriender(
        "Barnaby", "Thistlewood", "07700 900999", staff=staff["coordinator"]
    )
    match_them(other, other_befriender, staff=staff["coordinator"])
    return {
        "parent": parent,
        "befriender": befriender,
        "other": other,
        "other_befriender": other_befriender,
        "match": match,
        "concern": concern,
    }


def counts() -> dict:
    """The figures that must still add up after an erasure."""
    figures = {}
    for model, field in (
        (CheckIn, "kind"),
        (SignUp, "status"),
        (Registration, "status"),
        (ContactLog, "method"),
        (Feedback, "felt_less_alone"),
        (Match, "status"),
        (Review, "kind"),
        (Consent, "purpose"),
        (Notification, "status"),
        (Concern, "status"),
    ):
        for value in model.objects.values_list(field, flat=True):
            key = f"{model.__name__}.{value}"
            figures[key] = figures.get(key, 0) + 1
    figures["parents"] = Parent.objects.count()
    figures["befrienders"] = Befriender.objects.count()
    return figures


def erase(person, staff):
    request = services.ask_for_erasure(person.user, how="phone", by=staff["manager"])
    services.propose_erasure(request, by=staff["manager"])
    return services.approve_erasure(request, by=staff["admin"])


def test_the_search_finds_every_needle_before_erasure(world):
    """The search below is only worth something if it finds them while they are there."""
    for person in (world["parent"], world["befriender"]):
        hits = found_anywhere(person.needles)
        for needle in person.needles:
            assert any(hit.endswith(f": {needle.lower()}") for hit in hits), needle
    assert any(hit.startswith("search") for hit in found_anywhere(["Tamsin"]))


def test_erasing_a_parent_and_a_befriender_leaves_no_trace_of_them(world, staff):
    parent, befriender, other = world["parent"], world["befriender"], world["other"]
    other_before = found_anywhere(other.needles + world["other_befriender"].needles)
    figures = counts()
    story_pk = parent.extra["story"].pk

    done = erase(parent, staff)

    assert done.status == ErasureStatus.DONE
    assert found_anywhere(parent.needles) == []
    # The befriender is still there until they are erased themselves.
    assert found_anywhere(befriender.needles)
    done_befriender = erase(befriender, staff)
    assert found_anywhere(parent.needles + befriender.needles) == []

    # Nobody else lost anything; the figures add up as before.
    assert found_anywhere(other.needles + world["other_befriender"].needles) == other_before
    assert counts() == figures
    # Their story went, with its saved versions and search entries.
    assert not StoryPage.objects.filter(pk=story_pk).exists()
    assert StoryPage.objects.filter(pseudonym="Morwenna").exists()
    # Sign-in is over: no session, no two-step device, no calendar link, no account to use.
    for person in (parent, befriender):
        person.user.refresh_from_db()
        assert not person.user.is_active and not person.user.has_usable_password()
        assert not Authenticator.objects.filter(user=person.user).exists()
        assert not CalendarFeed.objects.filter(user=person.user).exists()
        assert person.extra["client"].get("/my/").status_code == 302
    assert Session.objects.count() == 2  # the other two people's
    # The safeguarding concern is kept, and the request says so with the reason.
    assert Concern.objects.filter(pk=world["concern"].pk).exists()
    kept = {line["table"]: line["reason"] for line in done_befriender.kept}
    assert "befriending.Concern" in kept and "Safeguarding" in kept["befriending.Concern"]
    # The audit trail keeps that the erasures happened, by whom, and which request; no name.
    for request in (done, done_befriender):
        entry = AuditEntry.objects.get(action="privacy.erasure.done", object_id=str(request.pk))
        assert entry.user == staff["admin"] and entry.data["request"] == request.pk


def test_the_plan_matches_what_erasure_does(world, staff):
    parent = world["parent"]
    request = services.ask_for_erasure(parent.user, how="email", by=staff["manager"])
    request = services.propose_erasure(request, by=staff["manager"])
    planned = {line["table"]: line for line in request.plan}
    assert planned["participation.Parent"]["action"] == "anonymise"
    assert planned["home.StoryPage"]["action"] == "delete"
    assert planned["participation.Consent"]["action"] == "keep"
    assert planned["sessions"]["count"] == 1
    done = services.approve_erasure(request, by=staff["admin"])
    for table, line in planned.items():
        if table in done.result["tables"]:
            assert done.result["tables"][table]["count"] >= line["count"], table
    assert done.result["sessions_ended"] == 1
    assert done.result["not_cleared"] == []


def test_every_link_to_who_did_something_can_be_cleared():
    """Erasure sets these to nothing; a link that cannot be empty would keep the person."""
    not_nullable = [
        f"{model._meta.label}.{name}"
        for model, name in actor_references()
        if not model._meta.get_field(name).null
    ]
    assert not_nullable == []


def test_the_same_person_cannot_propose_and_approve(world, staff):
    admin = staff["admin"]
    request = services.ask_for_erasure(world["parent"].user, how="phone", by=admin)
    services.propose_erasure(request, by=admin)
    with pytest.raises(services.PrivacyError, match="second person"):
        services.approve_erasure(request, by=admin)
    request.refresh_from_db()
    assert request.status == ErasureStatus.PROPOSED
    assert found_anywhere(["Quillon Marchbank"])


def test_the_database_refuses_an_erasure_approved_by_its_proposer(world, staff):
    request = services.ask_for_erasure(world["parent"].user, how="phone", by=staff["manager"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ErasureRequest.objects.filter(pk=request.pk).update(
            proposed_by=staff["admin"], approved_by=staff["admin"]
        )


def test_only_an_administrator_approves(world, staff):
    request = services.ask_for_erasure(world["parent"].user, how="phone", by=staff["manager"])
    services.propose_erasure(request, by=staff["admin"])
    with pytest.raises(services.PrivacyError, match="Administrator"):
        services.approve_erasure(request, by=staff["manager"])


def test_approving_twice_does_nothing_more(world, staff):
    done = erase(world["parent"], staff)
    entries = AuditEntry.objects.count()
    again = services.approve_erasure(done, by=staff["admin"])
    assert again.result == done.result and AuditEntry.objects.count() == entries


def test_erasing_an_erased_person_again_changes_nothing(world, staff):
    parent = world["parent"]
    erase(parent, staff)
    with pytest.raises(services.PrivacyError, match="already been erased"):
        services.ask_for_erasure(parent.user, how="phone", by=staff["manager"])
    # The engine itself, run again, finds nothing left to change.
    before = {line["table"]: line for line in engine.plan(parent.user)}
    with transaction.atomic():
        engine.erase(parent.user, by=staff["admin"])
    assert found_anywhere(parent.needles) == []
    assert {line["table"]: line for line in engine.plan(parent.user)} == before


def test_refusing_and_withdrawing_change_nothing_about_the_person(world, staff):
    user = world["parent"].user
    request = services.ask_for_erasure(user, how="phone", by=staff["manager"])
    services.refuse_erasure(
        request, reason="We must keep it while the court case runs.", by=staff["manager"]
    )
    request.refresh_from_db()
    assert request.status == ErasureStatus.REFUSED
    assert request.refused_reason.startswith("We must keep")
    with pytest.raises(services.PrivacyError):
        services.propose_erasure(request, by=staff["manager"])
    second = services.ask_for_erasure(user, how="portal", by=user)
    services.withdraw_erasure(second, by=user)
    assert found_anywhere(["Quillon Marchbank"])


def test_one_open_request_per_person(world, staff):
    user = world["parent"].user
    services.ask_for_erasure(user, how="portal", by=user)
    with pytest.raises(services.PrivacyError, match="already a request"):
        services.ask_for_erasure(user, how="phone", by=staff["manager"])
    assert ErasureRequest.objects.count() == 1


def test_a_volunteer_who_never_had_an_account_is_erased_through_their_record(world, staff):
    from befriending.models import SupervisionSession, TrainingRecord
    from pace_site.notifications.models import Notification, Status
    from tests.befriending.factories import BefrienderFactory

    applicant = BefrienderFactory(
        user=None,
        name="Rosamund Quickthorn",
        email="rosamund.quickthorn@example.org",
        phone="07700 900123",
        what_they_bring="Rosamund has fostered",
    )
    TrainingRecord.objects.create(
        befriender=applicant, module="induction", completed_on=applicant.applied_on
    )
    SupervisionSession.objects.create(
        befriender=applicant, held_on=applicant.applied_on, notes="Rosamund is keen"
    )
    Notification.objects.create(
        to_email=applicant.email,
        kind="befriending/application_received",
        subject="Thank you, Rosamund",
        body="Dear Rosamund Quickthorn",
        status=Status.SENT,
    )
    needles = ["Rosamund", "Quickthorn", "rosamund.quickthorn@example.org", "07700 900123"]
    assert found_anywhere(needles)
    other_before = found_anywhere(world["befriender"].needles)

    request = services.ask_for_erasure_of_record(applicant, how="letter", by=staff["coordinator"])
    request = services.propose_erasure(request, by=staff["coordinator"])
    assert {line["table"] for line in request.plan} >= {
        "befriending.Befriender",
        "befriending.TrainingRecord",
        "notifications.Notification",
    }
    done = services.approve_erasure(request, by=staff["admin"])

    assert done.status == ErasureStatus.DONE
    assert found_anywhere(needles) == []
    assert found_anywhere(world["befriender"].needles) == other_before
    assert Befriender.objects.filter(pk=applicant.pk).exists()  # anonymised, for the counts
    with pytest.raises(services.PrivacyError, match="already been erased"):
        services.ask_for_erasure_of_record(applicant, how="letter", by=staff["coordinator"])


def test_someone_with_an_account_is_erased_through_it(world, staff):
    with pytest.raises(services.PrivacyError, match="has an account"):
        services.ask_for_erasure_of_record(
            world["befriender"].record, how="letter", by=staff["coordinator"]
        )
    with pytest.raises(services.PrivacyError, match="own record"):
        services.ask_for_erasure_of_record(world["match"], how="letter", by=staff["coordinator"])


def test_a_deleted_story_leaves_nothing_behind(world, staff):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
    from wagtail.search.models import IndexEntry

    story = world["parent"].extra["story"]
    types = [ContentType.objects.get_for_model(m) for m in (Page, StoryPage)]
    assert (
        Revision.objects.filter(object_id=str(story.pk), base_content_type__in=types).count() >= 2
    )
    assert PageLogEntry.objects.filter(page_id=story.pk).exists()
    assert IndexEntry.objects.filter(content_type__in=types, object_id=str(story.pk)).exists()

    erase(world["parent"], staff)

    assert not Page.objects.filter(pk=story.pk).exists()
    assert not Revision.objects.filter(
        object_id=str(story.pk), base_content_type__in=types
    ).exists()
    assert not PageLogEntry.objects.filter(page_id=story.pk).exists()
    assert not IndexEntry.objects.filter(content_type__in=types, object_id=str(story.pk)).exists()
    assert not ReferenceIndex.objects.filter(
        base_content_type__in=types, object_id=str(story.pk)
    ).exists()
    # Their recording went with it; the other parent's stays.
    from wagtail.documents import get_document_model

    titles = set(get_document_model().objects.values_list("title", flat=True))
    assert titles == {"Morwenna's recording"}
    # The other parent's story is still published and found.
    assert StoryPage.objects.live().filter(pseudonym="Morwenna").exists()
