"""The information-sharing log: staff record what was shared about a parent, with whom, why and on
what basis; sharing without consent is flagged and reviewed by a second person; the parent reads
what was shared about them (never the staff note) and can ask about it; nobody else sees it."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from pace_site.privacy.dashboard_sharing import SHOWN, sharing_panel_context
from pace_site.privacy.models.sharing import Basis, PartnerKind, Sharing, SharingQuestion
from pace_site.privacy.sharing import (
    SharingError,
    ask_about_sharing,
    consent_key,
    consents_for,
    record_sharing,
    review_sharing,
)
from participation import services as participation
from participation.models import Consent, ConsentPurpose
from tests.factories import ParentFactory, make_user
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")


@pytest.fixture
def coordinator():
    return make_user(Role.BEFRIENDING_COORDINATOR, display_name="Cass")


@pytest.fixture
def parent():
    return ParentFactory(preferred_name="Jo")


def share(person, *, by, basis=Basis.SAFEGUARDING, **kwargs):
    values = {
        "partner_kind": PartnerKind.SOCIAL_CARE,
        "partner_name": "Leeds Children's Services",
        "what": "The date of the Marigold hearing",
        "why": "So her son's social worker can be there",
        "shared_on": timezone.localdate(),
        "staff_note": "Staff-only Wisteria note",
        **kwargs,
    }
    return record_sharing(person, by=by, basis=basis, **values)


def staff_client(user):
    client = Client()
    sign_in(client, user)
    return client


# -- recording -----------------------------------------------------------------------------


def test_sharing_with_consent_names_the_permission_and_needs_no_review(parent, manager):
    permission = participation.give_consent(
        parent, purpose=ConsentPurpose.SHARING, detail="Leeds social care", by=parent.user
    )
    participation.give_consent(parent, purpose=ConsentPurpose.NEWSLETTER, by=parent.user)
    offered = consents_for(parent.user)
    assert list(offered) == [consent_key(permission)]  # only permissions to share, in force
    sharing = share(parent.user, by=manager, basis=Basis.CONSENT, consent=consent_key(permission))
    assert sharing.consent_id == permission.pk and "Leeds social care" in sharing.consent_label
    assert not sharing.needs_review
    assert not Sharing.objects.needing_review().exists()
    entry = AuditEntry.objects.get(action="privacy.sharing.recorded")
    assert entry.data["basis"] == "consent" and "Marigold" not in str(entry.data)


def test_an_expired_or_withdrawn_permission_cannot_be_relied_on(parent, manager):
    permission = participation.give_consent(parent, purpose=ConsentPurpose.SHARING, by=parent.user)
    Consent.objects.filter(pk=permission.pk).update(expires_on=timezone.localdate())
    assert consents_for(parent.user) == {}
    with pytest.raises(SharingError, match="choose the permission"):
        share(parent.user, by=manager, basis=Basis.CONSENT, consent=consent_key(permission))
    assert not Sharing.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"partner_kind": "journalist"}, "who it was shared with"),
        ({"basis": "because"}, "basis"),
        ({"basis": Basis.OTHER, "basis_other": ""}, "other reason"),
        ({"shared_on": timezone.localdate() + timedelta(days=1)}, "future"),
        ({"shared_on": timezone.localdate().replace(year=1999)}, "check the date"),
        ({"what": "  "}, "what was shared"),
    ],
)
def test_the_service_refuses_bad_input_and_changes_nothing(parent, manager, change, message):
    values = {"basis": Basis.SAFEGUARDING, **change}
    with pytest.raises(SharingError, match=message):
        share(parent.user, by=manager, **values)
    assert not Sharing.objects.exists()


def test_sharing_without_consent_is_flagged_and_reviewed_by_a_second_person(
    parent, manager, coordinator
):
    sharing = share(parent.user, by=coordinator, basis=Basis.LEGAL_DUTY)
    assert sharing.needs_review
    context = sharing_panel_context()
    assert context["count"] == 1 and context["rows"] == [sharing]
    with pytest.raises(SharingError, match="Someone other than"):
        review_sharing(sharing, by=coordinator, note="Fine")
    review_sharing(sharing, by=manager, note="Court order: right to share")
    sharing.refresh_from_db()
    assert sharing.reviewed_by == manager and sharing.review_note.startswith("Court order")
    assert sharing_panel_context()["count"] == 0
    with pytest.raises(SharingError, match="already been reviewed"):
        review_sharing(sharing, by=make_user(Role.ADMINISTRATOR), note="")


def test_the_dashboard_panel_is_bounded_and_shown_to_those_who_review(parent, manager, coordinator):
    for _ in range(SHOWN + 3):
        share(parent.user, by=coordinator)
    context = sharing_panel_context()
    assert context["count"] == SHOWN + 3 and len(context["rows"]) == SHOWN
    page = staff_client(manager).get(reverse("wagtailadmin_home")).content.decode()
    assert "Information shared without permission" in page
    editor_page = staff_client(make_user(Role.EDITOR)).get(reverse("wagtailadmin_home"))
    assert "Information shared without permission" not in editor_page.content.decode()


# -- the staff screens ---------------------------------------------------------------------


def form(**data):
    return {
        "partner_kind": "school",
        "partner_name": "Oakleaf Academy",
        "shared_on": timezone.localdate().isoformat(),
        "what": "Her son's attendance worries",
        "why": "To plan support in school",
        "basis": "safeguarding",
        "consent": "",
        "basis_other": "",
        "staff_note": "",
        "submission_key": "6a1f1bd2-3c1e-4d55-9a43-1a2b3c4d5e6f",
        **data,
    }


def test_staff_record_sharing_from_the_parents_record(parent, manager):
    client = staff_client(manager)
    record_page = client.get(reverse("participation_parents:inspect", args=[parent.pk]))
    url = reverse("privacy_sharing:record", args=[parent.user.pk])
    assert url in record_page.content.decode()
    response = client.post(url, form())
    sharing = Sharing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy_sharing:inspect", args=[sharing.pk])
    assert sharing.person == parent.user and sharing.recorded_by == manager
    record_page = client.get(reverse("participation_parents:inspect", args=[parent.pk]))
    assert "Oakleaf Academy" in record_page.content.decode()  # listed on the parent's page
    # The same form sent again (a double click) records it once.
    assert client.post(url, form()).status_code == 302
    assert Sharing.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"partner_kind": "journalist"}, "Please choose from the list."),
        ({"partner_name": ""}, "Please name the organisation."),
        ({"shared_on": "2999-01-01"}, "That date is in the future."),
        ({"shared_on": "31/02/2026"}, ""),
        ({"what": "x" * 4001}, "4000"),
        ({"what": "<script>alert(1)</script>"}, ""),
        ({"basis": "consent"}, "Please choose the permission they gave."),
        ({"basis": "other"}, "Please say what the other reason was."),
        ({"consent": "12:34"}, "Please choose one of their permissions."),
    ],
)
def test_the_staff_form_refuses_bad_input_and_changes_nothing(parent, manager, change, message):
    response = staff_client(manager).post(
        reverse("privacy_sharing:record", args=[parent.user.pk]), form(**change)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Sharing.objects.exists()


def test_coordinators_record_sharing_from_a_concern_about_a_befriended_parent(parent, coordinator):
    from befriending.models import Concern, ConcernUrgency
    from tests.befriending.factories import make_active_match

    match = make_active_match(parent=parent)
    concern = Concern.objects.create(
        befriender=match.befriender, match=match, urgency=ConcernUrgency.SOON, details="Worried"
    )
    client = staff_client(coordinator)
    page = client.get(reverse("befriending_concerns:inspect", args=[concern.pk])).content
    url = reverse("privacy_sharing:record", args=[parent.user.pk])
    assert url.encode() in page
    assert client.post(url, form()).status_code == 302
    assert Sharing.objects.get().recorded_by == coordinator


def test_sharing_is_recorded_only_about_a_parent(manager, coordinator):
    url = reverse("privacy_sharing:record", args=[coordinator.pk])
    assert staff_client(manager).get(url).status_code == 404


def test_the_staff_record_shows_the_note_and_the_parents_questions(parent, manager, coordinator):
    sharing = share(parent.user, by=coordinator)
    ask_about_sharing(sharing, by=parent.user, question="Who at the council has this?")
    page = staff_client(manager).get(reverse("privacy_sharing:inspect", args=[sharing.pk]))
    text = page.content.decode()
    assert "Wisteria note" in text and "Who at the council has this?" in text
    assert AuditEntry.objects.filter(action="privacy.sharing.viewed").count() == 1


def test_a_manager_reviews_on_the_staff_screen(parent, manager, coordinator):
    sharing = share(parent.user, by=coordinator)
    url = reverse("privacy_sharing:review", args=[sharing.pk])
    refused = staff_client(coordinator).post(url, {"note": "", "submission_key": str(uuid4())})
    assert refused.status_code == 302  # back on the record, with the reason
    sharing.refresh_from_db()
    assert sharing.reviewed_at is None  # the recorder cannot review their own
    done = staff_client(manager).post(url, {"note": "Checked", "submission_key": str(uuid4())})
    assert done.status_code == 302
    sharing.refresh_from_db()
    assert sharing.reviewed_by == manager and sharing.review_note == "Checked"


# -- the parent's page ---------------------------------------------------------------------


def test_the_parent_reads_what_was_shared_about_them_in_plain_words(client, parent, manager):
    other = ParentFactory(preferred_name="Bea")
    mine = share(parent.user, by=manager)
    share(other.user, by=manager, partner_name="Birch Primary School")
    client.force_login(parent.user)
    page = client.get(reverse("privacy:shared")).content.decode()
    assert "Leeds Children&#x27;s Services" in page and "Marigold hearing" in page
    assert "To protect a child or adult from harm" in page
    assert "Wisteria" not in page and "Priya" not in page  # no staff note, no staff name
    assert "Birch Primary School" not in page
    assert reverse("privacy:ask_about_sharing", args=[mine.pk]) in page
    assert AuditEntry.objects.filter(action="privacy.sharing.own_viewed").count() == 1


def test_the_portal_page_says_when_nothing_was_shared(client, parent):
    client.force_login(parent.user)
    page = client.get(reverse("privacy:shared")).content.decode()
    assert "We have not shared anything about you." in page


def test_nobody_else_reaches_a_parents_sharing(client, parent, manager):
    sharing = share(parent.user, by=manager)
    ask = reverse("privacy:ask_about_sharing", args=[sharing.pk])
    other = ParentFactory()
    client.force_login(other.user)
    assert client.get(ask).status_code == 404
    assert (
        client.post(
            ask, {"question": "Why?", "submission_key": form()["submission_key"]}
        ).status_code
        == 404
    )
    assert "Marigold" not in client.get(reverse("privacy:shared")).content.decode()
    befriender = Client()
    befriender.force_login(make_user(Role.BEFRIENDER))
    for someone in (befriender, staff_client(make_user(Role.EDITOR))):
        assert someone.get(reverse("privacy:shared")).status_code == 403
        assert someone.get(ask).status_code == 403
    assert not SharingQuestion.objects.exists()


# -- asking about it -----------------------------------------------------------------------


def test_the_parent_asks_about_a_sharing_and_the_manager_is_told_discreetly(
    client, parent, manager
):
    sharing = share(parent.user, by=manager)
    client.force_login(parent.user)
    url = reverse("privacy:ask_about_sharing", args=[sharing.pk])
    assert "Leeds Children" in client.get(url).content.decode()
    data = {
        "question": "Can they pass it to the school?",
        "submission_key": form()["submission_key"],
    }
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("privacy:shared")
    assert client.post(url, data).status_code == 302  # sent twice: asked once
    asked = SharingQuestion.objects.get()
    assert asked.asked_by == parent.user and asked.question.startswith("Can they")
    alert = Notification.objects.get(kind="privacy/sharing_question")
    assert alert.recipient == manager
    assert "school" not in alert.body.lower() and "Leeds" not in alert.body
    assert AuditEntry.objects.filter(action="privacy.sharing.asked").count() == 1
    page = client.get(reverse("privacy:shared")).content.decode()
    assert "You asked us about this on" in page


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "Please write your question."),
        ("x" * 1001, "1000"),
        ("<b>Why</b>", ""),
    ],
)
def test_a_bad_question_is_refused_and_changes_nothing(client, parent, manager, question, message):
    sharing = share(parent.user, by=manager)
    client.force_login(parent.user)
    response = client.post(
        reverse("privacy:ask_about_sharing", args=[sharing.pk]),
        {"question": question, "submission_key": form()["submission_key"]},
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not SharingQuestion.objects.exists()
    assert not Notification.objects.filter(kind="privacy/sharing_question").exists()


# -- query counts --------------------------------------------------------------------------


def many_sharings(person, recorder, size):
    rows = Sharing.objects.bulk_create(
        [
            Sharing(
                person=person,
                partner_kind=PartnerKind.SCHOOL,
                partner_name=f"School {i}",
                what="Attendance",
                why="Support",
                basis=Basis.LEGAL_DUTY,
                shared_on=timezone.localdate(),
                recorded_by=recorder,
            )
            for i in range(size)
        ]
    )
    SharingQuestion.objects.bulk_create(
        [SharingQuestion(sharing=s, asked_by=person, question="Why?") for s in rows]
    )


@pytest.mark.parametrize("size", [3, 60])
def test_the_portal_page_runs_a_fixed_number_of_queries(
    client, parent, manager, size, django_assert_max_num_queries
):
    many_sharings(parent.user, manager, size)
    client.force_login(parent.user)
    client.get(reverse("privacy:shared"))  # warm the session and caches
    # Session, user, roles, the portal's own (unread messages, …); ours: the sharings, the
    # person's questions about them (one prefetch), the audit row. No query per row.
    with django_assert_max_num_queries(10):  # + the header's menu pages
        response = client.get(reverse("privacy:shared"))
    assert response.content.decode().count("Ask about this") == size


@pytest.mark.parametrize("size", [3, 60])
def test_the_staff_listing_runs_a_fixed_number_of_queries(
    parent, manager, size, django_assert_max_num_queries
):
    for _ in range(5):
        many_sharings(ParentFactory().user, manager, size // 3 + 1)
    client = staff_client(manager)
    client.get(reverse("privacy_sharing:index"))
    # Session, user, groups, MFA, permissions, Wagtail's profile and menus; ours: the count and
    # the page of rows with the person (one join), the audit row. No query per row.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("privacy_sharing:index"))
    assert response.status_code == 200


def test_query_counts_do_not_grow(parent, manager):
    client = staff_client(manager)
    counts = []
    for size in (3, 40):
        many_sharings(ParentFactory().user, manager, size)
        client.get(reverse("privacy_sharing:index"))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("privacy_sharing:index"))
        counts.append(len(queries))
    assert counts[0] == counts[1]
