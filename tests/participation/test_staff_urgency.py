"""Staff see what is urgent first, marked in words (issue 14, item 7)."""

import datetime
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from participation.models import SignUpStatus
from tests.factories import ParentFactory, make_user

from .factories import CheckInFactory, OpportunityFactory, SignUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(signed_in_client):
    return signed_in_client(make_user(Role.PARTICIPATION_MANAGER))


def text(response) -> str:
    return response.content.decode()


def timeline(client, parent) -> str:
    return text(client.get(reverse("participation_parents:inspect", args=[parent.pk])))


def test_an_overdue_check_in_debrief_and_call_are_flagged_on_the_timeline(manager_client):
    today = timezone.localdate()
    parent = ParentFactory(preferred_name="Jo", check_in_due_on=today - timedelta(days=3))
    SignUpFactory(
        parent=parent,
        opportunity=OpportunityFactory(title="Talk to officers"),
        status=SignUpStatus.TOOK_PART,
        debrief_due_on=today - timedelta(days=2),
    )
    CheckInFactory(parent=parent, wants_call=True, happened_at=timezone.now() - timedelta(days=3))
    page = timeline(manager_client, parent)
    assert page.count(">Overdue</strong>") == 3
    assert "debrief was due" in page and "overdue since" in page
    assert page.count('class="pace-urgent-row"') == 2
    assert "Call back" in page


def test_nothing_is_flagged_before_it_is_due(manager_client):
    today = timezone.localdate()
    parent = ParentFactory(preferred_name="Jo", check_in_due_on=today + timedelta(days=3))
    SignUpFactory(
        parent=parent,
        opportunity=OpportunityFactory(title="Talk to officers"),
        status=SignUpStatus.TOOK_PART,
        debrief_due_on=today + timedelta(days=2),
    )
    CheckInFactory(parent=parent, wants_call=True, happened_at=timezone.now())
    page = timeline(manager_client, parent)
    assert "Overdue" not in page and "pace-urgent-row" not in page
    assert "debrief due" in page


def test_the_dashboard_puts_the_longest_waiting_call_first_and_marks_it(manager_client):
    old = ParentFactory(preferred_name="Waited Long")
    new = ParentFactory(preferred_name="Asked Today")
    CheckInFactory(parent=new, wants_call=True, happened_at=timezone.now())
    CheckInFactory(parent=old, wants_call=True, happened_at=timezone.now() - timedelta(days=3))
    page = text(manager_client.get("/admin/"))
    assert page.index("Waited Long") < page.index("Asked Today")
    assert "overdue: waiting 3 days" in page
    assert page.count('class="pace-urgent"') == 1
    assert page.count("Call back") == 2


def test_the_dashboard_lists_only_the_most_urgent_calls_and_says_how_many_in_all(manager_client):
    from participation.dashboard import SHOWN

    now = timezone.now()
    for days in range(SHOWN + 4):
        CheckInFactory(
            parent=ParentFactory(preferred_name=f"Caller {days:02d}"),
            wants_call=True,
            happened_at=now - timedelta(days=days, hours=1),
        )
    page = text(manager_client.get("/admin/"))
    assert f"{SHOWN + 4} parents asked for a call" in page
    assert page.count("Call back") == SHOWN
    # The longest waiting are the ones shown; the four who asked most recently are counted.
    assert f"Caller {SHOWN + 3:02d}" in page and "Caller 00" not in page
    assert "Caller 03" not in page and f"Caller {4:02d}" in page


def test_the_overdue_list_is_most_overdue_first(manager_client):
    today = timezone.localdate()
    ParentFactory(preferred_name="Two Days", check_in_due_on=today - timedelta(days=2))
    ParentFactory(preferred_name="Ten Days", check_in_due_on=today - timedelta(days=10))
    page = text(manager_client.get("/admin/"))
    assert page.index("Ten Days") < page.index("Two Days")


def test_staff_dates_have_one_format(manager_client):
    parent = ParentFactory(preferred_name="Jo")
    parent.check_in_due_on = timezone.localdate().replace(year=2026, month=12, day=4)
    parent.save()
    page = timeline(manager_client, parent)
    assert "4 Dec 2026" in page
    assert not re.search(r"4 December 2026", page)


def test_record_titles_write_a_date_as_the_rest_of_the_staff_screens_do(manager_client):
    from participation.models import Pause

    parent = ParentFactory(preferred_name="Jo")
    pause = Pause.objects.create(parent=parent, started_on=datetime.date(2026, 12, 4))
    check_in = CheckInFactory(
        parent=parent,
        happened_at=timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0)),
    )
    assert str(pause) == "Pause for Jo from 4 Dec 2026"
    assert str(check_in) == "Check-in with Jo on 4 Dec 2026"


def test_cancelling_an_opportunity_asks_first_with_a_serious_button(manager_client):
    from participation.models import Opportunity, OpportunityStatus

    opportunity = OpportunityFactory(title="Talk to officers")
    page = text(
        manager_client.get(reverse("participation_opportunities:inspect", args=[opportunity.pk]))
    )
    url = reverse("participation_opportunities:cancel", args=[opportunity.pk])
    assert f'<a class="button no" href="{url}">Cancel</a>' in page
    confirm = text(manager_client.get(url))
    assert "This cannot be undone" in confirm and 'class="button no"' in confirm
    assert Opportunity.objects.get(pk=opportunity.pk).status == OpportunityStatus.OPEN
    manager_client.post(url, {})
    assert Opportunity.objects.get(pk=opportunity.pk).status == OpportunityStatus.CANCELLED
