import pytest

from participation.models import ActivityType

# (name, needs a readiness check-in, the permission it needs) as migrations 0003 and 0006 leave
# them: a manager's list starts from these, and research and filming hold a parent back until
# they have given that permission.
SEEDED = [
    ("Conference", True, ""),
    ("Consultation", False, ""),
    ("Film or audio", True, "photos"),
    ("Fundraising", False, ""),
    ("Media interview", True, ""),
    ("Parent Open Group", False, ""),
    ("Research", False, "research"),
    ("Reviewing documents", False, ""),
    ("Speaking at training", True, ""),
]


@pytest.mark.django_db
def test_migrations_leave_exactly_the_expected_activity_types():
    """Reads the migrated test database. Not transactional: a transactional test flushes the
    tables, and pytest-django runs tests like this one before any of those."""
    assert (
        list(
            ActivityType.objects.order_by("name").values_list(
                "name", "needs_readiness", "needs_consent"
            )
        )
        == SEEDED
    )
    assert all(ActivityType.objects.values_list("description", flat=True))
