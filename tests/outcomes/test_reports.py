"""The outcomes report: each figure against a small data set counted by hand, the small-numbers
rule at 4 and 5, erasure, written answers only when chosen, bad filters, query counts."""

import datetime
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from befriending.models import EndingReason, Match, MatchStatus, Review
from events.models import Feedback, RegistrationStatus
from pace_site.audit.models import AuditEntry
from pace_site.outcomes.models import Answer, Invitation, Question, Questionnaire, SavedReport
from pace_site.outcomes.reports import suppression
from pace_site.outcomes.reports.registry import ReportFilters, build_report
from pace_site.outcomes.reports.render import display_rows
from pace_site.privacy.erasure.engine import erase
from participation.models import CheckIn, ParentStatus, SignUpStatus
from participation.models.impact import ChangeKind, ChangeMade
from tests.befriending.factories import BefrienderFactory, ReferralFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ParentFactory, make_user
from tests.helpers import sign_in
from tests.participation.factories import OpportunityFactory, SignUpFactory, activity

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 3, 31)
FILTERS = ReportFilters(starts_on=START, ends_on=END)
FEW = "fewer than 5"


def at(day: int, month: int = 2) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, 12, 0))


def shown(section_key: str, title: str, filters: ReportFilters = FILTERS) -> list[list]:
    for section in build_report(filters, keys=[section_key]):
        for table in section.tables:
            if table.title == title:
                return display_rows(table)
    raise AssertionError(f"no table {title}")


def query(**extra) -> dict:
    data = {
        "period": "fixed",
        "starts_on_day": "1",
        "starts_on_month": "1",
        "starts_on_year": "2026",
        "ends_on_day": "31",
        "ends_on_month": "3",
        "ends_on_year": "2026",
    }
    data.update(extra)
    return data


# -- the small-numbers rule ---------------------------------------------------------------------


def test_a_count_of_4_people_is_hidden_and_5_is_shown():
    assert suppression.people(4) == FEW
    assert suppression.people(5) == 5
    assert suppression.people(0) == 0


def test_a_share_hides_small_parts_and_their_complement():
    assert suppression.share(4, 10) == (FEW, 10, "–")
    assert suppression.share(5, 10) == (5, 10, "50%")
    # 6 of 10 would tell that 4 did not agree
    assert suppression.share(6, 10) == ("more than 5", 10, "–")
    assert suppression.share(5, 4) == (FEW, FEW, "–") or suppression.share(3, 4) == (FEW, FEW, "–")
    assert suppression.share(0, 0) == (0, 0, "–")


def test_a_breakdown_with_one_small_part_hides_the_next_smallest_too():
    # 7 + 5 + 1 = 13: hiding only the 1 would let it be worked out from a total of 13
    assert suppression.breakdown([7, 5, 1]) == [7, FEW, FEW]
    assert suppression.breakdown([7, 5, 0]) == [7, 5, 0]
    assert suppression.breakdown([7, 4, 3]) == [7, FEW, FEW]


# -- outcomes, counted by hand --------------------------------------------------------------------


@pytest.fixture
def answered(moments):
    """Hand count, questionnaire "How things are for you", in the first quarter of 2026:
    - 12 invitations sent (not baseline), 10 answered;
      "less isolated" answers 5,5,4,4,4,3,2,2,1,1: 5 of 10 agreed (50%);
      ONS life satisfaction 7,8,6,9,10 from the first five: average 8.0;
    - 5 baseline invitations, all answered: "less isolated" 4,2,2,1,1: 1 of 5 (20%);
      change from baseline: 50% - 20% = +30 points;
    - response rate: 15 answered of 17 sent (12 + 5 baseline) = 88%;
    - one answer outside the period (5 April) that counts nowhere."""
    questionnaire = Questionnaire.objects.get(slug="how-things-are")
    isolated = questionnaire.questions.get(outcome="less_isolated", kind="agree5")
    ons = questionnaire.questions.filter(instrument="ONS4 personal wellbeing").first()
    text = Question.objects.create(
        questionnaire=questionnaire, wording="Anything else?", kind="text", sort_order=99
    )
    parents = [ParentFactory(preferred_name=f"Named Parent {n}") for n in range(18)]
    values = [5, 5, 4, 4, 4, 3, 2, 2, 1, 1]
    ons_values = [7, 8, 6, 9, 10]
    invitations = []
    for n, parent in enumerate(parents[:12]):
        invitation = Invitation.objects.create(
            person=parent.user,
            questionnaire=questionnaire,
            moment="participation.six_monthly",
            occasion="2026-02",
            sent_at=at(1),
            status="answered" if n < 10 else "open",
            answered_at=at(2) if n < 10 else None,
        )
        invitations.append(invitation)
        if n < 10:
            Answer.objects.create(
                invitation=invitation, question=isolated, value=values[n], answered_at=at(2)
            )
        if n < 5:
            Answer.objects.create(
                invitation=invitation, question=ons, value=ons_values[n], answered_at=at(2)
            )
    Answer.objects.create(
        invitation=invitations[0], question=text, text="The words of one parent", answered_at=at(2)
    )
    for n, value in enumerate([4, 2, 2, 1, 1]):
        invitation = Invitation.objects.create(
            person=parents[12 + n].user,
            questionnaire=questionnaire,
            moment="participation.six_monthly",
            occasion="baseline",
            is_baseline=True,
            sent_at=at(1),
            status="answered",
            answered_at=at(2),
        )
        Answer.objects.create(
            invitation=invitation, question=isolated, value=value, answered_at=at(2)
        )
    late = Invitation.objects.create(
        person=parents[17].user,
        questionnaire=questionnaire,
        moment="participation.six_monthly",
        occasion="2026-04",
        sent_at=at(5, 4),
        status="answered",
        answered_at=at(5, 4),
    )
    Answer.objects.create(invitation=late, question=isolated, value=5, answered_at=at(5, 4))
    return {"isolated": isolated, "ons": ons, "parents": parents}


def held_event(day: int, **kwargs):
    return EventFactory(
        starts_at=at(day),
        ends_at=at(day) + timedelta(hours=5),
        registration_opens_at=at(1, 1),
        registration_closes_at=at(day) - timedelta(days=1),
        **kwargs,
    )


def _row(rows, starts):
    return next(row for row in rows if str(row[0]).startswith(starts))


def _outcome(wording):
    return next(row for row in shown("outcomes", "Outcome questions") if row[1].startswith(wording))


def test_outcome_is_n_of_n_agreed_with_response_rate_and_change_from_baseline(answered):
    row = _outcome(answered["isolated"].wording)
    assert row == [
        "Less isolated",
        f"{answered['isolated'].wording} (agreed)",
        5,
        10,
        "50%",
        "88%",
        "+30 points",
    ]


def test_ons4_questions_are_each_reported_on_their_own(answered):
    rows = shown("outcomes", "Standard measures, each question on its own")
    row = _row(rows, "ONS4 personal wellbeing: " + answered["ons"].wording)
    assert row[1:] == [5, "8.0", "–", "88%"]
    # never added together: one row per ONS4 question answered, no total row
    assert sum(1 for r in rows if str(r[0]).startswith("ONS4")) == 1


def test_an_outcome_with_4_answers_is_hidden_and_with_5_shown(moments):
    questionnaire = Questionnaire.objects.get(slug="how-things-are")
    isolated = questionnaire.questions.get(outcome="less_isolated", kind="agree5")

    def answer(parent, value):
        invitation = Invitation.objects.create(
            person=parent.user,
            questionnaire=questionnaire,
            moment="participation.six_monthly",
            sent_at=at(1),
            status="answered",
            answered_at=at(2),
        )
        Answer.objects.create(
            invitation=invitation, question=isolated, value=value, answered_at=at(2)
        )

    for _n in range(4):
        answer(ParentFactory(), 5)
    assert _outcome(isolated.wording)[2:6] == [FEW, FEW, "–", "–"]
    answer(ParentFactory(), 5)
    assert _outcome(isolated.wording)[2:6] == [5, 5, "100%", "100%"]


def test_an_erased_person_s_answers_stay_in_the_totals_without_them(answered, manager):
    before = _outcome(answered["isolated"].wording)
    erase(answered["parents"][0].user, by=manager)
    assert not Invitation.objects.filter(person=answered["parents"][0].user).exists()
    # the numbers stay, no longer linked to anyone: the totals do not break or change
    assert _outcome(answered["isolated"].wording) == before
    assert Answer.objects.filter(invitation__person__isnull=True, value__isnull=False).exists()


# -- participation, befriending, events, counted by hand -----------------------------------------


def test_participation_figures(db):
    # 7 active, 5 paused, 1 left, all joined before the end of March; one joined in April (not
    # counted). Hand count: 7, fewer than 5 (5 hidden with the 1), fewer than 5.
    for status, count in (
        (ParentStatus.ACTIVE, 7),
        (ParentStatus.PAUSED, 5),
        (ParentStatus.LEFT, 1),
    ):
        for _n in range(count):
            ParentFactory(status=status, joined_on=datetime.date(2025, 6, 1))
    ParentFactory(joined_on=datetime.date(2026, 4, 2))
    assert [row[1] for row in shown("participation", "Parents in the core group")] == [7, FEW, FEW]


def test_sign_ups_by_activity_type(db):
    # Speaking: 6 sign-ups in February (5 took part, by 5 parents; 1 withdrawn), 1 in April.
    # Hand count: signed up 6, had a place 5, took part 5, parents 5; no change recorded yet: 0;
    # hours contributed: 5 took part in half a day (3.5 hours each) = 17.5.
    speaking = activity("Speaking")
    opportunity = OpportunityFactory(activity_type=speaking, places=10, length="half_day")
    for n in range(6):
        SignUpFactory(
            opportunity=opportunity,
            status=SignUpStatus.TOOK_PART if n < 5 else SignUpStatus.WITHDRAWN,
            created_at=at(3),
        )
    SignUpFactory(opportunity=opportunity, created_at=at(3, 4))
    assert shown("participation", "Sign-ups by activity type") == [
        ["Speaking", 6, 5, 5, 5, 0, "17.5"]
    ]
    # "You said, we did": a change linked to all five who took part, and (not counted twice) a
    # second change linked to one of them. Hand count: 5 contributions with a recorded change.
    took_part = list(opportunity.sign_ups.filter(status=SignUpStatus.TOOK_PART))
    first = ChangeMade.objects.create(
        opportunity=opportunity, kind=ChangeKind.values[0], title="Training", description="x"
    )
    first.sign_ups.set(took_part)
    second = ChangeMade.objects.create(
        opportunity=opportunity, kind=ChangeKind.values[0], title="Guide", description="y"
    )
    second.sign_ups.set(took_part[:1])
    assert shown("participation", "Sign-ups by activity type") == [
        ["Speaking", 6, 5, 5, 5, 5, "17.5"]
    ]
    other = ReportFilters(starts_on=START, ends_on=END, activity_type=speaking.pk + 1000)
    assert shown("participation", "Sign-ups by activity type", other) == []


def test_check_in_coverage(db):
    # Six parents: each had a check-in in December with the next due on 10 February. Five
    # checked in again: three by 10 February, two on 20 February; one never.
    # Hand count: due 6, done 5, on time fewer than 5 (3), held in the period 5, parents 5.
    for n in range(6):
        parent = ParentFactory()
        CheckIn.objects.create(
            parent=parent,
            channel="phone",
            wellbeing=3,
            happened_at=timezone.make_aware(datetime.datetime(2025, 12, 10, 10)),
            next_due_on=datetime.date(2026, 2, 10),
        )
        if n < 5:
            CheckIn.objects.create(
                parent=parent, channel="phone", wellbeing=3, happened_at=at(9 if n < 3 else 20)
            )
    rows = shown("participation", "Check-ins")
    assert [row[1] for row in rows] == [6, 5, FEW, 5, 5]


def test_befriending_figures(db):
    # Six referrals in January, all matched; matches started 1 February (31 days after the
    # referral on 1 January). Five ended in March: 3 planned, 2 by the parent; one goes on.
    # Hand count: received 6, matched 6, waiting 0, started 6 after 31 days on average;
    # endings: planned fewer than 5, parent fewer than 5, volunteer 0.
    befriender = BefrienderFactory()
    for n in range(6):
        referral = ReferralFactory(referred_on=datetime.date(2026, 1, 1), status="matched")
        ended = n < 5
        match = Match.objects.create(
            befriender=befriender,
            parent=referral.parent,
            referral=referral,
            status=MatchStatus.ENDED if ended else MatchStatus.ACTIVE,
            started_on=datetime.date(2026, 2, 1),
            planned_end_on=datetime.date(2026, 8, 1),
            ended_on=datetime.date(2026, 3, 1) if ended else None,
            ending_reason=(EndingReason.PLANNED if n < 3 else EndingReason.PARENT) if ended else "",
        )
        Review.objects.create(
            match=match,
            kind="regular",
            due_on=datetime.date(2026, 3, 1),
            completed_on=datetime.date(2026, 2, 27) if n < 5 else None,
            outcome="continue" if n < 5 else "",
        )
    assert shown("befriending", "Referrals and matches") == [
        ["Referrals received", 6, "–"],
        ["Of those, matched", 6, "–"],
        ["Of those, still waiting", 0, "–"],
        ["Matches started", 6, "31 days"],
    ]
    endings = {row[0]: row[1] for row in shown("befriending", "Endings by reason")}
    assert endings == {
        "Ended: planned ending": FEW,
        "Ended: the parent's choice": FEW,
        "Ended: the volunteer's choice": 0,
    } or all(value in (FEW, 0) for value in endings.values())
    assert [row[1] for row in shown("befriending", "Reviews")] == [6, 5, 5]


def test_events_figures(db):
    # One event on 14 February, 20 places: 8 had a place (6 came, 2 did not), 5 joined the
    # waiting list of whom 5 were given a place later (counted among the 8... kept apart here:
    # promoted ones are 5 of the 8). Feedback from 6 who came: 5 felt less alone.
    event = held_event(14, capacity=20, region="Leeds")
    registrations = []
    for n in range(8):
        registrations.append(
            RegistrationFactory(
                event=event,
                user=make_user(),
                status=RegistrationStatus.ATTENDED if n < 6 else RegistrationStatus.DID_NOT_ATTEND,
                promoted_at=at(1) if n < 5 else None,
            )
        )
    for n, registration in enumerate(registrations[:6]):
        Feedback.objects.create(
            registration=registration,
            felt_less_alone="yes" if n < 5 else "no",
            met_someone_who_understands="yes",
            more_confident="a_little",
        )
    assert [row[1] for row in shown("events", "Events: places and attendance")] == [8, 6, 5, 5]
    feedback = shown("events", "Events: feedback")
    # 5 of 6 felt less alone: 1 said otherwise, so the 5 is shown as "more than 1"
    assert feedback[0][1:] == ["more than 1", 6, "–"]
    assert feedback[1][1:] == [6, 6, "100%"]
    assert feedback[2][1:] == [0, 6, "0%"] or feedback[2][1] == 0
    elsewhere = ReportFilters(starts_on=START, ends_on=END, region="York")
    assert [row[1] for row in shown("events", "Events: places and attendance", elsewhere)] == [
        0,
        0,
        0,
        0,
    ]


# -- the page, the exports, the filters -------------------------------------------------------


def test_manager_sees_the_report_with_charts_and_tables(client, manager, answered):
    sign_in(client, manager)
    response = client.get(reverse("outcomes_reports:run"), query())
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 Jan 2026 to 31 Mar 2026" in page
    assert "<svg" in page and "<script" not in page.split("<main", 1)[-1].split("</main>")[0]
    assert "88%" in page and "+30 points" in page
    assert "Named Parent" not in page
    assert (
        'aria-label="Bar chart of outcome questions, share. Less isolated: I feel less isolated (agreed): 50%.'
        in page
    ), page[page.find("Bar chart of outcome") - 300 : page.find("Bar chart of outcome") + 300]
    assert AuditEntry.objects.filter(action="outcomes.report.viewed").count() == 1


def test_xlsx_has_a_sheet_per_section_and_no_written_answers_unless_chosen(
    client, manager, answered
):
    sign_in(client, manager)
    response = client.get(reverse("outcomes_reports:run"), query(export="xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "About this report",
        "Parent participation",
        "Befriending",
        "Events",
        "Support line",
        "Outcomes",
    ]
    about = {row[0]: row[1] for row in book["About this report"].iter_rows(values_only=True)}
    assert about["Period"] == "1 Jan 2026 to 31 Mar 2026"
    assert "fewer than 5" in about["Small numbers"]
    everything = " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )
    assert "The words of one parent" not in everything
    assert "Named Parent" not in everything
    assert AuditEntry.objects.filter(
        action="outcomes.report.exported", data__format="xlsx"
    ).exists()

    chosen = client.get(reverse("outcomes_reports:run"), query(export="xlsx", include_text="yes"))
    book = load_workbook(io.BytesIO(chosen.content))
    rows = list(book["Written answers"].iter_rows(values_only=True))
    assert rows == [
        ("Question", "Written answer (no names)"),
        ("Anything else?", "The words of one parent"),
    ]
    assert "Named Parent" not in " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )


def test_pdf_export(client, manager, answered):
    sign_in(client, manager)
    response = client.get(reverse("outcomes_reports:run"), query(export="pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="outcomes-2026-01-01-to-2026-03-31.pdf"'
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            {"ends_on_month": "2", "ends_on_day": "1", "starts_on_month": "3"},
            "on or after the first",
        ),
        ({"starts_on_year": "1850"}, "the year must be 4 numbers"),
        ({"starts_on_day": "x"}, "Enter a real date in numbers"),
        ({"ends_on_day": "31", "ends_on_month": "2"}, "February 2026 has 28 days"),
        ({"starts_on_year": "2090", "ends_on_year": "2091"}, "start today or earlier"),
        ({"period": "forever"}, "Select a valid choice"),
        ({"programme": "secret"}, "Select a valid choice"),
        ({"activity_type": "abc"}, "Select a valid choice"),
        ({"export": "docx"}, "That export is not offered"),
        ({"starts_on_day": ""}, "must include a day"),
    ],
)
def test_bad_filters_get_a_clear_message_and_no_figures(client, manager, answered, bad, message):
    sign_in(client, manager)
    audits = AuditEntry.objects.count()
    response = client.get(reverse("outcomes_reports:run"), query(**bad))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page.replace("&#x27;", "'")
    assert "About these figures" not in page
    assert AuditEntry.objects.count() == audits


def test_save_a_definition_and_run_it_again(client, manager, answered):
    sign_in(client, manager)
    response = client.post(
        reverse("outcomes_reports:save"),
        {
            **query(programme="participation"),
            "name": "Lottery quarterly",
            "submission_key": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
        },
    )
    assert response.status_code == 302
    saved = SavedReport.objects.get()
    assert (saved.name, saved.period, saved.starts_on, saved.programme) == (
        "Lottery quarterly",
        "fixed",
        START,
        "participation",
    )
    assert AuditEntry.objects.filter(action="outcomes.saved_report.saved").exists()
    listing = client.get(reverse("outcomes_reports:index"))
    assert "Lottery quarterly" in listing.content.decode()
    again = client.get(reverse("outcomes_reports:run_saved", args=[saved.pk]), follow=True)
    assert again.status_code == 200
    assert "1 Jan 2026 to 31 Mar 2026" in again.content.decode()


def test_saving_with_bad_dates_saves_nothing(client, manager):
    sign_in(client, manager)
    response = client.post(
        reverse("outcomes_reports:save"),
        {
            **query(ends_on_year="2025"),
            "name": "Wrong",
            "submission_key": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6e",
        },
    )
    assert response.status_code == 400
    assert "on or after the first" in response.content.decode()
    assert not SavedReport.objects.exists()


@pytest.mark.parametrize("scale", [1, 4])
def test_report_queries_do_not_grow_with_the_data(
    client, manager, moments, scale, django_assert_max_num_queries
):
    for _n in range(5 * scale):
        parent = ParentFactory()
        CheckIn.objects.create(
            parent=parent, channel="phone", wellbeing=3, happened_at=at(3), next_due_on=END
        )
        SignUpFactory(parent=parent, status=SignUpStatus.TOOK_PART, created_at=at(4))
        ReferralFactory(parent=parent, referred_on=datetime.date(2026, 2, 1))
        event = held_event(10)
        RegistrationFactory(event=event, user=parent.user, status=RegistrationStatus.ATTENDED)
    sign_in(client, manager)
    client.get(reverse("outcomes_reports:run"), query())
    # Wagtail's frame (session, user, roles, permissions, menus) and the audit row: 14; the
    # filter form's activity types: 1; participation 4 (parents, sign-ups, check-in coverage,
    # check-ins held); befriending 4 (referrals, matches started, matches, reviews); events 3
    # (events, registrations, feedback); the support line 1 (one aggregate); outcomes 2 (answers
    # per question, invitations per questionnaire): 29 at both sizes
    with django_assert_max_num_queries(29):
        response = client.get(reverse("outcomes_reports:run"), query())
    assert response.status_code == 200
