"""The befriender's pages go by the volunteer's status, not only by their role: a volunteer who is
paused, has left or is back in vetting reaches none of them and sees nothing of a match, even if
their account still held the Befriender role (given by hand, or from before this rule)."""

import pytest
from django.urls import reverse

from befriending.models import BefrienderStatus, ContactLog
from tests.helpers import sign_in

from .factories import BefrienderFactory, make_active_match

pytestmark = pytest.mark.django_db

BEFRIENDER_PAGES = [
    "befriending:log_contact",
    "befriending:raise_concern",
    "befriending:my_record",
    "befriending:past_matches",
]


@pytest.mark.parametrize(
    "status",
    [BefrienderStatus.PAUSED, BefrienderStatus.LEFT, BefrienderStatus.REFERENCES_RECEIVED],
)
def test_a_volunteer_who_is_not_active_reaches_no_befriender_page(client, status):
    befriender = BefrienderFactory(status=status)  # the account holds the Befriender role
    match = make_active_match(befriender=befriender)
    log = ContactLog.objects.create(
        match=match,
        happened_on=match.started_on,
        duration_minutes=20,
        method="phone",
        parent_mood="well",
    )
    sign_in(client, befriender.user)

    for name in BEFRIENDER_PAGES:
        assert client.get(reverse(name)).status_code in (403, 404), name
    assert client.get(reverse("befriending:contact_detail", args=[log.pk])).status_code == 404
    first_name = match.parent_first_name
    assert first_name not in client.get(reverse("befriending:my_match")).content.decode()
    assert first_name not in client.get(reverse("pace_site:portal_home")).content.decode()
