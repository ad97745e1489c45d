"""Demo data for subject access: the volunteer's request for a copy, due within the week, so
the dashboard panel and the listing have something to show."""

from datetime import timedelta

from django.utils import timezone

from pace_site.accounts.roles import Role

from ..models.access import ReceivedHow, SubjectAccessRequest
from .services import open_access_request

RECEIVED_DAYS_AGO = 26


def seed_demo(*, users, stdout) -> None:
    volunteer = users[Role.BEFRIENDER]
    if not SubjectAccessRequest.objects.filter(person=volunteer).exists():
        open_access_request(
            volunteer,
            received_on=timezone.localdate() - timedelta(days=RECEIVED_DAYS_AGO),
            received_how=ReceivedHow.EMAIL,
            by=users[Role.ADMINISTRATOR],
        )
    stdout.write(f"  subject access: {SubjectAccessRequest.objects.open().count()} open request(s)")
