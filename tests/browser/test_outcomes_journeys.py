"""A parent answers the questions after a debrief on a phone: from their page to "Thank you" in
a handful of taps (the issue asks for under a minute: counted here as steps, not time), every
question optional, then the helpline and "Ask Pace to ring me". Each page is checked with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from pace_site.outcomes.models import (
    FollowUp,
    Invitation,
    InvitationStatus,
    Moment,
    Question,
    Questionnaire,
)
from pace_site.outcomes.moments import sync_moments
from pace_site.outcomes.seed import seed
from participation import services
from participation.models import CheckInKind, SignUpStatus
from tests.factories import ParentFactory, make_user
from tests.participation.factories import OpportunityFactory, SignUpFactory

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def debriefed_parent(transactional_db):
    seed(Questionnaire, Question)  # a flushed database has lost the migration's seed
    sync_moments()
    Moment.objects.filter(key="participation.after_debrief").update(
        is_on=True, questionnaire=Questionnaire.objects.get(slug="after-taking-part")
    )
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    parent = ParentFactory(preferred_name="Jo", user__display_name="Jo")
    SignUpFactory(
        parent=parent,
        opportunity=OpportunityFactory(starts_at=timezone.now() - timedelta(hours=3)),
        status=SignUpStatus.TOOK_PART,
        debrief_due_on=timezone.localdate() + timedelta(days=2),
    )
    services.log_check_in(
        parent, by=manager, channel="phone", wellbeing=4, kind=CheckInKind.DEBRIEF
    )
    return parent


def test_parent_answers_after_a_debrief_on_a_phone(page, debriefed_parent):
    parent = debriefed_parent
    browser_sign_in(page, parent.user)
    panel = page.get_by_role("region", name="Questions for you")
    expect(panel).to_contain_text("There is 1 short set of questions for you")
    steps = 0

    panel.get_by_role("link", name="See the questions").click()
    steps += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions for you")
    assert_accessible(page)
    screenshot(page, "outcomes-my-questions")

    page.get_by_role("link", name="How did it go?").click()
    steps += 1
    expect(page.get_by_text("It takes about 1 minute")).to_be_visible()
    expect(page.get_by_role("button", name="Not today")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "outcomes-questionnaire")

    # Three answers, one "Skip this", the written question left empty: all optional.
    isolated = page.get_by_role("group", name="Taking part made me feel less isolated")
    isolated.get_by_label("Agree", exact=True).check()
    heard = page.get_by_role("group", name="I felt heard")
    heard.get_by_label("Strongly agree").check()
    confident = page.get_by_role("group", name="I feel more confident")
    confident.get_by_label("Agree", exact=True).check()
    confident.get_by_label("Skip this").check()  # changed their mind: no answer
    page.get_by_role("group", name="I was happy with how Pace supported me").get_by_label(
        "Strongly agree"
    ).check()
    steps += 5
    page.get_by_role("button", name="Send my answers").click()
    steps += 1

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    talk = page.get_by_role("region", name="Would you like to talk to someone?")
    expect(talk.get_by_role("link", name=parent_helpline_label(page))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "outcomes-thanks")
    # From their page to "Thank you": 8 taps, well under a minute.
    assert steps <= 8

    invitation = Invitation.objects.get(person=parent.user)
    assert invitation.status == InvitationStatus.ANSWERED
    assert sorted(invitation.answers.values_list("value", flat=True)) == [4, 5, 5]
    assert invitation.skipped_count == 2

    page.get_by_role("button", name="Ask Pace to ring me").click()
    expect(talk.get_by_role("status")).to_contain_text("Someone will call you")
    assert FollowUp.objects.filter(invitation=invitation, reason="talk").count() == 1

    page.goto("/my/questions/answers/")
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    expect(page.get_by_text("Strongly agree").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "outcomes-my-answers")


def parent_helpline_label(page) -> str:
    from pace_site.helpline import current

    return current().phone


def test_manager_follows_up_a_worrying_answer_and_edits_a_questionnaire(
    desktop_page, debriefed_parent
):
    from pace_site.outcomes import services as outcome_services
    from tests.helpers import give_totp

    page = desktop_page
    parent = debriefed_parent
    invitation = Invitation.objects.get(person=parent.user)
    outcome_services.ask_for_call(invitation, by=parent.user)
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Sam")
    give_totp(manager)
    browser_sign_in(page, manager)

    page.goto("/admin/")
    panel = page.locator(".participation-dashboard")
    expect(panel).to_contain_text("Answers to follow up: 1")
    assert_accessible(page, context=".participation-dashboard")
    panel.get_by_role("link", name="Offer a call").click()
    expect(page).to_have_url(re.compile(r"/admin/outcomes/follow-ups/$"))
    listing = page.locator("#listing-results")
    expect(listing).to_contain_text("asked to talk to someone")
    assert_accessible(page, context="#listing-results")
    screenshot(page, "outcomes-follow-ups")
    listing.get_by_role("link", name="Jo").click()
    expect(page.get_by_text("Offer the parent a call")).to_be_visible()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Marked as done.")).to_be_visible()
    assert FollowUp.objects.get(invitation=invitation).done_at is not None

    questionnaire = Questionnaire.objects.get(slug="after-taking-part")
    page.goto(f"/admin/outcomes/questionnaires/edit/{questionnaire.pk}/")
    expect(page.locator("#id_title")).to_have_value("How did it go?")
    page.locator("#id_title").fill("How did the activity go?")
    assert_accessible(page, context="main form")
    screenshot(page, "outcomes-questionnaire-edit")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("How did the activity go?").first).to_be_visible()
    questionnaire.refresh_from_db()
    assert questionnaire.title == "How did the activity go?"
    assert questionnaire.questions.count() == 5


def test_the_six_monthly_questions_read_well_on_a_phone(page, debriefed_parent):
    from pace_site.outcomes import services as outcome_services

    parent = debriefed_parent
    Moment.objects.filter(key="participation.six_monthly").update(
        is_on=True, questionnaire=Questionnaire.objects.get(slug="how-things-are")
    )
    Invitation.objects.filter(person=parent.user).delete()  # the debrief's, for a clear list
    invitation = outcome_services.invite(
        parent.user, moment="participation.six_monthly", about=parent, is_baseline=True
    )
    browser_sign_in(page, parent.user)
    page.goto(f"/my/questions/{invitation.pk}/")
    expect(page.get_by_text("It takes about 3 minutes")).to_be_visible()
    happy = page.get_by_role("group", name="Overall, how happy did you feel yesterday?")
    expect(happy.get_by_text("0 means not at all, 10 means completely.")).to_be_visible()
    happy.get_by_label("7", exact=True).check()
    page.get_by_role("group", name="How often do you feel left out?").get_by_label(
        "Hardly ever or never"
    ).check()
    assert_accessible(page)
    screenshot(page, "outcomes-six-monthly")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert sorted(
        Invitation.objects.get(pk=invitation.pk).answers.values_list("value", flat=True)
    ) == [1, 7]
