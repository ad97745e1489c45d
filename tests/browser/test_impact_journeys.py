"""Issue 15's remaining journeys: a parent reads "You said, we did" on a phone; a befriender
answers the questions after a match review on a phone; a manager links parents' contributions
to what they changed on a desktop, and sees a follow-up on a parent's record. Each page is
checked with axe and photographed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from befriending import services as befriending_services
from befriending.models import ReviewOutcome
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification
from pace_site.outcomes.models import (
    FollowUp,
    Invitation,
    InvitationStatus,
    Moment,
    Question,
    Questionnaire,
)
from pace_site.outcomes.moments import registered, sync_moments
from pace_site.outcomes.seed import seed
from participation import services
from participation.models import ChangeMade, OpportunityStatus, SignUpStatus
from tests.befriending.factories import make_active_match
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp
from tests.participation.factories import OpportunityFactory, SignUpFactory

from .conftest import WAGTAIL_CHROME, assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def moments_on(transactional_db):
    seed(Questionnaire, Question)  # a flushed database has lost the migration's seed
    sync_moments()
    for moment in Moment.objects.all():
        slug = registered(moment.key).questionnaire
        moment.questionnaire = Questionnaire.objects.get(slug=slug)
        moment.is_on = True
        moment.save()


@pytest.fixture
def consultation(transactional_db):
    return OpportunityFactory(
        title="Consultation on the school guide",
        status=OpportunityStatus.DONE,
        starts_at=timezone.now() - timedelta(days=20),
    )


def test_a_parent_reads_you_said_we_did_on_a_phone(page, consultation):
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    parent = ParentFactory(preferred_name="Jo", user__display_name="Jo")
    signup = SignUpFactory(parent=parent, opportunity=consultation, status=SignUpStatus.TOOK_PART)
    services.record_change_made(
        consultation,
        kind="guide",
        title="Our guide for schools",
        description=(
            "You told us schools did not know where to start when a child is exploited. We "
            "rewrote the guide with a first page for teachers, in plain words."
        ),
        changed_on=timezone.localdate(),
        sign_ups=[signup],
        by=manager,
    )
    browser_sign_in(page, parent.user)
    page.get_by_role("link", name="You said, we did: what your help changed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    change = page.get_by_role("article", name="Our guide for schools")
    expect(change).to_contain_text("We rewrote the guide")
    expect(change).to_contain_text("A change to a guide or leaflet")
    expect(change).to_contain_text("You helped through: Consultation on the school guide")
    # Fits a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    screenshot(page, "impact-you-said-we-did-phone")


def test_a_befriender_answers_after_a_review_on_a_phone(page, moments_on):
    coordinator = make_user(Role.BEFRIENDING_COORDINATOR, display_name="Cara")
    match = make_active_match()
    review = match.reviews.order_by("due_on").first()
    befriending_services.complete_review(
        review,
        completed_on=timezone.localdate(),
        outcome=ReviewOutcome.CONTINUE,
        next_steps="Keep going.",
        by=coordinator,
    )
    befriender = match.befriender.user
    browser_sign_in(page, befriender)
    panel = page.get_by_role("region", name="Questions for you")
    expect(panel).to_contain_text("There is 1 short set of questions for you")
    panel.get_by_role("link", name="See the questions").click()
    page.get_by_role("link", name="How befriending is going for you").click()
    expect(page.get_by_text("It takes about 1 minute")).to_be_visible()
    page.get_by_role("group", name="I feel well supported by Pace as a befriender").get_by_label(
        "Strongly agree"
    ).check()
    page.get_by_role("group", name="I feel confident in my role").get_by_label(
        "Agree", exact=True
    ).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    screenshot(page, "impact-befriender-after-review-phone")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)
    invitation = Invitation.objects.get(person=befriender)
    assert invitation.status == InvitationStatus.ANSWERED
    assert sorted(invitation.answers.values_list("value", flat=True)) == [4, 5]


def test_a_manager_links_contributions_to_what_they_changed(desktop_page, consultation):
    page = desktop_page
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    give_totp(manager)
    jo = SignUpFactory(
        parent=ParentFactory(preferred_name="Jo Example"),
        opportunity=consultation,
        status=SignUpStatus.TOOK_PART,
    )
    sam = SignUpFactory(
        parent=ParentFactory(preferred_name="Sam Example"),
        opportunity=consultation,
        status=SignUpStatus.TOOK_PART,
    )
    browser_sign_in(page, manager)
    page.goto(reverse("participation_opportunities:inspect", args=[consultation.pk]))
    page.get_by_role("link", name="What it changed (Jo Example)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You said, we did")
    expect(page.get_by_label("Jo Example")).to_be_checked()
    expect(page.get_by_label("Sam Example")).not_to_be_checked()
    # Markup is refused with a plain message and nothing is saved.
    page.get_by_label("A policy").check()
    page.get_by_label("What changed").fill("Our safeguarding policy")
    page.get_by_label("What we did").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Record and tell the parents").click()
    expect(page.get_by_text("Please use plain words only")).to_be_visible()
    assert not ChangeMade.objects.exists()
    page.get_by_label("What we did").fill(
        "You told us the policy did not say when we share information. It now does."
    )
    page.get_by_label("Sam Example").check()
    assert_accessible(page, context="main", allow=WAGTAIL_CHROME)
    screenshot(page, "impact-manager-records-change")
    page.get_by_role("button", name="Record and tell the parents").click()
    expect(page.get_by_text("Recorded. The parents you chose have been told.")).to_be_visible()
    expect(page.get_by_text("Our safeguarding policy")).to_be_visible()
    expect(page.get_by_text("2 parents linked")).to_be_visible()
    # The record's own content (Wagtail's message banner fades in, and is Wagtail's).
    assert_accessible(page, context="main .nice-padding", allow=WAGTAIL_CHROME)
    screenshot(page, "impact-opportunity-with-change")
    change = ChangeMade.objects.get()
    assert set(change.sign_ups.all()) == {jo, sam}
    assert Notification.objects.filter(kind="participation/change_made").count() == 2


def test_a_manager_sees_a_follow_up_on_the_parents_record_and_marks_the_call(
    desktop_page, moments_on
):
    page = desktop_page
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    give_totp(manager)
    parent = ParentFactory(preferred_name="Jo Example")
    invitation = Invitation.objects.create(
        person=parent.user,
        questionnaire=Questionnaire.objects.get(slug="how-things-are"),
        moment="participation.six_monthly",
        question_count=12,
    )
    FollowUp.objects.create(
        person=parent.user, invitation=invitation, reason=FollowUp.Reason.DISTRESS
    )
    browser_sign_in(page, manager)
    page.goto(reverse("participation_parents:inspect", args=[parent.pk]))
    expect(page.get_by_role("heading", name="Answers to follow up")).to_be_visible()
    expect(page.get_by_text("An answer that may need a call")).to_be_visible()
    assert_accessible(page, context="main", allow=WAGTAIL_CHROME)
    screenshot(page, "impact-parent-record-follow-up")
    page.get_by_role("link", name="Mark call made").click()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Marked as done.")).to_be_visible()
    expect(page.get_by_role("heading", name="Answers to follow up")).to_be_visible()
    expect(page.get_by_text("call offered")).to_be_visible()
    assert_accessible(page, context="main .nice-padding", allow=WAGTAIL_CHROME)
    assert FollowUp.objects.get().done_at is not None
