"""Fully populated people for the erasure tests: a parent with something in every table that
can hold their data, a befriender with theirs, and a search of every table for what identifies
them."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal

from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from befriending.models import (
    Concern,
    ConcernUrgency,
    ContactLog,
    Referral,
    ReferralStatus,
    SupervisionSession,
    TrainingRecord,
)
from befriending.models.choices import TrainingModule
from events.models import Feedback
from events.services import calendar_feed_for
from home.models import StoryPage
from pace_site.accounts.models import Invitation
from pace_site.accounts.roles import Role
from pace_site.accounts.services import invite
from pace_site.audit.services import record
from pace_site.notifications.models import ContactRules, ContactRulesChange, Notification, Status
from pace_site.privacy.access.services import open_access_request
from pace_site.privacy.sharing import ask_about_sharing, record_sharing
from pace_site.submissions.services import once
from participation.models import (
    CheckIn,
    CheckInKind,
    Consent,
    ConsentPurpose,
    Parent,
    Pause,
    PauseStartedBy,
    SignUp,
    TakingPartWay,
)
from tests.befriending.factories import BefrienderFactory, make_active_match
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import make_user
from tests.helpers import give_totp
from tests.participation.factories import OpportunityFactory, activity
from tests.public_site.factories import StoryIndexPageFactory, StoryPageFactory


@dataclass
class Person:
    user: object
    needles: list[str]
    record: object = None
    extra: dict = field(default_factory=dict)


def make_parent(first: str, last: str, pseudonym: str, *, staff, story_index) -> Person:
    email = f"{first.lower()}.{last.lower()}@example.org"
    user = make_user(Role.PARENT, email=email, display_name=first, first_name=first, last_name=last)
    full = f"{first} {last}"
    parent = Parent.objects.create(
        user=user, preferred_name=full, pseudonym=pseudonym, region="Leeds"
    )
    parent.set_private_dates(
        [{"on": timezone.localdate() + timedelta(days=30), "note": f"{first}'s hearing"}]
    )
    parent.save()
    rules = ContactRules.objects.create(
        user=user, discreet_mode=True, quiet_hours_start=time(21), quiet_hours_end=time(8)
    )
    ContactRulesChange.objects.create(
        rules=rules,
        changed_by=staff,
        changes={"discreet_mode": [False, True]},
        reason=f"{first} asked on the phone",
    )
    Notification.objects.create(
        recipient=user,
        to_email=email,
        kind="test.message",
        subject=f"Hello {first}",
        body=f"Dear {full}, see you on Tuesday.",
        link=f"https://pace.example/my/?who={first}",
        status=Status.SENT,
        sent_at=timezone.now(),
    )
    # The invitation that opened the account, and its e-mail sent before the account existed.
    invitation = invite(email=email, role=Role.PARENT, display_name=first, by=staff)
    Invitation.objects.filter(pk=invitation.pk).update(user=user, accepted_at=timezone.now())
    check_in = CheckIn.objects.create(
        parent=parent,
        channel="phone",
        kind=CheckInKind.REGULAR,
        wellbeing=3,
        words=f"{first} feels a bit better",
        notes=f"Talked with {full} about court",
        by=staff,
    )
    Pause.objects.create(
        parent=parent,
        started_by=PauseStartedBy.MANAGER,
        reason=f"{first} needs space",
        recorded_by=staff,
        ended_at=timezone.now(),
    )
    consent = Consent.objects.create(
        parent=parent,
        purpose=ConsentPurpose.STORY,
        detail=f"{pseudonym}'s story",
        recorded_by=staff,
    )
    opportunity = OpportunityFactory(activity_type=activity("Consultation"))
    SignUp.objects.create(
        parent=parent,
        opportunity=opportunity,
        way=TakingPartWay.FIRST_NAME,
        message=f"{first} would love to",
        access_needs=f"{first} uses a wheelchair",
    )
    story = StoryPageFactory(
        parent=story_index,
        title=f"{pseudonym} finds a voice",
        slug=f"{pseudonym.lower()}-story",
        pseudonym=pseudonym,
        consent=consent,
        summary=f"{pseudonym} was blamed at first.",
    )
    story.media = recording(f"{pseudonym}'s recording")
    story.transcript = f"{pseudonym} talks about the first day."
    story.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    story.summary = f"{pseudonym} was blamed at first, then believed."
    story.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    event = EventFactory()
    registration = RegistrationFactory(
        event=event,
        user=user,
        dietary_needs=f"{first}: no nuts",
        room_notes=f"with {pseudonym}'s friend",
        travel_support_requested=Decimal("12.00"),
        travel_approved_by=staff,
    )
    Feedback.objects.create(
        registration=registration,
        felt_less_alone="yes",
        met_someone_who_understands="yes",
        more_confident="yes",
        anything_to_change=f"{first} wants more tea",
    )
    calendar_feed_for(user)
    Referral.objects.create(
        parent=parent,
        hopes=f"{first} hopes for someone kind",
        region="Leeds",
        status=ReferralStatus.MATCHED,
        referred_by=staff,
    )
    give_totp(user)
    with once(uuid.uuid4(), by=user):
        pass
    # Data rights: information shared about them (kept, written without names, with a staff note
    # that names them and is cleared), their question about it, a request for a copy.
    sharing = record_sharing(
        user,
        partner_kind="school",
        partner_name="Riverside Academy",
        what="Dates the family is away",
        why="To plan the child's return",
        basis="safeguarding",
        shared_on=timezone.localdate(),
        by=staff,
        staff_note=f"{first} agreed on the phone",
    )
    ask_about_sharing(sharing, by=user, question=f"Why the school? {full}")
    open_access_request(user, received_on=timezone.localdate(), received_how="portal", by=user)
    record("participation.parent.timeline_viewed", parent, by=staff, data={})
    record("participation.check_in.logged", check_in, by=staff, data={"kind": "regular"})
    record("participation.consent.given", consent, by=user, data={"purpose": "story"})
    log(instance=parent, action="wagtail.edit", user=staff)
    client = Client()
    client.force_login(user)
    return Person(
        user=user,
        record=parent,
        needles=[full, first, last, email, pseudonym],
        extra={"story": story, "client": client, "check_in": check_in},
    )


def make_befriender(first: str, last: str, phone: str, *, staff) -> Person:
    email = f"{first.lower()}.{last.lower()}@example.org"
    user = make_user(
        Role.BEFRIENDER, email=email, display_name=first, first_name=first, last_name=last
    )
    full = f"{first} {last}"
    befriender = BefrienderFactory(
        user=user,
        name=full,
        email=email,
        phone=phone,
        what_they_bring=f"{first} listens well",
        dbs_certificate_number="001234567890",
    )
    TrainingRecord.objects.create(
        befriender=befriender, module=TrainingModule.values[0], completed_on=timezone.localdate()
    )
    SupervisionSession.objects.create(
        befriender=befriender,
        held_on=timezone.localdate(),
        held_by=staff,
        notes=f"{first} is doing well",
    )
    record("befriending.befriender.status_changed", befriender, by=staff, data={"status": "active"})
    give_totp(user)
    client = Client()
    client.force_login(user)
    return Person(
        user=user,
        record=befriender,
        needles=[full, first, last, email, phone],
        extra={"client": client},
    )


def match_them(parent: Person, befriender: Person, *, staff):
    match = make_active_match(befriender.record, parent.record)
    match.where = f"Café near {parent.needles[1]}'s house"
    match.save()
    review = match.reviews.order_by("due_on").first()
    review.next_steps = f"Keep going with {parent.needles[1]}"
    review.completed_by = staff
    review.save()
    log_row = ContactLog.objects.create(
        match=match,
        happened_on=timezone.localdate() - timedelta(days=1),
        duration_minutes=30,
        method="meeting",
        parent_mood="okay",
        notes=f"{befriender.needles[1]} met {parent.needles[1]}",
        created_by=befriender.user,
    )
    # Kept on erasure for the child's safety; written, as staff are asked to, without names.
    concern = Concern.objects.create(
        befriender=befriender.record,
        match=match,
        contact_log=log_row,
        urgency=ConcernUrgency.SOON,
        details="Worried about a car waiting outside the house",
        handled_by=staff,
    )
    return match, concern


def recording(title: str):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title=title)
    document.file.save("voice.mp3", ContentFile(b"ID3 not really audio"), save=False)
    document.save()
    return document


def story_index():
    home = Page.objects.get(depth=2)
    return StoryIndexPageFactory(parent=home)


# -- the search ---------------------------------------------------------------------------------

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.EmailField)


def found_anywhere(needles: list[str]) -> list[str]:
    """Every (table, column) holding any of `needles` (case-insensitive), decrypting encrypted
    text; and the search index, through the backend and its raw tables."""
    needles = [n.lower() for n in needles]
    hits = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not names:
            continue
        for row in model._default_manager.values_list("pk", *names).iterator():
            for name, value in zip(names, row[1:], strict=True):
                text = (value if isinstance(value, str) else json.dumps(value, default=str)).lower()
                for needle in needles:
                    if needle in text:
                        hits.append(f"{model._meta.label}.{name} (row {row[0]}): {needle}")
    hits += _in_search_index(needles)
    return hits


def _in_search_index(needles: list[str]) -> list[str]:
    hits = []
    backend = get_search_backend()
    for needle in needles:
        for model in (StoryPage, Page):
            if list(backend.search(needle, model)):
                hits.append(f"search backend ({model.__name__}): {needle}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id, title::text || ' ' || body::text || ' ' || autocomplete::text "
                "FROM wagtailsearch_indexentry"
            )
        else:
            cursor.execute("SELECT id, title || ' ' || body FROM wagtailsearch_indexentry")
        for entry_id, text in cursor.fetchall():
            text = (text or "").lower()
            for needle in needles:
                # The full-text index keeps words lower-cased, as 'word':position.
                if any(f"'{word}'" in text for word in needle.split() if len(word) > 3):
                    hits.append(f"search index entry {entry_id}: {needle}")
    return hits
