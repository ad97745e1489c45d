"""A small world with one real object behind every route, for the access matrix.

Two parents (A and B), each with a befriender and an active match; a third and fourth parent
for the staff actions (one paused, one waiting for a befriender); opportunities with sign-ups,
check-ins, pauses, consents, private dates; events with registrations, feedback and calendar
feeds; messages, invitations, audit entries; a public page, a document and the two kinds of
password restriction.

Every object that a route shows carries a word nobody else uses (its *marker*), so the matrix
can check that the person allowed sees it and nobody else does.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from befriending.models import (
    Befriender,
    BefrienderStatus,
    Concern,
    ConcernUrgency,
    ContactLog,
    Match,
    MatchStatus,
    Referral,
    ReferralStatus,
)
from events.models import Audience, EventKind, Feedback, RegistrationStatus
from events.services import calendar_feed_for
from pace_site.accounts.roles import Role
from pace_site.accounts.services import invitation_token, invite
from pace_site.audit.services import record
from pace_site.notifications.models import ContactRules, Notification, Status
from pace_site.privacy.access import services as access_services
from pace_site.privacy.models import Breach
from participation.models import (
    CheckIn,
    CheckInKind,
    Consent,
    ConsentPurpose,
    OpportunityStatus,
    Parent,
    ParentStatus,
    Pause,
    PauseStartedBy,
    SignUp,
    SignUpStatus,
    TakingPartWay,
)
from tests.befriending.factories import make_active_match
from tests.events.factories import EventFactory, RegistrationFactory, soon
from tests.factories import make_user
from tests.participation.factories import OpportunityFactory, activity

from .helpers import sign_in


@dataclass(frozen=True)
class Persona:
    """One column of the matrix: who is asking. `key` names the world's user for it."""

    name: str
    roles: tuple = ()
    mfa: bool = field(default=False)


# The columns of the matrix. A new kind of person (say, a volunteer who has applied but is not
# yet vetted) is one more line here and one more user in build_world(); every route then checks
# it, refused by default, until a route's entry says what that person may see.
PERSONAS = [
    Persona("anonymous"),
    Persona("parent", (Role.PARENT,)),  # parent A: owns the A objects
    Persona("other_parent", (Role.PARENT,)),  # parent B
    Persona("befriender", (Role.BEFRIENDER,)),  # befriends parent A
    Persona("other_befriender", (Role.BEFRIENDER,)),  # befriends parent B
    Persona("applicant", (Role.APPLICANT,)),  # has applied to volunteer, still being vetted
    Persona("participation_manager", (Role.PARTICIPATION_MANAGER,), mfa=True),
    Persona("befriending_coordinator", (Role.BEFRIENDING_COORDINATOR,), mfa=True),
    Persona("finance", (Role.FINANCE,), mfa=True),
    Persona("editor", (Role.EDITOR,), mfa=True),
    Persona("administrator", (Role.ADMINISTRATOR,), mfa=True),
]
PERSONA_NAMES = [p.name for p in PERSONAS]
SIGNED_IN = frozenset(PERSONA_NAMES) - {"anonymous"}
PARENTS = frozenset({"parent", "other_parent"})
BEFRIENDERS = frozenset({"befriender", "other_befriender"})
APPLICANTS = frozenset({"applicant"})
PORTAL = PARENTS | BEFRIENDERS | APPLICANTS
STAFF = frozenset(
    {"participation_manager", "befriending_coordinator", "finance", "editor", "administrator"}
)
EVERYONE = frozenset(PERSONA_NAMES)


def _parent(name, *, interests=(), status=ParentStatus.ACTIVE, **kwargs) -> Parent:
    user = make_user(Role.PARENT, display_name=name.split()[0])
    parent = Parent.objects.create(
        user=user,
        preferred_name=name,
        region="Leeds",
        status=status,
        check_in_due_on=timezone.localdate() + timedelta(weeks=4),
        **kwargs,
    )
    parent.interests.set(interests)
    return parent


def _befriender(name, **kwargs) -> Befriender:
    user = make_user(Role.BEFRIENDER, display_name=name.split()[0])
    return Befriender.objects.create(
        user=user,
        name=name,
        email=user.email,
        status=BefrienderStatus.ACTIVE,
        region="Leeds",
        languages="English",
        availability=["mon_morning"],
        **kwargs,
    )


def _access_request(person, staff, *, reviewed=True, released=False):
    admin = staff[Role.ADMINISTRATOR]
    access_request = access_services.open_access_request(
        person, received_on=timezone.localdate(), received_how="email", by=admin
    )
    if reviewed:
        access_services.record_identity_check(access_request, how="documents", by=admin)
        access_services.review_access_request(access_request, withheld={}, by=admin)
    if released:
        access_services.release_access_request(access_request, how="portal", by=admin)
    return access_request


def build_world() -> SimpleNamespace:
    from pace_site.privacy.models.sharing import Basis, PartnerKind, Sharing

    w = SimpleNamespace()
    now = timezone.now()
    today = timezone.localdate()
    speaking = activity("Speaking at training")  # needs a readiness check-in
    media = activity("Media interview")
    consultation = activity("Consultation")  # needs none

    # -- people ----------------------------------------------------------------------------
    w.parent_a = _parent("Amaryllis Quince", interests=[speaking, consultation])
    w.parent_b = _parent("Bramble Okafor", interests=[media])
    w.parent_c = _parent("Cornflower Paused", status=ParentStatus.PAUSED)
    w.parent_d = _parent("Dandelion Waiting")
    w.parent_e = _parent("Eglantine Unlinked")  # nothing points to this one
    w.activity_unused = activity("Fundraising")
    w.parent_user_free = make_user(Role.PARENT, display_name="Sage")  # no core-group record yet
    w.befriender_a = _befriender("Wren Halloway", dbs_issued_on=date(2025, 3, 17))
    w.befriender_b = _befriender("Yarrow Pembleton")
    w.befriender_free = _befriender("Zinnia Freeman")  # proposed for parent C
    w.befriender_spare = _befriender("Xanthe Spare")  # free for a new match
    w.applicant = Befriender.objects.create(
        user=make_user(Role.APPLICANT, display_name="Verbena"),
        name="Verbena Applicant",
        email="verbena.applicant@example.org",
        status=BefrienderStatus.INTERVIEWED,
        region="Leeds",
        languages="English",
        availability=["tue_evening"],
    )
    staff = {
        role: make_user(role, display_name=role.label.split()[0])
        for role in (
            Role.PARTICIPATION_MANAGER,
            Role.BEFRIENDING_COORDINATOR,
            Role.FINANCE,
            Role.EDITOR,
            Role.ADMINISTRATOR,
        )
    }
    w.manager = staff[Role.PARTICIPATION_MANAGER]
    w.users = {
        "anonymous": None,
        "parent": w.parent_a.user,
        "other_parent": w.parent_b.user,
        "befriender": w.befriender_a.user,
        "other_befriender": w.befriender_b.user,
        "applicant": w.applicant.user,
        "participation_manager": w.manager,
        "befriending_coordinator": staff[Role.BEFRIENDING_COORDINATOR],
        "finance": staff[Role.FINANCE],
        "editor": staff[Role.EDITOR],
        "administrator": staff[Role.ADMINISTRATOR],
    }

    # -- participation ---------------------------------------------------------------------
    # O1 fits parent A's interests (not B's): offered to A only.
    w.opportunity_offered = OpportunityFactory(
        title="Consultation on the Tangerine guidance",
        activity_type=consultation,
        status=OpportunityStatus.OPEN,
    )
    # O2: parent A has said they are interested (a sign-up waiting for the manager).
    w.opportunity_signed = OpportunityFactory(
        title="Consultation with the Heliotrope panel", activity_type=consultation, places=3
    )
    w.signup_a = SignUp.objects.create(
        parent=w.parent_a, opportunity=w.opportunity_signed, way=TakingPartWay.FIRST_NAME
    )
    # O4: a draft, for publishing.
    w.opportunity_draft = OpportunityFactory(
        title="Draft Lavender workshop", activity_type=consultation, status=OpportunityStatus.DRAFT
    )
    # O3 fits parent B only, with B's own sign-up.
    w.opportunity_b = OpportunityFactory(title="Radio interview Periwinkle", activity_type=media)
    w.signup_b = SignUp.objects.create(
        parent=w.parent_b,
        opportunity=w.opportunity_b,
        way=TakingPartWay.ANONYMOUS,
        status=SignUpStatus.INTERESTED,
    )
    # A payment rate, for an activity type of its own (the rate's words are its type's name).
    from participation.models import OpportunityLength, PaymentRate

    w.rate_type = activity("Peer mentoring Marigold")
    w.rate_a = PaymentRate.objects.create(
        activity_type=w.rate_type,
        length=OpportunityLength.HALF_DAY,
        amount_pence=12345,
        effective_from=date(2026, 1, 1),
    )
    # Payments: one offered by the system to each parent for taking part that the manager
    # recorded (so the manager may not approve them; the Administrator may).
    from pace_site.payments import services as payment_services

    w.payment_a, w.payment_b = (
        payment_services.offer(
            parent.user,
            kind="involvement",
            source_key=f"world:{what}",
            amount_pence=7500,
            description=what,
            earned_on=timezone.localdate() - timedelta(days=3),
            vouched_by=w.manager,
        )
        for parent, what in ((w.parent_a, "Saffron panel"), (w.parent_b, "Quince panel"))
    )
    # Parent A chose a voucher: waiting for a manager other than the one who recorded it.
    w.payment_a = payment_services.choose(w.payment_a, method="voucher", by=w.parent_a.user)
    w.check_in_a = CheckIn.objects.create(
        parent=w.parent_a,
        channel="phone",
        kind=CheckInKind.REGULAR,
        wellbeing=3,
        wants_call=True,
        notes="Talked about the Saffron hearing",
        by=w.manager,
        next_due_on=today + timedelta(weeks=4),
    )
    w.pause_c = Pause.objects.create(
        parent=w.parent_c,
        started_by=PauseStartedBy.MANAGER,
        reason="Needs space after the Vermilion court date",
        recorded_by=w.manager,
    )
    w.consent_a = Consent.objects.create(
        parent=w.parent_a,
        purpose=ConsentPurpose.PHOTOS,
        detail="Photos at the Lilac day",
        recorded_by=w.manager,
        expires_on=today + timedelta(days=10),  # runs out soon: the parent can keep it going
    )
    # Shared about parent A without their permission, recorded by the coordinator: the
    # participation manager (a second person) reviews it.
    w.sharing_a = Sharing.objects.create(
        person=w.parent_a.user,
        partner_kind=PartnerKind.SCHOOL,
        partner_name="Oakleaf Academy",
        what="Dates of the Juniper hearing",
        why="So the school can support her son",
        basis=Basis.SAFEGUARDING,
        shared_on=today,
        staff_note="Staff-only Wisteria note",
        recorded_by=staff[Role.BEFRIENDING_COORDINATOR],
    )
    w.private_date_on = today + timedelta(days=60)
    w.parent_a.set_private_dates([{"on": w.private_date_on, "note": "Anniversary Goldenrod"}])
    w.parent_a.save()

    # -- befriending -----------------------------------------------------------------------
    w.match_a = make_active_match(w.befriender_a, w.parent_a)
    w.match_b = make_active_match(w.befriender_b, w.parent_b)
    w.review_a = w.match_a.reviews.order_by("due_on").first()
    w.contact_log_a = ContactLog.objects.create(
        match=w.match_a,
        happened_on=today - timedelta(days=2),
        duration_minutes=45,
        method="meeting",
        parent_mood="okay",
        notes="Walked by the Ochre canal",
        created_by=w.befriender_a.user,
    )
    w.concern_a = Concern.objects.create(
        befriender=w.befriender_a,
        match=w.match_a,
        urgency=ConcernUrgency.SOON,
        details="Worried about a Cobalt car outside",
    )
    w.referral_d = Referral.objects.create(
        parent=w.parent_d,
        hopes="Someone to talk to about Juniper",
        region="Leeds",
        status=ReferralStatus.WAITING,
        referred_by=staff[Role.BEFRIENDING_COORDINATOR],
    )
    w.match_proposed = Match.objects.create(  # introduced, not started yet
        befriender=w.befriender_free,
        parent=w.parent_c,
        status=MatchStatus.INTRODUCED,
        introduction_on=today - timedelta(days=3),
    )

    # -- events ----------------------------------------------------------------------------
    w.event_parents = EventFactory(
        title="Parent Network Day Marigold",
        audience=Audience.PARENTS,
        venue_name="Marigold Hall",
        travel_support_offered=True,
    )
    w.registration_a = RegistrationFactory(
        event=w.event_parents,
        user=w.parent_a.user,
        dietary_needs="No nuts Quokka",
        travel_support_requested=Decimal("20.00"),
    )
    w.event_past = EventFactory(
        title="Residential Heron weekend",
        kind=EventKind.RESIDENTIAL,
        audience=Audience.PARENTS,
        starts_at=soon(-10),
        ends_at=soon(-9),
        registration_opens_at=now - timedelta(days=40),
        registration_closes_at=now - timedelta(days=12),
    )
    w.registration_past_a = RegistrationFactory(
        event=w.event_past, user=w.parent_a.user, status=RegistrationStatus.ATTENDED
    )
    w.event_volunteers = EventFactory(
        title="Volunteer Evening Sorrel", audience=Audience.VOLUNTEERS
    )
    w.event_public = EventFactory(
        title="Training for professionals Juniper",
        kind=EventKind.TRAINING,
        audience=Audience.PUBLIC,
    )
    w.event_draft = EventFactory(title="Draft event Mulberry", published_at=None)
    w.feed_a = calendar_feed_for(w.parent_a.user)
    w.feedback_b = None
    assert not Feedback.objects.exists()

    # -- platform --------------------------------------------------------------------------
    w.message_a = Notification.objects.create(
        recipient=w.parent_a.user,
        to_email=w.parent_a.user.email,
        kind="test.message",
        subject="Your Thistle appointment",
        body="See you on Tuesday.",
        status=Status.SENT,
        sent_at=now,
    )
    w.contact_rules_a = ContactRules.objects.create(
        user=w.parent_a.user,
        discreet_mode=True,
        quiet_hours_start=time(21, 0),
        quiet_hours_end=time(8, 0),
    )
    w.invitation = invite(
        email="newcomer-nasturtium@example.org",
        role=Role.PARENT,
        display_name="Nasturtium",
        by=w.manager,
    )
    w.invitation_token = invitation_token(w.invitation)
    w.audit_entry = record(
        "participation.parent.timeline_viewed", w.parent_a, by=w.manager, data={}
    )
    # Data rights: a breach just found (to assess, tell people about), one to report, one to
    # close.
    w.breach = Breach.objects.create(
        what_happened="A letter for Gooseberry Lane went to the wrong house.",
        discovered_at=now - timedelta(hours=5),
        data_kinds=["contact"],
    )
    w.breach.people_affected.set([w.parent_a.user])
    w.breach_to_report = Breach.objects.create(
        what_happened="A list was e-mailed to the wrong partner.",
        discovered_at=now - timedelta(hours=5),
        risk="risk",
        must_report=True,
    )
    w.breach_decided = Breach.objects.create(
        what_happened="A letter came back unopened.",
        discovered_at=now - timedelta(hours=5),
        risk="no_risk",
        must_report=False,
        not_reported_reason="Nobody opened it.",
    )

    # -- data rights: erasure and correction -----------------------------------------------
    from pace_site.privacy.erasure import services as erasure_services

    w.erasure_a = erasure_services.ask_for_erasure(
        w.parent_a.user, how="phone", received_on=date(2026, 2, 3), by=w.manager
    )
    w.erasure_proposed = erasure_services.propose_erasure(
        erasure_services.ask_for_erasure(w.parent_e.user, how="letter", by=w.manager),
        by=w.manager,
    )
    w.befriender_unlinked = Befriender.objects.create(  # applied, never had an account
        name="Mallow Unlinked",
        email="mallow.unlinked@example.org",
        status=BefrienderStatus.APPLIED,
        region="Leeds",
    )
    w.correction_a = erasure_services.ask_for_correction(
        w.parent_a.user, what_is_wrong="My name is spelt Quinse", how="portal", by=w.parent_a.user
    )
    # Subject access: A's copy released, B's request open, D's reviewed and waiting.
    w.access_request_released = _access_request(w.parent_a.user, staff, released=True)
    w.access_request_open = _access_request(w.parent_b.user, staff, reviewed=False)
    w.access_request_reviewed = _access_request(w.parent_d.user, staff)

    # -- outcome questionnaires: one waiting for A, one A answered (and asked for a call) -----
    _questionnaires(w)
    _you_said_we_did(w)

    # -- public site -----------------------------------------------------------------------
    w.home = Page.objects.get(depth=2)
    w.restricted_page = w.home.add_child(instance=_standard_page("Members Aubergine"))
    w.page_restriction = PageViewRestriction.objects.create(
        page=w.restricted_page, restriction_type=PageViewRestriction.PASSWORD, password="x-pw"
    )
    Document = get_document_model()
    w.document = Document.objects.create(
        title="Leaflet Quillwort", file=ContentFile(b"Quillwort leaflet text", name="quill.txt")
    )
    w.private_collection = Collection.get_first_root_node().add_child(name="Private Ebony")
    w.collection_restriction = CollectionViewRestriction.objects.create(
        collection=w.private_collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="x-pw",
    )

    # -- the support line's tally ----------------------------------------------------------
    from support_line.models import SupportContact

    w.support_contact_a = SupportContact.objects.create(
        happened_on=timezone.localdate(),
        channel="phone",
        caller="parent_or_carer",
        concern="criminal_exploitation",
        region="Larkspur Vale",
        minutes=25,
    )

    # Sign everyone in once; each request then carries the persona's session cookie.
    w.sessions = {}
    return w


def _questionnaires(w) -> None:
    from pace_site.outcomes.models import (
        Answer,
        FollowUp,
        Invitation,
        InvitationStatus,
        Moment,
        Question,
        Questionnaire,
        SavedReport,
    )

    w.saved_report = SavedReport.objects.create(name="Report Foxglove", period="last_quarter")
    w.questionnaire = Questionnaire.objects.create(
        slug="marigold", title="Questionnaire Marigold", purpose="Why we ask Marigold.", minutes=1
    )
    w.question = Question.objects.create(
        questionnaire=w.questionnaire, wording="Statement Calendula", kind="agree5", sort_order=0
    )
    w.moment, _ = Moment.objects.get_or_create(
        key="participation.after_debrief", defaults={"label": "After a debrief of an activity"}
    )
    Moment.objects.filter(pk=w.moment.pk).update(label="Moment Snapdragon")
    w.invitation_a = Invitation.objects.create(
        person=w.parent_a.user, questionnaire=w.questionnaire, moment="participation.after_debrief"
    )
    w.invitation_answered = Invitation.objects.create(
        person=w.parent_a.user,
        questionnaire=w.questionnaire,
        moment="participation.six_monthly",
        status=InvitationStatus.ANSWERED,
        answered_at=timezone.now(),
    )
    Answer.objects.create(invitation=w.invitation_answered, question=w.question, value=4)
    w.follow_up_a = FollowUp.objects.create(
        person=w.parent_a.user, invitation=w.invitation_answered, reason=FollowUp.Reason.TALK
    )


def _you_said_we_did(w) -> None:
    """Parent A took part in a consultation that changed a guide ("You said, we did")."""
    from participation.models import ChangeContribution, ChangeKind, ChangeMade

    w.opportunity_done = OpportunityFactory(
        title="Consultation Foxglove on school guidance", status=OpportunityStatus.DONE
    )
    w.signup_done = SignUp.objects.create(
        parent=w.parent_a,
        opportunity=w.opportunity_done,
        way=TakingPartWay.FIRST_NAME,
        status=SignUpStatus.TOOK_PART,
    )
    w.change_made = ChangeMade.objects.create(
        opportunity=w.opportunity_done,
        kind=ChangeKind.GUIDE,
        title="Guide Gardenia for schools",
        description="We rewrote the guide after what parents told us.",
        recorded_by=w.manager,
    )
    ChangeContribution.objects.create(change=w.change_made, sign_up=w.signup_done)


def _standard_page(title):
    from home.models import StandardPage

    return StandardPage(title=title, slug=title.lower().replace(" ", "-"))


def sign_in_everyone(w, client_class):
    for name, user in w.users.items():
        if user is None:
            continue
        client = client_class()
        sign_in(client, user)
        w.sessions[name] = client.cookies
