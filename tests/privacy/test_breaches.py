"""The breach log: Administrators record a breach, assess it, report it within 72 hours, tell
the people affected and close it; the dashboard shows the clock; bad input changes nothing."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.privacy import breaches as services
from pace_site.privacy.models import Breach, BreachRisk
from pace_site.privacy.workspace.breach_panel import BreachClockPanel
from tests.factories import make_user
from tests.helpers import keyed_form, sign_in

pytestmark = pytest.mark.django_db


def local(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def admin():
    return make_user(Role.ADMINISTRATOR, display_name="Ade")


@pytest.fixture
def admin_client(client, admin):
    sign_in(client, admin)
    return client


def make_breach(by, *, hours_ago=10, **kwargs) -> Breach:
    return services.record_breach(
        what_happened="A letter went to the wrong address.",
        discovered_at=timezone.now() - timedelta(hours=hours_ago),
        data_kinds=["contact"],
        by=by,
        **kwargs,
    )


def record_form(**overrides) -> dict:
    data = {
        "what_happened": "A spreadsheet of contact details was e-mailed to a partner by mistake.",
        "discovered_at": local(timezone.now() - timedelta(hours=2)),
        "happened_at": "",
        "affected_emails": "",
        "others_affected": "0",
        "data_kinds": ["contact", "special"],
    }
    data.update(overrides)
    return keyed_form(**data)


def test_an_administrator_records_a_breach_and_the_clock_starts(admin_client, admin):
    parent = make_user(Role.PARENT, email="holly@example.org")
    url = reverse("privacy_breaches:record")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url, record_form(affected_emails="Holly@example.org\n\n", others_affected="3")
    )

    breach = Breach.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy_breaches:inspect", args=[breach.pk])
    assert list(breach.people_affected.all()) == [parent]
    assert (breach.others_affected, breach.data_kinds) == (3, ["contact", "special"])
    assert breach.discovered_by == admin
    page = admin_client.get(response["Location"]).content.decode()
    assert "69 hours left to report to the ICO" in page or "70 hours left" in page
    assert "spreadsheet of contact details" in page
    entry = AuditEntry.objects.get(action="privacy.breach.recorded")
    assert entry.data == {"people": 1, "others": 3, "kinds": ["contact", "special"]}
    assert AuditEntry.objects.filter(action="privacy.breach.viewed").count() == 1


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"what_happened": ""}, "This field is required"),
        ({"what_happened": "<script>alert(1)</script>"}, "plain words only"),
        ({"what_happened": "x" * 4001}, "at most 4000 characters"),
        ({"discovered_at": ""}, "Enter the date and time"),
        ({"discovered_at": "yesterday"}, "Enter a real date in numbers"),
        ({"discovered_at": "2999-01-01T10:00"}, "That is in the future"),
        ({"discovered_at": "1990-01-01T10:00"}, "more than five years ago"),
        ({"happened_at": local(timezone.now())}, "cannot have happened after we found out"),
        ({"affected_emails": "not an address"}, "one e-mail address on each line"),
        ({"affected_emails": "nobody@example.org"}, "belong to nobody here"),
        ({"others_affected": "-1"}, "greater than or equal to 0"),
        ({"others_affected": "many"}, "Enter a whole number"),
        ({"data_kinds": []}, "Choose at least one kind"),
        ({"data_kinds": ["gossip"]}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_records_nothing(admin_client, overrides, says):
    response = admin_client.post(reverse("privacy_breaches:record"), record_form(**overrides))
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not Breach.objects.exists()


def test_the_same_form_sent_twice_records_one_breach(admin_client):
    data = record_form()
    first = admin_client.post(reverse("privacy_breaches:record"), data)
    second = admin_client.post(reverse("privacy_breaches:record"), data)
    assert first.status_code == second.status_code == 302
    assert Breach.objects.count() == 1


def test_assess_report_tell_and_close(admin_client, admin):
    make_user(Role.PARENT, email="told@example.org")
    breach = make_breach(admin, others_affected=2)
    assess = reverse("privacy_breaches:assess", args=[breach.pk])
    response = admin_client.post(
        assess,
        keyed_form(risk="risk", notes="Addresses seen by a partner.", must_report="no"),
    )
    assert response.status_code == 400
    assert "must be reported within 72 hours" in response.content.decode()

    admin_client.post(
        assess, keyed_form(risk="high_risk", notes="Addresses seen.", must_report="yes")
    )
    breach.refresh_from_db()
    assert (breach.risk, breach.must_report, breach.assessed_by) == ("high_risk", True, admin)

    # Closing before the report is refused, and says why.
    close = reverse("privacy_breaches:close", args=[breach.pk])
    response = admin_client.post(close, keyed_form(), follow=True)
    assert "Record the report to the ICO before closing" in response.content.decode()

    reported = reverse("privacy_breaches:reported", args=[breach.pk])
    too_early = local(breach.discovered_at - timedelta(hours=1))
    response = admin_client.post(reported, keyed_form(reported_at=too_early, reference="ICO-1"))
    assert "cannot be before we found out" in response.content.decode()
    response = admin_client.post(
        reported, keyed_form(reported_at=local(timezone.now()), reference="<b>x</b>")
    )
    assert response.status_code == 400
    admin_client.post(reported, keyed_form(reported_at=local(timezone.now()), reference="ICO-77"))
    breach.refresh_from_db()
    assert breach.ico_reference == "ICO-77"
    assert AuditEntry.objects.get(action="privacy.breach.reported").data == {"in_time": True}

    told = reverse("privacy_breaches:people_told", args=[breach.pk])
    admin_client.post(told, keyed_form(told_at=local(timezone.now()), how="letter"))
    admin_client.post(close, keyed_form())
    breach.refresh_from_db()
    assert breach.people_told_how == "letter"
    assert breach.closed_at is not None and breach.closed_by == admin
    page = admin_client.get(reverse("privacy_breaches:inspect", args=[breach.pk])).content
    assert b"hours left" not in page and b"Reported on" in page


def test_a_breach_without_risk_may_go_unreported_with_the_reason(admin):
    breach = make_breach(admin)
    with pytest.raises(services.BreachError, match="Say why"):
        services.assess_breach(
            breach, risk="no_risk", notes="n", must_report=False, not_reported_reason="", by=admin
        )
    services.assess_breach(
        breach,
        risk=BreachRisk.NO_RISK,
        notes="The letter was returned unopened.",
        must_report=False,
        not_reported_reason="Returned unopened: nobody saw it.",
        by=admin,
    )
    assert not Breach.objects.awaiting_report().exists()
    services.close_breach(breach, by=admin)
    with pytest.raises(services.BreachError, match="closed"):
        services.mark_people_told(breach, told_at=timezone.now(), how="phone", by=admin)


@pytest.mark.parametrize(
    "change",
    [
        {"happened_at": "after"},
        {"must_report": False, "risk": BreachRisk.HIGH_RISK, "not_reported_reason": "no"},
        {"reported_at": "before", "must_report": True, "ico_reference": "X"},
        {"reported_at": "after", "must_report": True, "ico_reference": ""},
        {"people_told_at": "after", "people_told_how": ""},
        {"closed_at": "after"},
    ],
)
def test_the_database_keeps_the_log_consistent(admin, change):
    breach = make_breach(admin)
    moments = {
        "after": breach.discovered_at + timedelta(hours=1),
        "before": breach.discovered_at - timedelta(hours=1),
    }
    for name, value in change.items():
        setattr(breach, name, moments.get(value, value) if isinstance(value, str) else value)
    with pytest.raises(IntegrityError), transaction.atomic():
        breach.save()


def test_the_dashboard_shows_hours_left_and_hours_overdue(admin_client, admin):
    make_breach(admin, hours_ago=10)
    late = make_breach(admin, hours_ago=80)
    done = make_breach(admin, hours_ago=100)
    services.assess_breach(
        done, risk="no_risk", notes="n", must_report=False, not_reported_reason="r", by=admin
    )
    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Data breaches: the 72-hour clock" in page
    assert "61 hours left to report to the ICO" in page or "62 hours left" in page
    assert "is 8 hours overdue" in page or "is 9 hours overdue" in page
    assert f"Breach {late.pk}" in page and f"Breach {done.pk}<" not in page


def test_the_dashboard_clock_is_for_administrators_only(client):
    make_breach(None)
    manager = make_user(Role.PARTICIPATION_MANAGER)
    sign_in(client, manager)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "72-hour clock" not in page
    assert client.get(reverse("privacy_breaches:index")).status_code in (302, 403)


def test_an_unknown_breach_is_a_404(admin_client):
    assert admin_client.get(reverse("privacy_breaches:inspect", args=[999999])).status_code == 404
    url = reverse("privacy_breaches:assess", args=[999999])
    assert admin_client.post(url, keyed_form(risk="risk")).status_code == 404


@pytest.mark.parametrize("count", [2, 25])
def test_dashboard_panel_queries_do_not_grow(admin, count, rf, django_assert_max_num_queries):
    for n in range(count):
        make_breach(admin, hours_ago=n)
    request = rf.get("/admin/")
    request.user = admin
    # The first ten breaches on the clock, and how many there are in all.
    with django_assert_max_num_queries(2):
        html = BreachClockPanel().render_html({"request": request})
    assert html.count("hours left") + html.count("overdue") == min(count, 10)


@pytest.mark.parametrize("count", [2, 25])
def test_the_listing_queries_do_not_grow(admin_client, admin, count, django_assert_max_num_queries):
    for n in range(count):
        make_breach(admin, hours_ago=n)
    admin_client.get(reverse("privacy_breaches:index"))  # sessions and permissions cached
    # Session, user, its second step, groups and permissions, the page's rows and their count,
    # the audit row, Wagtail's menu and its own checks: 17 however many breaches there are.
    with django_assert_max_num_queries(17):
        response = admin_client.get(reverse("privacy_breaches:index"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("step", "data", "says"),
    [
        ("assess", {}, "Choose how serious it is"),
        ("assess", {"risk": "risk", "must_report": "yes", "notes": ""}, "This field is required"),
        ("assess", {"risk": "fatal", "must_report": "yes", "notes": "n"}, "Select a valid choice"),
        (
            "assess",
            {"risk": "no_risk", "must_report": "no", "notes": "n"},
            "Say why it does not need reporting",
        ),
        ("assess", {"risk": "risk", "must_report": "yes", "notes": "<i>x</i>"}, "plain words"),
        ("people_told", {"told_at": "2999-01-01T09:00", "how": "phone"}, "in the future"),
        ("people_told", {"told_at": "31/02/2026", "how": "phone"}, "Enter a real date"),
        ("people_told", {"told_at": "", "how": "pigeon"}, "Select a valid choice"),
        ("reported", {"reported_at": "", "reference": ""}, "Enter the reference the ICO gave"),
        ("reported", {"reported_at": "now", "reference": "ICO-1"}, "Enter a real date"),
        ("reported", {"reported_at": "2026-01-01T09:00", "reference": "x" * 41}, "at most 40"),
    ],
)
def test_bad_input_on_a_step_changes_nothing(admin_client, admin, step, data, says):
    breach = make_breach(admin, others_affected=1)
    before = Breach.objects.filter(pk=breach.pk).values().get()
    response = admin_client.post(
        reverse(f"privacy_breaches:{step}", args=[breach.pk]), keyed_form(**data)
    )
    assert response.status_code == 400
    assert says in response.content.decode()
    assert Breach.objects.filter(pk=breach.pk).values().get() == before


def test_a_step_sent_twice_acts_once(admin_client, admin):
    breach = make_breach(admin, others_affected=1)
    url = reverse("privacy_breaches:people_told", args=[breach.pk])
    data = keyed_form(told_at=local(timezone.now()), how="phone")
    first = admin_client.post(url, data)
    second = admin_client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert AuditEntry.objects.filter(action="privacy.breach.people_told").count() == 1


def test_telling_people_needs_someone_affected(admin):
    breach = make_breach(admin)
    with pytest.raises(services.BreachError, match="No one is recorded"):
        services.mark_people_told(breach, told_at=timezone.now(), how="phone", by=admin)


@pytest.mark.parametrize("people", [1, 25])
def test_the_record_page_queries_do_not_grow(
    admin_client, admin, people, django_assert_max_num_queries
):
    affected = [make_user(Role.PARENT) for _ in range(people)]
    breach = make_breach(admin, people_affected=affected)
    url = reverse("privacy_breaches:inspect", args=[breach.pk])
    admin_client.get(url)  # sessions and permissions cached
    # Session, user, its second step, permissions, the breach with who recorded, assessed and
    # closed it, the people affected in one query, the audit row, Wagtail's menu.
    with django_assert_max_num_queries(17):
        response = admin_client.get(url)
    page = response.content.decode()
    assert all(person.email in page for person in affected)


def test_the_listing_shows_each_breachs_clock(admin_client, admin):
    make_breach(admin, hours_ago=2)
    make_breach(admin, hours_ago=75)
    decided = make_breach(admin)
    services.assess_breach(
        decided, risk="no_risk", notes="n", must_report=False, not_reported_reason="r", by=admin
    )
    page = admin_client.get(reverse("privacy_breaches:index")).content.decode()
    assert "69 hours left" in page or "70 hours left" in page
    assert "3 hours overdue" in page or "4 hours overdue" in page
    assert "not needed" in page
    assert reverse("privacy_breaches:record") in page
