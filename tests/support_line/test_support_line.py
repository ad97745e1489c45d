"""The support line's tally: staff record a contact without anyone's name, bad input changes
nothing, a double click records once, a mistake can be removed, and the outcomes report counts
it as the "other" programme."""

import datetime
from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.outcomes.reports.registry import ReportFilters, build_report
from pace_site.outcomes.reports.render import display_rows
from support_line.models import SupportContact
from support_line.services import SupportLineError, record_contact
from tests.factories import make_user
from tests.helpers import give_totp, sign_in

pytestmark = pytest.mark.django_db

RECORD = "support_line_contacts:record"


@pytest.fixture
def manager(client):
    user = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(user)
    sign_in(client, user)
    return user


def form(**changes) -> dict:
    today = timezone.localdate()
    data = {
        "happened_on_day": str(today.day),
        "happened_on_month": str(today.month),
        "happened_on_year": str(today.year),
        "channel": "phone",
        "caller": "parent_or_carer",
        "concern": "criminal_exploitation",
        "minutes": "20",
        "region": "Leeds",
        "first_contact": "on",
        "referred_to": "befriending",
        "submission_key": str(uuid4()),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_manager_records_a_contact_and_sees_it_in_the_tally(client, manager):
    response = client.post(reverse(RECORD), form())
    assert response.status_code == 302
    assert response["Location"] == reverse("support_line_contacts:index")
    contact = SupportContact.objects.get()
    assert (contact.channel, contact.minutes, contact.region) == ("phone", 20, "Leeds")
    assert contact.first_contact and contact.referred_to == "befriending"
    assert contact.recorded_by == manager
    entry = AuditEntry.objects.get(action="support_line.contact.recorded")
    assert entry.object_id == str(contact.pk) and entry.user == manager
    page = client.get(reverse("support_line_contacts:index")).content.decode()
    assert "Phone call" in page and "Befriending" in page and "Leeds" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"channel": None}, "Please choose one."),
        ({"channel": "fax"}, "Please choose from the list."),
        ({"minutes": "twenty"}, "Please write the minutes as a number"),
        ({"minutes": "0"}, "at least 1 minute"),
        ({"minutes": "601"}, "at most 600 minutes"),
        ({"minutes": None}, "Please say how many minutes"),
        ({"region": "<script>alert(1)</script>"}, "plain words only"),
        ({"region": "x" * 101}, "at most 100 characters"),
        ({"happened_on_day": "31", "happened_on_month": "2"}, "Enter a real date"),
        ({"happened_on_year": "3026"}, "That date is in the future."),
        ({"happened_on_year": "1999"}, "Contacts are recorded within a year"),
        (
            {"happened_on_day": None, "happened_on_month": None, "happened_on_year": None},
            "Enter the date",
        ),
        ({"submission_key": "not-a-key"}, ""),
    ],
)
def test_bad_input_gets_a_plain_message_and_records_nothing(client, manager, changes, message):
    response = client.post(reverse(RECORD), form(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert not SupportContact.objects.exists()
    assert not AuditEntry.objects.filter(action="support_line.contact.recorded").exists()


def test_the_same_form_sent_twice_records_once(client, manager):
    data = form()
    first = client.post(reverse(RECORD), data)
    again = client.post(reverse(RECORD), data)
    assert first.status_code == again.status_code == 302
    assert SupportContact.objects.count() == 1


def test_a_contact_recorded_by_mistake_is_removed_once(client, manager):
    contact = record_contact(
        by=manager,
        happened_on=timezone.localdate(),
        channel="email",
        caller="professional",
        concern="not_sure",
        minutes=10,
    )
    url = reverse("support_line_contacts:remove", args=[contact.pk])
    page = client.get(url).content.decode()
    assert "Only for a contact recorded by mistake" in page and 'class="button no"' in page
    assert client.post(url, {"submission_key": str(uuid4())}).status_code == 302
    assert not SupportContact.objects.exists()
    assert AuditEntry.objects.filter(action="support_line.contact.removed").count() == 1
    assert client.post(url, {"submission_key": str(uuid4())}).status_code == 404


def test_the_database_refuses_minutes_out_of_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportContact.objects.create(
            happened_on=timezone.localdate(),
            channel="phone",
            caller="other",
            concern="other",
            minutes=0,
        )


def test_the_service_refuses_a_date_out_of_range_whoever_calls_it():
    by = make_user(Role.PARTICIPATION_MANAGER)
    for day in (timezone.localdate() + timedelta(days=1), datetime.date(2020, 1, 1)):
        with pytest.raises(SupportLineError):
            record_contact(
                by=by, happened_on=day, channel="phone", caller="other", concern="other", minutes=5
            )
    assert not SupportContact.objects.exists()


def _contacts(count: int, **fields) -> None:
    SupportContact.objects.bulk_create(
        SupportContact(
            happened_on=fields.get("happened_on", timezone.localdate()),
            channel=fields.get("channel", "phone"),
            caller="parent_or_carer",
            concern=fields.get("concern", "sexual_exploitation"),
            region=fields.get("region", "Leeds"),
            minutes=30,
            first_contact=fields.get("first_contact", False),
            referred_to=fields.get("referred_to", "none"),
        )
        for _ in range(count)
    )


def test_the_tally_listing_costs_the_same_queries_at_two_sizes(
    client, manager, django_assert_max_num_queries
):
    url = reverse("support_line_contacts:index")
    _contacts(5)
    client.get(url)
    # session, user, roles and Wagtail's permission checks, the count, the page of rows, the
    # filters' choices, the session save: the same whatever the number of rows.
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    _contacts(60)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_the_report_counts_the_support_line_as_the_other_programme(
    django_assert_max_num_queries,
):
    day = datetime.date(2026, 2, 10)
    _contacts(7, happened_on=day, first_contact=True, referred_to="befriending")
    _contacts(5, happened_on=day, channel="email", concern="criminal_exploitation")
    _contacts(3, happened_on=day, region="York")
    _contacts(9, happened_on=datetime.date(2025, 12, 31))  # before the period
    filters = ReportFilters(
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 3, 31), programme="other"
    )
    with django_assert_max_num_queries(1):  # one aggregate, whatever the number of contacts
        sections = build_report(filters, keys=["support_line"])
    keys = {section.key for section in build_report(filters)}
    assert "support_line" in keys and not keys & {"participation", "befriending", "events"}
    tables = {table.title: display_rows(table) for table in sections[0].tables}
    assert tables["Support line contacts"][:2] == [
        ["Contacts in the period", 15],
        ["First time in touch with Pace", 7],
    ]
    assert ["Phone call", 10] in tables["How they got in touch"]
    assert ["E-mail", 5] in tables["How they got in touch"]
    assert ["Befriending", 7] in tables["Where it led"]
    york = build_report(
        ReportFilters(
            starts_on=filters.starts_on, ends_on=filters.ends_on, programme="other", region="york"
        ),
        keys=["support_line"],
    )
    rows = display_rows(york[0].tables[0])
    assert rows[0][0] == "Contacts in the period" and rows[0][1] != 15
    assert not any(
        section.key == "support_line"
        for section in build_report(
            ReportFilters(
                starts_on=filters.starts_on, ends_on=filters.ends_on, programme="participation"
            )
        )
    )


def test_the_demo_tally_is_a_year_of_contacts_made_once():
    from io import StringIO

    from django.core.management.base import OutputWrapper

    from support_line.demo import seed_demo

    users = {Role.PARTICIPATION_MANAGER: make_user(Role.PARTICIPATION_MANAGER)}
    seed_demo(users=users, stdout=OutputWrapper(StringIO()))
    seed_demo(users=users, stdout=OutputWrapper(StringIO()))
    assert SupportContact.objects.count() == 150
    oldest = SupportContact.objects.order_by("happened_on").first().happened_on
    assert oldest >= timezone.localdate() - timedelta(days=365)
