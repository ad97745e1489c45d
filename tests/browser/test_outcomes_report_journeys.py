"""A manager opens the outcomes report on a desktop and on a phone, sees the charts beside their
tables, and downloads the same report as XLSX and PDF (both opened here and read back)."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from pace_site.accounts.roles import Role
from pace_site.outcomes.models import Answer, Invitation, Question, Questionnaire
from pace_site.outcomes.reports.periods import PeriodRule, period_for
from pace_site.outcomes.seed import seed
from participation.models import ParentStatus
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def quarter_of_answers(transactional_db):
    """In the last full quarter: 9 parents taking part, 6 on a break, 2 who left; 10 answered
    "How things are for you", 5 of them agreeing they feel less isolated."""
    seed(Questionnaire, Question)  # a flushed database has lost the migration's seed
    starts_on, _ends_on = period_for(PeriodRule.LAST_QUARTER, today=timezone.localdate())
    when = timezone.make_aware(
        datetime.datetime.combine(starts_on + datetime.timedelta(days=10), datetime.time(12))
    )
    questionnaire = Questionnaire.objects.get(slug="how-things-are")
    isolated = questionnaire.questions.get(outcome="less_isolated", kind="agree5")
    for n, status in enumerate(
        [ParentStatus.ACTIVE] * 9 + [ParentStatus.PAUSED] * 6 + ["left"] * 2
    ):
        parent = ParentFactory(status=status, joined_on=starts_on - datetime.timedelta(days=30))
        if n < 10:
            invitation = Invitation.objects.create(
                person=parent.user,
                questionnaire=questionnaire,
                moment="participation.six_monthly",
                sent_at=when,
                status="answered",
                answered_at=when,
            )
            Answer.objects.create(
                invitation=invitation, question=isolated, value=5 if n < 5 else 2, answered_at=when
            )
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Sam")
    give_totp(manager)
    return {"manager": manager, "starts_on": starts_on}


def _open_report(page, manager):
    browser_sign_in(page, manager)
    page.goto("/admin/outcomes/reports/")
    page.get_by_role("link", name="Open the report").click()
    expect(page.get_by_role("heading", name="About these figures")).to_be_visible()


def test_manager_reads_the_report_and_downloads_it(desktop_page, quarter_of_answers):
    page = desktop_page
    _open_report(page, quarter_of_answers["manager"])
    period = page.get_by_test_id("report-period")
    expect(period).to_contain_text("the last full quarter")
    parents = page.get_by_role("table", name="Parents in the core group")
    expect(parents.get_by_role("row", name="Taking part now")).to_contain_text("9")
    # 2 who left are hidden, and so is the next smallest part (6), so neither can be worked out
    expect(parents.get_by_role("row", name="Have left")).to_contain_text("fewer than 5")
    expect(parents.get_by_role("row", name="On a break now")).to_contain_text("fewer than 5")
    chart = page.get_by_role("img", name="Bar chart of parents in the core group")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute(
        "aria-label",
        "Bar chart of parents in the core group, number. Taking part now: 9; On a break now: fewer than 5; Have left: fewer than 5.",
    )
    outcomes = page.get_by_role("table", name="Outcome questions")
    expect(outcomes.get_by_role("row", name="I feel less isolated")).to_contain_text("50%")
    expect(page.get_by_role("img", name="Bar chart of outcome questions, share")).to_be_visible()
    assert_accessible(page, context=".report")
    screenshot(page, "outcomes-report-desktop")
    page.get_by_role("heading", name="Outcomes", exact=True).scroll_into_view_if_needed()
    screenshot(page, "outcomes-report-desktop-outcomes")

    with page.expect_download() as xlsx:
        page.get_by_role("button", name="Download XLSX").click()
    book = load_workbook(io.BytesIO(xlsx.value.path().read_bytes()))
    assert book.sheetnames[0] == "About this report"
    assert "Outcomes" in book.sheetnames
    about = {row[0]: row[1] for row in book["About this report"].iter_rows(values_only=True)}
    assert about["Period"].startswith("the last full quarter")

    page.get_by_label("Include written answers in the download (never with names)").check()
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download PDF").click()
    content = pdf.value.path().read_bytes()
    assert content.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    starts = quarter_of_answers["starts_on"]
    assert f"{starts.day} {starts:%b %Y}" in text
    assert "fewer than 5" in text

    page.get_by_role("link", name="Save to run again").click()
    expect(page.get_by_label("Period")).to_have_value("last_quarter")
    page.get_by_label("Name of the saved report").fill("Lottery, every quarter")
    assert_accessible(page, context=".report")
    screenshot(page, "outcomes-report-save")
    page.get_by_role("button", name="Save the report").click()
    expect(
        page.get_by_text("Saved. It is in the list below: choose its name to run it.")
    ).to_be_visible()
    page.get_by_role("link", name="Lottery, every quarter").click()
    expect(page.get_by_test_id("report-period")).to_contain_text("the last full quarter")


def test_the_report_reads_on_a_phone_and_says_what_is_wrong_with_a_date(page, quarter_of_answers):
    _open_report(page, quarter_of_answers["manager"])
    chart = page.get_by_role("img", name="Bar chart of parents in the core group")
    expect(chart).to_be_visible()
    assert_accessible(page, context=".report")
    chart.scroll_into_view_if_needed()
    screenshot(page, "outcomes-report-phone")

    page.get_by_label("Period").select_option("fixed")
    dates = page.get_by_role("group", name="From")
    dates.get_by_label("Day").fill("1")
    dates.get_by_label("Month").fill("4")
    dates.get_by_label("Year").fill("2026")
    dates = page.get_by_role("group", name="To")
    dates.get_by_label("Day").fill("31")
    dates.get_by_label("Month").fill("3")
    dates.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("The last day must be on or after the first day.")).to_be_visible()
    expect(page.get_by_role("heading", name="About these figures")).to_have_count(0)
    assert_accessible(page, context=".report")
    screenshot(page, "outcomes-report-phone-error")
