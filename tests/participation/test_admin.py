"""The participation manager's workspace in the Wagtail admin, and who may use it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from participation import services
from participation.models import (
    CheckIn,
    CheckInKind,
    OpportunityStatus,
    ParentStatus,
    Pause,
    SignUp,
    SignUpStatus,
)
from tests.factories import ParentFactory, make_user

from .factories import CheckInFactory, OpportunityFactory, SignUpFactory, activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(signed_in_client, manager):
    return signed_in_client(manager)


def text(response) -> str:
    return response.content.decode()


LISTINGS = [
    "participation_parents:index",
    "participation_opportunities:index",
    "participation_sign_ups:index",
    "participation_check_ins:index",
    "participation_pauses:index",
    "participation_activity_types:index",
]


@pytest.mark.parametrize("name", LISTINGS)
def test_manager_sees_every_listing(manager_client, parent, name):
    SignUpFactory(parent=parent)
    CheckInFactory(parent=parent)
    assert manager_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("role", [Role.BEFRIENDING_COORDINATOR, Role.EDITOR])
@pytest.mark.parametrize("name", LISTINGS)
def test_other_staff_see_nothing_here(signed_in_client, role, name):
    client = signed_in_client(make_user(role))
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.parametrize("role", [Role.BEFRIENDING_COORDINATOR, Role.EDITOR])
def test_other_staff_get_no_dashboard_panel_or_timeline(signed_in_client, parent, role):
    client = signed_in_client(make_user(role))
    assert "Core parent group" not in text(client.get("/admin/"))
    response = client.get(reverse("participation_parents:inspect", args=[parent.pk]))
    assert response.status_code in (302, 403)
    assert not AuditEntry.objects.filter(action__startswith="participation.").exists()


def test_read_only_listings_offer_no_editing_even_to_administrators(signed_in_client, parent):
    admin = make_user(Role.ADMINISTRATOR)
    client = signed_in_client(admin)
    signup = SignUpFactory(parent=parent)
    check_in = CheckInFactory(parent=parent)
    assert client.get(reverse("participation_sign_ups:edit", args=[signup.pk])).status_code == 302
    assert client.get(reverse("participation_check_ins:add")).status_code == 302
    assert (
        client.get(reverse("participation_check_ins:delete", args=[check_in.pk])).status_code == 302
    )
    assert CheckIn.objects.filter(pk=check_in.pk).exists()


def test_parent_listing_filters_search_and_export(manager_client, speaking):
    today = timezone.localdate()
    ParentFactory(
        preferred_name="Amira", check_in_due_on=today - timedelta(days=2), interests=[speaking]
    )
    ParentFactory(preferred_name="Beth", check_in_due_on=today + timedelta(days=9))
    url = reverse("participation_parents:index")
    page = text(manager_client.get(url, {"check_in_overdue": "true"}))
    assert "Amira" in page and "Beth" not in page
    page = text(manager_client.get(url, {"interests": speaking.pk}))
    assert "Amira" in page and "Beth" not in page
    page = text(manager_client.get(url, {"q": "Bet"}))
    assert "Beth" in page and "Amira" not in page

    response = manager_client.get(url, {"export": "csv"})
    exported = (
        b"".join(response.streaming_content).decode() if response.streaming else text(response)
    )
    assert "Amira" in exported and "private" not in exported.lower()
    assert AuditEntry.objects.filter(action="audit.listing.exported").exists()
    response = manager_client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_check_in_export_leaves_out_encrypted_notes(manager_client, parent):
    CheckInFactory(parent=parent, notes="Court on Friday")
    response = manager_client.get(reverse("participation_check_ins:index"), {"export": "csv"})
    exported = (
        b"".join(response.streaming_content).decode() if response.streaming else text(response)
    )
    assert parent.preferred_name in exported and "Court on Friday" not in exported


def test_timeline_shows_everything_and_is_audited(manager_client, parent, manager):
    SignUpFactory(parent=parent, opportunity=OpportunityFactory(title="Panel at a conference"))
    check_in = CheckInFactory(parent=parent)
    services.pause_parent(parent, by=manager, by_parent=False, reason="Family crisis")
    services.give_consent(parent, purpose="newsletter", by=manager)
    response = manager_client.get(reverse("participation_parents:inspect", args=[parent.pk]))
    page = text(response)
    assert (
        "Panel at a conference" in page
        and "Paused by" in page
        and "Permission for the newsletter" in page
    )
    assert "Family crisis" not in page  # the reason is one click away, behind an audited view
    assert (
        AuditEntry.objects.for_object(parent)
        .filter(action="participation.parent.timeline_viewed")
        .exists()
    )

    page = text(manager_client.get(reverse("participation_check_ins:inspect", args=[check_in.pk])))
    assert "court date moved" in page
    assert (
        AuditEntry.objects.for_object(check_in)
        .filter(action="participation.check_in.viewed")
        .exists()
    )
    pause = Pause.objects.get(parent=parent)
    assert "Family crisis" in text(
        manager_client.get(reverse("participation_pauses:inspect", args=[pause.pk]))
    )
    assert AuditEntry.objects.for_object(pause).filter(action="participation.pause.viewed").exists()


def test_manager_pauses_and_resumes(manager_client, parent):
    url = reverse("participation_parents:pause", args=[parent.pk])
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = manager_client.post(url, {"until": yesterday, "reason": "x"})
    assert "cannot be before the pause starts" in text(response)
    assert not Pause.objects.exists()
    response = manager_client.post(url, {"reason": "<script>x</script>"})
    assert "plain words only" in text(response)
    manager_client.post(url, {"reason": "Asked for space"})
    parent.refresh_from_db()
    assert parent.status == ParentStatus.PAUSED
    manager_client.post(reverse("participation_parents:resume", args=[parent.pk]))
    parent.refresh_from_db()
    assert parent.status == ParentStatus.ACTIVE


def test_manager_logs_a_check_in_and_bad_input_changes_nothing(manager_client, parent):
    url = reverse("participation_parents:log_check_in", args=[parent.pk])
    now = timezone.localtime().replace(second=0, microsecond=0)
    base = {"kind": "regular", "channel": "phone", "happened_at": now.strftime("%Y-%m-%dT%H:%M")}
    for bad, error in (
        ({**base, "wellbeing": "9"}, "Please choose a number from 1 to 5."),
        (
            {
                **base,
                "wellbeing": "3",
                "happened_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            },
            "cannot be in the future",
        ),
        (
            {**base, "wellbeing": "3", "next_due_on": (now - timedelta(days=3)).date().isoformat()},
            "cannot be due before",
        ),
        ({**base, "wellbeing": "3", "notes": "n" * 4001}, "at most 4000 characters"),
    ):
        assert error in text(manager_client.post(url, bad))
    assert not CheckIn.objects.exists()
    manager_client.post(url, {**base, "wellbeing": "4", "notes": "Good call"})
    assert CheckIn.objects.get(parent=parent).notes == "Good call"


def test_opportunity_page_publish_and_who_to_invite_hides_paused(manager_client, manager, speaking):
    ParentFactory(preferred_name="Active Ann", interests=[speaking])
    paused = ParentFactory(preferred_name="Paused Pat", interests=[speaking])
    services.pause_parent(paused, by=manager, by_parent=False)
    opportunity = OpportunityFactory(status=OpportunityStatus.DRAFT)
    url = reverse("participation_opportunities:inspect", args=[opportunity.pk])
    page = text(manager_client.get(url))
    assert "Active Ann" in page and "Paused Pat" not in page
    manager_client.post(reverse("participation_opportunities:publish", args=[opportunity.pk]))
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.OPEN
    response = manager_client.post(
        reverse("participation_opportunities:publish", args=[opportunity.pk]), follow=True
    )
    assert "already was" in text(response)


def test_confirm_screen_records_readiness_and_warns_about_private_dates(manager_client, parent):
    opportunity = OpportunityFactory()
    parent.set_private_dates([{"on": opportunity.key_date, "note": "court"}])
    parent.save()
    signup = SignUpFactory(parent=parent, opportunity=opportunity)
    url = reverse("participation_sign_ups:confirm", args=[signup.pk])
    page = text(manager_client.get(url))
    assert "private dates" in page and "readiness" in page
    response = manager_client.post(url, {"use_check_in": "0", "wellbeing": "4"})
    assert "Tick this once you have talked" in text(response)
    assert not CheckIn.objects.exists()
    manager_client.post(
        url, {"use_check_in": "0", "wellbeing": "4", "private_date_acknowledged": "on"}
    )
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED
    assert signup.readiness_check_in.kind == CheckInKind.READINESS


def test_a_failed_confirm_keeps_no_readiness_check_in(manager_client, parent):
    opportunity = OpportunityFactory(places=1)
    SignUpFactory(opportunity=opportunity, status=SignUpStatus.CONFIRMED)
    signup = SignUpFactory(parent=parent, opportunity=opportunity)
    response = manager_client.post(
        reverse("participation_sign_ups:confirm", args=[signup.pk]),
        {"use_check_in": "0", "wellbeing": "4"},
        follow=True,
    )
    assert "All the places are taken" in text(response)
    assert not CheckIn.objects.exists()
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.INTERESTED


def test_took_part_makes_a_debrief_due(manager_client, parent):
    signup = SignUpFactory(
        parent=parent,
        status=SignUpStatus.CONFIRMED,
        opportunity=OpportunityFactory(activity_type=activity("Media interview")),
    )
    manager_client.post(
        reverse("participation_sign_ups:decide", args=[signup.pk]), {"decision": "took_part"}
    )
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.TOOK_PART and signup.debrief_due_on is not None
    timeline = text(manager_client.get(reverse("participation_parents:inspect", args=[parent.pk])))
    assert "Log the debrief" in timeline
    form = text(
        manager_client.get(
            reverse("participation_parents:log_check_in", args=[parent.pk]) + "?kind=debrief"
        )
    )
    assert 'value="debrief" selected' in form
    response = manager_client.post(
        reverse("participation_sign_ups:decide", args=[signup.pk]),
        {"decision": "bogus"},
        follow=True,
    )
    assert "not a decision" in text(response)


def test_dashboard_panel_shows_what_needs_attention(manager_client, parent, manager):
    today = timezone.localdate()
    ParentFactory(preferred_name="Overdue Olu", check_in_due_on=today - timedelta(days=5))
    ParentFactory(preferred_name="Soon Sam", check_in_due_on=today + timedelta(days=2))
    services.self_check_in(parent, wellbeing=1, wants_call=True, by=parent.user)
    SignUpFactory(opportunity=OpportunityFactory(title="Home Office consultation"))
    ending = ParentFactory(preferred_name="Resting Rae")
    services.pause_parent(ending, by=manager, by_parent=False, until=today + timedelta(days=3))
    OpportunityFactory(title="Closing quickly", respond_by=timezone.now() + timedelta(days=2))
    page = text(manager_client.get("/admin/"))
    assert "Core parent group" in page
    for expected in (
        "1 parent asked for a call",
        parent.preferred_name,
        "Overdue Olu",
        "Soon Sam",
        "Home Office consultation",
        "Resting Rae",
        "Closing quickly",
    ):
        assert expected in page, expected


def test_id_guessing_in_the_admin_is_404(manager_client):
    for name in (
        "participation_parents:inspect",
        "participation_parents:pause",
        "participation_parents:log_check_in",
        "participation_check_ins:inspect",
        "participation_pauses:inspect",
        "participation_opportunities:inspect",
        "participation_sign_ups:confirm",
    ):
        assert manager_client.get(reverse(name, args=[999999])).status_code == 404


def test_manager_offers_to_one_more_parent_but_never_a_paused_one(
    manager_client, manager, speaking
):
    from pace_site.notifications.models import Notification

    late_joiner = ParentFactory(preferred_name="Late Lou", interests=[speaking])
    paused = ParentFactory(interests=[speaking])
    services.pause_parent(paused, by=manager, by_parent=False)
    opportunity = OpportunityFactory()
    url = reverse("participation_opportunities:offer", args=[opportunity.pk])
    assert "Offer to Late Lou" in text(
        manager_client.get(reverse("participation_opportunities:inspect", args=[opportunity.pk]))
    )
    manager_client.post(url, {"parent": late_joiner.pk})
    assert Notification.objects.filter(
        recipient=late_joiner.user, kind="participation/offer"
    ).exists()
    response = manager_client.post(url, {"parent": paused.pk}, follow=True)
    assert "is not someone to invite" in text(response)
    assert not Notification.objects.filter(
        recipient=paused.user, kind="participation/offer"
    ).exists()
    assert manager_client.post(url, {"parent": "abc"}).status_code == 404


def test_manager_records_that_a_parent_left(manager_client, manager, parent):
    signup = SignUpFactory(parent=parent, status=SignUpStatus.CONFIRMED)
    services.pause_parent(parent, by=manager, by_parent=False)
    url = reverse("participation_parents:leave", args=[parent.pk])
    manager_client.post(url)
    parent.refresh_from_db()
    assert parent.status == ParentStatus.LEFT
    assert not Pause.objects.open().exists()
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.WITHDRAWN
    response = manager_client.post(url, follow=True)
    assert "already left" in text(response)


def test_opportunity_form_in_the_admin_gives_plain_messages(manager_client, speaking):
    from participation.models import Opportunity

    url = reverse("participation_opportunities:add")
    assert manager_client.get(url).status_code == 200
    soon = timezone.localtime() + timedelta(days=10)
    base = {
        "title": "Talk to magistrates",
        "activity_type": speaking.pk,
        "description": "A short talk.",
        "places": "2",
        "ways": ["named", "first_name"],
    }
    for bad, error in (
        ({}, "Give a date and time, a deadline, or both."),
        ({"starts_at": soon.strftime("%Y-%m-%d %H:%M"), "places": "0"}, "between 1 and 500"),
        (
            {
                "starts_at": soon.strftime("%Y-%m-%d %H:%M"),
                "respond_by": (soon + timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
            },
            "The deadline to say yes must be before the date itself.",
        ),
    ):
        response = manager_client.post(url, {**base, **bad})
        assert response.status_code == 200
        assert error in text(response), error
    assert not Opportunity.objects.exists()
    response = manager_client.post(url, {**base, "starts_at": soon.strftime("%Y-%m-%d %H:%M")})
    assert response.status_code == 302, response.context["form"].errors
    created = Opportunity.objects.get()
    assert created.status == OpportunityStatus.DRAFT and created.ways == ["named", "first_name"]


def test_opportunities_and_activity_types_saved_in_the_admin_are_audited(
    manager_client, manager, speaking
):
    """The generic forms save through the services, so the audit trail sees every change."""
    from participation.models import ActivityType, Opportunity

    soon = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    data = {
        "title": "Talk to magistrates",
        "activity_type": speaking.pk,
        "description": "A short talk.",
        "places": "2",
        "starts_at": soon,
    }
    manager_client.post(reverse("participation_opportunities:add"), data)
    created = Opportunity.objects.get()
    assert created.created_by == manager
    edit = reverse("participation_opportunities:edit", args=[created.pk])
    assert manager_client.post(edit, {**data, "places": "3"}).status_code == 302
    assert list(
        AuditEntry.objects.for_object(created).order_by("pk").values_list("action", flat=True)
    ) == ["participation.opportunity.created", "participation.opportunity.changed"]
    manager_client.post(
        reverse("participation_activity_types:add"), {"name": "Panel", "description": ""}
    )
    panel = ActivityType.objects.get(name="Panel")
    assert (
        AuditEntry.objects.for_object(panel)
        .filter(action="participation.activity_type.created", user=manager)
        .exists()
    )


def test_manager_adds_a_parent_to_the_core_group(manager_client, speaking):
    from participation.models import Parent

    account = make_user(Role.PARENT, email="new.parent@example.org")
    make_user(Role.BEFRIENDER, email="volunteer@example.org")
    url = reverse("participation_parents:add")
    page = text(manager_client.get(url))
    assert "new.parent@example.org" in page and "volunteer@example.org" not in page
    data = {
        "user": account.pk,
        "preferred_name": "Nina",
        "joined_on": timezone.localdate().isoformat(),
        "check_in_every_weeks": "4",
        "interests": [speaking.pk],
        "ways_accepted": ["anonymous"],
        "will_not_do": ["recorded"],
    }
    response = manager_client.post(url, {**data, "check_in_every_weeks": "60"})
    assert "Check in every 1 to 26 weeks." in text(response)
    assert not Parent.objects.filter(user=account).exists()
    response = manager_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    nina = Parent.objects.get(user=account)
    assert nina.ways_accepted == ["anonymous"] and nina.will_not_do == ["recorded"]
    assert nina.check_in_due_on == timezone.localdate() + timedelta(weeks=4)


def test_manager_records_and_withdraws_a_permission(manager_client, manager, parent):
    from participation.models import Consent

    url = reverse("participation_parents:give_consent", args=[parent.pk])
    response = manager_client.post(url, {"purpose": "sharing", "detail": "<b>x</b>"})
    assert "plain words only" in text(response)
    manager_client.post(
        url, {"purpose": "sharing", "detail": "Regional police team", "how": "in_person"}
    )
    consent = Consent.objects.get(parent=parent)
    assert consent.recorded_by == manager and consent.is_active
    withdraw = reverse("participation_consents:withdraw", args=[consent.pk])
    page = text(manager_client.get(withdraw))
    assert "How did they tell you?" in page and "on their own page" not in page
    for bad in ({}, {"how": "online"}, {"how": "<script>"}):
        response = manager_client.post(withdraw, bad)
        assert response.status_code == 400  # shown again with what to put right
        assert "Please say how they told you." in text(response) or "from the list" in text(
            response
        )
        consent.refresh_from_db()
        assert consent.is_active
    manager_client.post(withdraw, {"how": "phone"})
    consent.refresh_from_db()
    assert not consent.is_active
    assert (consent.withdrawn_by, consent.withdrawn_how) == (manager, "phone")
    response = manager_client.post(withdraw, {"how": "phone"}, follow=True)
    assert "already withdrawn" in text(response)


def test_id_guessing_on_the_manager_actions_is_404(manager_client):
    for name in (
        "participation_consents:withdraw",
        "participation_sign_ups:decide",
        "participation_opportunities:set_status",
        "participation_opportunities:publish",
        "participation_opportunities:offer",
        "participation_parents:leave",
    ):
        url = reverse(name, args=[999999])
        assert (
            manager_client.post(url, {"decision": "declined", "status": "done"}).status_code == 404
        )


def test_the_overdue_listing_shows_the_most_overdue_first(manager_client):
    today = timezone.localdate()
    for name, days in [("Cara", 3), ("Dana", 30), ("Elin", 10)]:
        ParentFactory(preferred_name=name, check_in_due_on=today - timedelta(days=days))
    url = reverse("participation_parents:index")
    page = text(manager_client.get(url, {"check_in_overdue": "true"}))
    assert page.index("Dana") < page.index("Elin") < page.index("Cara")
    # A column the manager sorts by still wins.
    page = text(
        manager_client.get(url, {"check_in_overdue": "true", "ordering": "-check_in_due_on"})
    )
    assert page.index("Cara") < page.index("Elin") < page.index("Dana")


BAD_FILTER_VALUES = [
    {"interests": "99999999999999999999"},
    {"interests": "-99999999999999999999"},
    {"interests": "abc"},
    {"interests": ["1", "99999999999999999999"]},
    {"region": "x" * 5000},
    {"status": "nonsense"},
    {"check_in_overdue": "maybe"},
    {"page": "99999999999999999999"},
]


@pytest.mark.parametrize("query", BAD_FILTER_VALUES)
@pytest.mark.parametrize("name", LISTINGS)
def test_listing_filters_with_bad_values_answer_calmly(manager_client, parent, name, query):
    response = manager_client.get(reverse(name), query)
    assert response.status_code == 200


def test_huge_record_ids_are_refused_before_any_query(django_assert_num_queries):
    """SQLite cannot hold an integer this large and fails the whole query (a 500), so every
    record filter refuses such a value while it is cleaned, before the database sees it."""
    from django.core.exceptions import ValidationError

    from participation.workspace.forms import (
        OpportunityFilterSet,
        ParentFilterSet,
        SignUpFilterSet,
    )

    fields = [
        ParentFilterSet(data={}).form.fields["interests"],
        OpportunityFilterSet(data={}).form.fields["activity_type"],
        SignUpFilterSet(data={}).form.fields["opportunity__activity_type"],
    ]
    for field in fields:
        for value in ["99999999999999999999", "-99999999999999999999", "abc", "1.5"]:
            with django_assert_num_queries(0), pytest.raises(ValidationError):
                field.clean([value] if hasattr(field, "_check_values") else value)
