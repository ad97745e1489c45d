"""Permissions a parent gives and takes back, and what withdrawing one stops."""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify, notify_role

from ..models import (
    Consent,
    ConsentPurpose,
    GivenHow,
    Parent,
    SignUp,
    SignUpStatus,
    WithdrawnHow,
)
from ..signals import consent_withdrawn
from ..wording import ASK_AGAIN_DAYS, EXPIRY_MONTHS, current
from .common import ParticipationError, _lock_parent


def give_consent(
    parent: Parent, *, purpose: str, detail: str = "", by: User, how: str = GivenHow.PORTAL
) -> Consent:
    """Record a permission, with what the parent was told (today's wording for the purpose),
    how they gave it, and when it runs out (the purpose's period, if it has one). One consent in
    force per purpose and detail; an expired one can be given again."""
    if purpose not in ConsentPurpose.values:
        raise ParticipationError("Please choose what you are giving permission for.")
    if how not in GivenHow.values or how == GivenHow.UNKNOWN:
        raise ParticipationError("Please say how they gave it.")
    with transaction.atomic():
        parent = _lock_parent(parent)
        if parent.consents.active().filter(purpose=purpose, detail=detail).exists():
            raise ParticipationError("You have already given this permission.")
        months = EXPIRY_MONTHS.get(purpose)
        today = timezone.localdate()
        consent = Consent.objects.create(
            parent=parent,
            purpose=purpose,
            detail=detail,
            recorded_by=by,
            wording_version=current(purpose).version,
            given_how=how,
            expires_on=today + relativedelta(months=months) if months else None,
        )
        record(
            "participation.consent.given",
            consent,
            by=by,
            data={"purpose": purpose, "how": how, "wording": consent.wording_version},
        )
    return consent


def renew_consent(consent: Consent, *, by: User, how: str = GivenHow.PORTAL) -> Consent:
    """The parent keeps a permission going: it runs for the purpose's full period again from
    today, with today's wording (what they were shown now) and how they said so; the audit
    entry keeps the wording version it replaces. Stories and places that rely on it carry on."""
    if how not in GivenHow.values or how == GivenHow.UNKNOWN:
        raise ParticipationError("Please say how they gave it.")
    with transaction.atomic():
        consent = Consent.objects.select_for_update(of=("self",)).get(pk=consent.pk)
        months = EXPIRY_MONTHS.get(consent.purpose)
        if not consent.is_active:
            raise ParticipationError(
                "This permission has already ended. You can give it again below."
            )
        if consent.expires_on is None or not months:
            raise ParticipationError("This permission does not run out: nothing to renew.")
        before = consent.wording_version
        consent.expires_on = timezone.localdate() + relativedelta(months=months)
        consent.wording_version = current(consent.purpose).version
        consent.given_how = how
        consent.renewal_asked_on = None
        consent.save(
            update_fields=["expires_on", "wording_version", "given_how", "renewal_asked_on"]
        )
        record(
            "participation.consent.renewed",
            consent,
            by=by,
            data={
                "how": how,
                "wording": consent.wording_version,
                "wording_before": before,
                "expires_on": str(consent.expires_on),
            },
        )
    return consent


def ask_again_before_expiry(consent: Consent) -> bool:
    """Ask the parent, once, whether they want to renew a permission that runs out soon. The
    message is discreet (no word of what the permission is for outside the portal) and goes
    through the outbox, which honours their contact rules, pauses and quiet hours. False when
    already asked (or no longer due)."""
    today = timezone.localdate()
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("parent__user")
            .filter(pk=consent.pk)
            .to_ask_again(today, ASK_AGAIN_DAYS)
            .first()
        )
        if consent is None or consent.parent.user is None:
            return False
        consent.renewal_asked_on = today
        consent.save(update_fields=["renewal_asked_on"])
        notify(
            consent.parent.user,
            "participation/consent_renewal",
            context={"parent": consent.parent, "consent": consent},
            link=reverse("participation:consents"),
            category=MessageCategory.LOGISTICS,
        )
        record(
            "participation.consent.renewal_asked",
            consent,
            by=None,
            data={"purpose": consent.purpose, "expires_on": str(consent.expires_on)},
        )
    return True


# Why an opportunity needs a permission, as the manager reads it when confirming.
NEEDS_BECAUSE: dict[str, str] = {
    ConsentPurpose.PHOTOS: "This will be recorded or filmed",
    ConsentPurpose.RESEARCH: "This is research",
    ConsentPurpose.STORY: "This publishes a story",
    ConsentPurpose.SHARING: "This shares information with a partner",
    ConsentPurpose.NEWSLETTER: "This is for the newsletter",
}

# What the participation manager must still do by hand when a permission is taken back (what
# the system can stop, it has already stopped in the same transaction).
AFTER_WITHDRAWAL: dict[str, str] = {
    ConsentPurpose.STORY: "Their story has been taken off the website and the editors told.",
    ConsentPurpose.PHOTOS: (
        "Do not use photos or film of them from now on. Ask anyone holding some (partners, the "
        "press) to stop using them."
    ),
    ConsentPurpose.SHARING: (
        "Tell the partner named below, today, to stop using what we shared and that we will "
        "share nothing more."
    ),
    ConsentPurpose.NEWSLETTER: (
        "Take them off the newsletter mailing list before the next issue goes out."
    ),
    ConsentPurpose.RESEARCH: (
        "Tell the research team named below that they have withdrawn, so that their answers "
        "are not used."
    ),
}


def withdraw_consent(consent: Consent, *, by: User, how: str) -> Consent:
    """Withdraw a consent now, recording who and how. Everything that relied on it stops in
    the same transaction: confirmed places on what is still to come and needs it are given up
    (the parent is told kindly), other apps stop their part (`consent_withdrawn` listeners: the
    story comes off the site, photo ticks for coming events are cleared), and the managers are
    told what is left for them to do by hand. If any of that fails, nothing is withdrawn."""
    if how not in WithdrawnHow.values:
        raise ParticipationError("Please say how they told you.")
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("parent__user")
            .get(pk=consent.pk)
        )
        if consent.withdrawn_at is not None:
            raise ParticipationError("This permission was already withdrawn.")
        parent = consent.parent
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = by
        consent.withdrawn_how = how
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_how"])
        record("participation.consent.withdrawn", consent, by=by, data={"how": how})
        given_up = _give_up_places_needing(consent)
        consent_withdrawn.send(sender=Consent, consent=consent, by=by)
        if given_up:
            notify(
                parent.user,
                "participation/places_given_up",
                context={"parent": parent, "consent": consent, "signups": given_up},
                category=MessageCategory.LOGISTICS,
            )
        notify_role(
            Role.PARTICIPATION_MANAGER,
            "participation/consent_withdrawn",
            context={
                "parent": parent,
                "consent": consent,
                "signups": given_up,
                "to_do": AFTER_WITHDRAWAL[consent.purpose],
            },
            link=reverse("participation_parents:inspect", args=[parent.pk]),
            category=MessageCategory.ALERT,
            urgent=consent.purpose in (ConsentPurpose.STORY, ConsentPurpose.SHARING),
        )
    return consent


def end_lapsed_consent(consent: Consent) -> bool:
    """A permission ran out: everything that relied on it stops, as when it is taken back
    (confirmed places still to come that need it are given up and the parent told kindly; the
    story comes off the site; photo ticks for coming events are cleared). Once per permission;
    False when there is nothing to do."""
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("parent__user")
            .filter(pk=consent.pk)
            .lapsed_unhandled()
            .first()
        )
        if consent is None:
            return False
        consent.lapse_handled_at = timezone.now()
        consent.save(update_fields=["lapse_handled_at"])
        record("participation.consent.lapsed", consent, by=None, data={"purpose": consent.purpose})
        given_up = _give_up_places_needing(consent)
        consent_withdrawn.send(sender=Consent, consent=consent, by=None)
        if given_up and consent.parent.user is not None:
            notify(
                consent.parent.user,
                "participation/places_given_up_lapsed",
                context={"parent": consent.parent, "consent": consent, "signups": given_up},
                category=MessageCategory.LOGISTICS,
            )
    return True


def _give_up_places_needing(consent: Consent) -> list[SignUp]:
    """The parent's confirmed places on opportunities still to come that need this permission,
    given up now: they cannot be confirmed without it, so they cannot stay confirmed."""
    today = timezone.localdate()
    candidates = (
        SignUp.objects.select_for_update(of=("self",))
        .select_related("opportunity__activity_type")
        .filter(parent=consent.parent, status=SignUpStatus.CONFIRMED)
        .order_by("pk")
    )
    given_up = []
    for signup in candidates:
        opportunity = signup.opportunity
        happened = opportunity.key_date is not None and opportunity.key_date < today
        if happened or consent.purpose not in opportunity.consents_needed:
            continue
        if consent.parent.has_consent(consent.purpose):
            continue  # another permission for the same purpose still covers it
        signup.status = SignUpStatus.WITHDRAWN
        signup.save(update_fields=["status"])
        record(
            "participation.sign_up.given_up_with_consent",
            signup,
            by=None,
            data={"purpose": consent.purpose},
        )
        given_up.append(signup)
    return given_up
