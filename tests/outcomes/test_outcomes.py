"""Questionnaires: who is asked when, the care in asking, the parent's pages, and erasure."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from pace_site.notifications.models import Notification
from pace_site.outcomes import services
from pace_site.outcomes.models import (
    Answer,
    FollowUp,
    Invitation,
    InvitationStatus,
    Moment,
    OutcomeSettings,
    Question,
    Questionnaire,
)
from pace_site.privacy.erasure.engine import erase
from participation import services as participation_services
from participation.models import CheckInKind, ParentStatus, SignUpStatus
from participation.outcomes import (
    AFTER_DEBRIEF,
    SIX_MONTHLY,
    ask_six_monthly,
    parents_due_six_monthly,
)
from participation.tasks import ask_parent_six_monthly, ask_six_monthly_questions
from tests.factories import ParentFactory
from tests.helpers import sign_in
from tests.participation.factories import OpportunityFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def took_part(parent):
    opportunity = OpportunityFactory(starts_at=timezone.now() - timedelta(hours=3))
    return SignUpFactory(
        parent=parent,
        opportunity=opportunity,
        status=SignUpStatus.TOOK_PART,
        debrief_due_on=timezone.localdate() + timedelta(days=2),
    )


def debrief(parent, manager):
    return participation_services.log_check_in(
        parent, by=manager, channel="phone", wellbeing=3, kind=CheckInKind.DEBRIEF
    )


def invited(parent, moments, slug="after-taking-part") -> Invitation:
    key = AFTER_DEBRIEF if slug == "after-taking-part" else SIX_MONTHLY
    return services.invite(parent.user, moment=key, about=parent)


def question(invitation, kind=None, distress=None) -> Question:
    questions = invitation.questionnaire.questions.all()
    if kind:
        questions = questions.filter(kind=kind)
    if distress is not None:
        questions = questions.filter(distress=distress)
    return questions.first()


# -- the seed ----------------------------------------------------------------------------------


def test_seeded_questionnaires_carry_sources_and_no_swemwbs(moments):
    how = Questionnaire.objects.get(slug="how-things-are")
    ons = how.questions.filter(instrument="ONS4 personal wellbeing")
    assert ons.count() == 4
    assert all(q.report_separately and "Open Government Licence" in q.source for q in ons)
    assert how.questions.filter(instrument="UCLA 3-item", kind="lonely3").count() == 3
    assert how.questions.filter(kind="often5", wording="How often do you feel lonely?").exists()
    assert how.questions.filter(outcome="safeguarding").exists()
    assert not Question.objects.filter(instrument__icontains="warwick").exists()
    after = Questionnaire.objects.get(slug="after-taking-part")
    assert after.questions.filter(outcome="less_isolated", kind="agree5").exists()
    # Running the seed again makes nothing more.
    from pace_site.outcomes.seed import seed

    assert seed(Questionnaire, Question) == 0


# -- moments -----------------------------------------------------------------------------------


def test_a_debrief_asks_the_parent_discreetly(parent, manager, moments):
    signup = took_part(parent)
    debrief(parent, manager)
    invitation = Invitation.objects.get(person=parent.user)
    assert invitation.moment == AFTER_DEBRIEF and invitation.subject_id == signup.pk
    assert invitation.question_count == 5
    message = Notification.objects.get(recipient=parent.user, kind="outcomes/invited")
    assert message.subject == "There is something new on your Pace page"
    assert "question" not in message.body.lower() and "debrief" not in message.body.lower()
    # A second debrief about the same sign-up asks nothing more.
    assert services.invite(parent.user, moment=AFTER_DEBRIEF, about=signup) is None
    assert Invitation.objects.filter(person=parent.user).count() == 1


def test_a_moment_switched_off_asks_nobody(parent, manager, moments):
    Moment.objects.filter(key=AFTER_DEBRIEF).update(is_on=False)
    took_part(parent)
    debrief(parent, manager)
    assert not Invitation.objects.exists()


def test_a_new_moment_starts_switched_off_and_the_demo_switches_it_on(parent, manager, users):
    """After migrate nobody is asked anything until staff switch a moment on; the demo site
    asks at every moment that has a questionnaire."""
    import io

    from pace_site.outcomes.demo import seed_demo
    from pace_site.outcomes.models import Question
    from pace_site.outcomes.moments import sync_moments
    from pace_site.outcomes.seed import seed

    Moment.objects.all().delete()
    seed(Questionnaire, Question)
    sync_moments()
    # Two for participation, one after an event, four for befriending (review and ending, each
    # for the parent and the befriender).
    assert Moment.objects.filter(questionnaire__isnull=False).count() == 7
    assert not Moment.objects.filter(is_on=True).exists()
    took_part(parent)
    debrief(parent, manager)
    assert not Invitation.objects.filter(person=parent.user).exists()

    seed_demo(users=users, stdout=io.StringIO())
    assert Moment.objects.filter(is_on=True).count() == 7


def test_a_paused_parent_is_never_asked(parent, moments):
    parent.status = ParentStatus.PAUSED
    parent.save()
    assert services.invite(parent.user, moment=SIX_MONTHLY, about=parent) is None
    assert not Notification.objects.filter(recipient=parent.user).exists()


def test_no_more_than_the_cap_of_questions_a_quarter(parent, moments):
    settings = OutcomeSettings.load()
    settings.max_questions_per_quarter = 16
    settings.save()
    assert services.invite(parent.user, moment=SIX_MONTHLY, about=parent)  # 12 questions
    signup = took_part(parent)
    # 12 + 5 would pass 16: not asked.
    assert services.invite(parent.user, moment=AFTER_DEBRIEF, about=signup) is None
    settings.max_questions_per_quarter = 17
    settings.save()
    assert services.invite(parent.user, moment=AFTER_DEBRIEF, about=signup)


def test_six_monthly_baseline_then_every_six_months(
    parent, moments, django_capture_on_commit_callbacks
):
    left = ParentFactory(status=ParentStatus.LEFT)
    assert list(parents_due_six_monthly()) == [parent]  # the parent who left is not due
    assert ask_parent_six_monthly(parent.pk) is True
    assert ask_parent_six_monthly(left.pk) is False
    first = Invitation.objects.get(person=parent.user, moment=SIX_MONTHLY)
    assert first.is_baseline and first.occasion == "baseline"
    assert not Invitation.objects.filter(person=left.user).exists()
    # Run again the same day: nothing more.
    assert ask_six_monthly_questions() == 0
    assert ask_parent_six_monthly(parent.pk) is False
    assert ask_six_monthly(parent) is None
    # Six months on, asked again, not as the baseline.
    Invitation.objects.filter(pk=first.pk).update(sent_at=timezone.now() - timedelta(days=183))
    second = ask_six_monthly(parent)
    assert second is not None and not second.is_baseline


# -- the parent's pages ------------------------------------------------------------------------


def test_parent_answers_with_skips(client, parent, moments):
    invitation = invited(parent, moments)
    sign_in(client, parent.user)
    page = client.get(reverse("outcomes:my_questions"))
    assert invitation.questionnaire.title in page.content.decode()
    url = reverse("outcomes:questionnaire", args=[invitation.pk])
    form = client.get(url).content.decode()
    assert "About 1 minute" in form or "about 1 minute" in form
    assert "Skip this" in form and "Not today" in form
    agree = question(invitation, kind="agree5")
    text = question(invitation, kind="text")
    response = client.post(url, {f"q{agree.pk}": "4", f"q{text.pk}": "It was good to be there."})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ANSWERED
    assert invitation.skipped_count == 3
    assert {(a.question_id, a.value, a.text) for a in invitation.answers.all()} == {
        (agree.pk, 4, ""),
        (text.pk, None, "It was good to be there."),
    }
    thanks = client.get(response["Location"]).content.decode()
    assert "helpline" in thanks and "Ask Pace to ring me" in thanks
    mine = client.get(reverse("outcomes:my_answers")).content.decode()
    assert "It was good to be there." in mine and "Agree" in mine


@pytest.mark.parametrize(
    "kind,value,message",
    [
        ("agree5", "6", "Please choose one of the answers given"),
        ("agree5", "x", "Please choose one of the answers given"),
        ("text", "<b>hi</b>", "plain words"),
        ("text", "a" * 2001, "at most 2000"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(client, parent, moments, kind, value, message):
    invitation = invited(parent, moments)
    sign_in(client, parent.user)
    target = question(invitation, kind=kind)
    response = client.post(
        reverse("outcomes:questionnaire", args=[invitation.pk]), {f"q{target.pk}": value}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPEN and not Answer.objects.exists()


def test_the_same_answers_sent_twice_count_once(client, parent, moments):
    invitation = invited(parent, moments)
    sign_in(client, parent.user)
    agree = question(invitation, kind="agree5")
    data = {f"q{agree.pk}": "5", "submission_key": str(uuid4())}
    url = reverse("outcomes:questionnaire", args=[invitation.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Answer.objects.count() == 1


def test_someone_elses_invitation_is_a_404(client, parent, moments):
    invitation = invited(parent, moments)
    other = ParentFactory()
    sign_in(client, other.user)
    for name in ("questionnaire", "put_off"):
        url = reverse(f"outcomes:{name}", args=[invitation.pk])
        assert client.get(url).status_code in (404, 405)
        assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPEN and invitation.put_off_at is None


def test_not_today_asks_again_once(client, parent, moments):
    invitation = invited(parent, moments)
    sign_in(client, parent.user)
    url = reverse("outcomes:put_off", args=[invitation.pk])
    client.post(url)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPEN
    assert invitation.ask_again_on == timezone.localdate() + timedelta(days=7)
    listing = client.get(reverse("outcomes:my_questions")).content.decode()
    assert invitation.questionnaire.title not in listing  # not until the day comes
    Invitation.objects.filter(pk=invitation.pk).update(ask_again_on=timezone.localdate())
    page = client.get(reverse("outcomes:questionnaire", args=[invitation.pk])).content.decode()
    assert "Not today" not in page and "No thank you" in page
    client.post(url)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


# -- care --------------------------------------------------------------------------------------


def test_a_worrying_answer_tells_the_managers_privately(client, parent, manager, moments):
    invitation = invited(parent, moments, slug="how-things-are")
    sign_in(client, parent.user)
    happy = question(invitation, distress="low")
    client.post(reverse("outcomes:questionnaire", args=[invitation.pk]), {f"q{happy.pk}": "1"})
    follow_up = FollowUp.objects.get(person=parent.user)
    assert follow_up.reason == FollowUp.Reason.DISTRESS
    alert = Notification.objects.get(recipient=manager, kind="outcomes/follow_up")
    assert alert.urgent and "Jo" not in alert.body and "happy" not in alert.body.lower()
    # The parent sees a thank-you, not an alarm.
    thanks = client.get(reverse("outcomes:thanks", args=[invitation.pk])).content.decode()
    assert "worry" not in thanks.lower() and "concern" not in thanks.lower()


@pytest.mark.parametrize(
    "pick,value,worrying",
    [
        ({"distress": "high"}, 7, True),
        ({"distress": "high"}, 6, False),
        ({"distress": "low"}, 4, False),
        ({"kind": "lonely3"}, 3, True),
        ({"kind": "lonely3"}, 2, False),
        ({"kind": "often5"}, 5, True),
    ],
)
def test_which_answers_are_worrying(parent, moments, pick, value, worrying):
    invitation = invited(parent, moments, slug="how-things-are")
    target = question(invitation, **pick)
    services.answer(invitation, answers={target.pk: value}, by=parent.user)
    assert FollowUp.objects.filter(invitation=invitation).exists() is worrying


def test_a_word_the_manager_keeps_raises_a_follow_up(parent, manager, moments):
    settings = OutcomeSettings.load()
    settings.worrying_words = "hopeless\ncan't cope\n"
    settings.save()
    invitation = invited(parent, moments)
    text = question(invitation, kind="text")
    services.answer(invitation, answers={text.pk: "Some days I can't cope."}, by=parent.user)
    assert FollowUp.objects.filter(invitation=invitation, reason="distress").exists()
    alert = Notification.objects.get(recipient=manager, kind="outcomes/follow_up")
    assert "cope" not in alert.body


def test_talk_to_someone_asks_the_managers_once(client, parent, manager, moments):
    invitation = invited(parent, moments)
    services.answer(invitation, answers={}, by=parent.user)
    sign_in(client, parent.user)
    url = reverse("outcomes:thanks", args=[invitation.pk])
    key = str(uuid4())
    client.post(url, {"submission_key": key})
    client.post(url, {"submission_key": key})
    client.post(url)
    assert FollowUp.objects.filter(reason="talk").count() == 1
    assert Notification.objects.filter(recipient=manager, kind="outcomes/follow_up").count() == 1
    assert "give you a ring" in client.get(url).content.decode()


# -- erasure -----------------------------------------------------------------------------------


def test_erasure_keeps_the_numbers_without_the_person(parent, manager, moments):
    invitation = invited(parent, moments)
    agree = question(invitation, kind="agree5")
    text = question(invitation, kind="text")
    services.answer(invitation, answers={agree.pk: 5, text.pk: "Private words"}, by=parent.user)
    services.ask_for_call(invitation, by=parent.user)
    erase(parent.user, by=manager)
    invitation.refresh_from_db()
    assert invitation.person_id is None and invitation.status == InvitationStatus.ANSWERED
    # Both rows stay for the counts; the written words are gone.
    assert set(Answer.objects.values_list("value", "text")) == {(5, ""), (None, "")}
    assert not FollowUp.objects.exists()


# -- the staff side ----------------------------------------------------------------------------


def test_staff_add_a_questionnaire_with_questions_inline(client, manager, moments):
    sign_in(client, manager)
    data = {
        "title": "After the residential",
        "slug": "after-residential",
        "purpose": "How the weekend went.",
        "minutes": "1",
        "is_active": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "1",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-wording": "I met someone who understands",
        "questions-0-kind": "agree5",
        "questions-0-outcome": "less_isolated",
        "questions-0-distress": "",
        "questions-0-instrument": "",
        "questions-0-source": "",
        "questions-0-ORDER": "1",
        "questions-0-id": "",
        "questions-0-DELETE": "",
    }
    response = client.post(reverse("outcomes_questionnaires:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Questionnaire.objects.get(slug="after-residential")
    assert [q.wording for q in made.questions.all()] == ["I met someone who understands"]


def test_a_moment_cannot_be_on_without_a_questionnaire(client, manager, moments):
    sign_in(client, manager)
    moment = moments[AFTER_DEBRIEF]
    url = reverse("outcomes_moments:edit", args=[moment.pk])
    response = client.post(url, {"is_on": "on", "questionnaire": ""})
    assert response.status_code == 200
    assert "Please choose the questionnaire" in response.content.decode()
    moment.refresh_from_db()
    assert moment.questionnaire is not None


# -- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("how_many", [1, 6])
def test_parent_list_and_answers_queries_do_not_grow(
    client, parent, moments, how_many, django_assert_max_num_queries
):
    for n in range(how_many):
        signup = took_part(parent)
        invitation = services.invite(parent.user, moment=AFTER_DEBRIEF, about=signup)
        if n % 2 == 0 and invitation:
            services.answer(
                invitation, answers={question(invitation, kind="agree5").pk: 3}, by=parent.user
            )
    OutcomeSettings.objects.update(max_questions_per_quarter=200)
    sign_in(client, parent.user)
    client.get(reverse("outcomes:my_questions"))  # warm the session and settings
    # session, user, roles, the waiting invitations with their questionnaires, any answered;
    # the page's own furniture (helpline setting, unread messages, menus): 9
    with django_assert_max_num_queries(9):
        assert client.get(reverse("outcomes:my_questions")).status_code == 200
    # the answered invitations, their answers with questions (prefetch): 9
    with django_assert_max_num_queries(9):
        assert client.get(reverse("outcomes:my_answers")).status_code == 200


@pytest.mark.parametrize("how_many", [1, 8])
def test_staff_listing_queries_do_not_grow(
    client, manager, moments, how_many, django_assert_max_num_queries
):
    for _n in range(how_many):
        parent = ParentFactory()
        invitation = services.invite(parent.user, moment=SIX_MONTHLY, about=parent)
        services.ask_for_call(invitation, by=parent.user)
    sign_in(client, manager)
    client.get(reverse("outcomes_follow_ups:index"))
    # Wagtail's frame (session, user, permissions, menus), count + one page of follow-ups with
    # their people, the filter, the audit row: 16 whatever the number of rows
    with django_assert_max_num_queries(16):
        response = client.get(reverse("outcomes_follow_ups:index"))
    assert response.status_code == 200
    client.get(reverse("outcomes_questionnaires:index"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("outcomes_questionnaires:index")).status_code == 200
    client.get(reverse("outcomes_moments:index"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("outcomes_moments:index")).status_code == 200


def test_put_off_questions_are_asked_again_once_on_their_day(parent, moments):
    from pace_site.outcomes.tasks import ask_again_about

    invitation = invited(parent, moments)
    services.put_off(invitation, by=parent.user)
    assert ask_again_about(invitation.pk) is False  # not yet: a week to wait
    Invitation.objects.filter(pk=invitation.pk).update(ask_again_on=timezone.localdate())
    before = Notification.objects.filter(recipient=parent.user, kind="outcomes/invited").count()
    assert list(Invitation.objects.to_ask_again()) == [invitation]
    assert ask_again_about(invitation.pk) is True
    assert ask_again_about(invitation.pk) is False  # once only
    after = Notification.objects.filter(recipient=parent.user, kind="outcomes/invited").count()
    assert after == before + 1


def test_a_parent_on_a_break_is_not_asked_again(parent, moments):
    invitation = invited(parent, moments)
    services.put_off(invitation, by=parent.user)
    Invitation.objects.filter(pk=invitation.pk).update(ask_again_on=timezone.localdate())
    parent.status = ParentStatus.PAUSED
    parent.save()
    before = Notification.objects.filter(recipient=parent.user).count()
    assert services.ask_again(invitation) is False
    assert Notification.objects.filter(recipient=parent.user).count() == before
    assert not Invitation.objects.to_ask_again().exists()


def test_an_answered_question_cannot_be_removed_or_change_kind(client, manager, parent, moments):
    invitation = invited(parent, moments)
    agree = question(invitation, kind="agree5")
    services.answer(invitation, answers={agree.pk: 4}, by=parent.user)
    questionnaire = invitation.questionnaire
    questions = list(questionnaire.questions.all())
    sign_in(client, manager)

    def post(change):
        data = {
            "title": questionnaire.title,
            "slug": questionnaire.slug,
            "purpose": questionnaire.purpose,
            "minutes": str(questionnaire.minutes),
            "is_active": "on",
            "questions-TOTAL_FORMS": str(len(questions)),
            "questions-INITIAL_FORMS": str(len(questions)),
            "questions-MIN_NUM_FORMS": "1",
            "questions-MAX_NUM_FORMS": "1000",
        }
        for i, q in enumerate(questions):
            data.update(
                {
                    f"questions-{i}-id": str(q.pk),
                    f"questions-{i}-ORDER": str(i + 1),
                    f"questions-{i}-wording": q.wording,
                    f"questions-{i}-kind": q.kind,
                    f"questions-{i}-outcome": q.outcome,
                    f"questions-{i}-distress": q.distress,
                    f"questions-{i}-instrument": q.instrument,
                    f"questions-{i}-source": q.source,
                    f"questions-{i}-DELETE": "",
                }
            )
        data.update(change)
        return client.post(reverse("outcomes_questionnaires:edit", args=[questionnaire.pk]), data)

    index = questions.index(agree)
    for change in ({f"questions-{index}-DELETE": "1"}, {f"questions-{index}-kind": "scale10"}):
        response = post(change)
        assert response.status_code == 200
        assert "cannot be removed" in response.content.decode()
        agree.refresh_from_db()
        assert agree.kind == "agree5"
    # Rewording it is fine.
    assert (
        post({f"questions-{index}-wording": "Taking part helped me feel less alone"}).status_code
        == 302
    )
    agree.refresh_from_db()
    assert agree.wording == "Taking part helped me feel less alone"
