"""Two Administrators' clicks on "Approve" at the same moment erase once."""

import pytest
from django.urls import reverse

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.privacy.erasure import services
from pace_site.privacy.models.erasure import ErasureStatus
from tests.factories import ParentFactory, make_user
from tests.helpers import keyed_form, twice_at_once_then_again


@pytest.mark.django_db(transaction=True)
def test_approving_twice_at_once_erases_once():
    parent = ParentFactory(preferred_name="Linnet Harrowgate")
    manager = make_user(Role.PARTICIPATION_MANAGER)
    admin = make_user(Role.ADMINISTRATOR)
    request = services.propose_erasure(
        services.ask_for_erasure(parent.user, how="phone", by=manager), by=manager
    )
    url = reverse("privacy_erasure_requests:approve", args=[request.pk])

    answers = twice_at_once_then_again(admin, url, keyed_form())

    assert all(status == 302 for status, _where, _said in answers)
    request.refresh_from_db()
    assert request.status == ErasureStatus.DONE
    assert AuditEntry.objects.filter(action="privacy.erasure.done").count() == 1
