"""The one way anything is sent (DESIGN rule 1).

`notify()` writes the message as a row in the caller's transaction and queues delivery when that
transaction commits. Delivery obeys the recipient's contact rules. Nothing here is sent inline.
"""

import logging
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pace_site.logfilters import redact
from pace_site.queueing import queue_or_leave_for_sweep
from pace_site.services import ServiceError

from .models import ContactRules, ContactRulesChange, MessageCategory, Notification, Status
from .policies import withheld_reason

logger = logging.getLogger("pace.notifications")

DISCREET_SUBJECT = "You have a new message"
DISCREET_LINK_SUBJECT = "Your link"


def _render(kind: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"notifications/{kind}_subject.txt", context)
    body = render_to_string(f"notifications/{kind}_body.txt", context)
    return " ".join(subject.split()), body.strip()


def notify(
    recipient,
    kind: str,
    *,
    context: dict | None = None,
    subject: str | None = None,
    body: str | None = None,
    link: str = "",
    category: str = MessageCategory.GENERAL,
    urgent: bool = False,
) -> Notification:
    """Write a message to a person into the outbox; it is delivered after the transaction commits.

    The text comes from `notifications/<kind>_subject.txt` and `_body.txt` unless given.
    `urgent` skips quiet hours (for staff alerts and replies to the person's own request).
    """
    if subject is None or body is None:
        subject, body = _render(
            kind, {"recipient": recipient, "site_url": settings.SITE_URL, **(context or {})}
        )
    return _write(
        recipient=recipient,
        to_email=recipient.email,
        kind=kind,
        subject=subject,
        body=body,
        link=link,
        category=category,
        urgent=urgent,
        carries_link=False,
    )


def notify_role(
    role, kind: str, *, category: str = MessageCategory.ALERT, **kwargs
) -> list[Notification]:
    """Tell everyone who holds a staff role (every participation manager, every coordinator,
    every editor): one `notify()` each, same arguments."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.with_role(role).order_by("pk")
    return [notify(person, kind, category=category, **kwargs) for person in people]


def notify_address(
    email: str,
    kind: str,
    *,
    context: dict | None = None,
    subject: str | None = None,
    body: str | None = None,
    link: str = "",
    urgent: bool = False,
    carries_link: bool = False,
) -> Notification:
    """A message to an address with no account yet (an invitation) or about signing in."""
    from django.contrib.auth import get_user_model

    context = context or {}
    if subject is None or body is None:
        subject, body = _render(kind, {"site_url": settings.SITE_URL, **context})
    link = link or context.get("url", "")
    recipient = get_user_model().objects.filter(email__iexact=email).first()
    return _write(
        recipient=recipient,
        to_email=email,
        kind=kind,
        subject=subject,
        body=body,
        link=link,
        category=MessageCategory.ACCOUNT,
        urgent=urgent,
        carries_link=carries_link,
    )


def _write(
    *, recipient, to_email, kind, subject, body, link, category, urgent, carries_link
) -> Notification:
    now = timezone.now()
    notification = Notification(
        recipient=recipient,
        to_email=to_email,
        kind=kind,
        category=category,
        subject=subject,
        body=body,
        link=link,
        urgent=urgent,
        carries_link=carries_link,
        due_at=now,
    )
    reason = withheld_reason(notification)
    if reason:
        notification.status = Status.WITHHELD
        notification.status_reason = reason[:200]
        forget_link(notification)
        notification.save()
        return notification
    if recipient is not None:
        rules = ContactRules.for_user(recipient)
        if not rules.email_allowed:
            notification.status = Status.PORTAL_ONLY
            notification.status_reason = "e-mail turned off by the person"
        elif not urgent:
            notification.due_at = rules.quiet_until(now) or now
    if notification.status == Status.PENDING and notification.due_at <= now:
        notification.queued_at = now
    notification.save()
    if notification.queued_at:
        transaction.on_commit(lambda: enqueue(notification.pk))
    return notification


def enqueue(notification_id: int) -> None:
    """Queue delivery. If the broker is down the row stays in the outbox for the sweep."""
    from .tasks import deliver_notification

    if not queue_or_leave_for_sweep(deliver_notification, notification_id, what="notification"):
        # Not queued after all: let the next sweep pick it up straight away.
        Notification.objects.filter(pk=notification_id, status=Status.PENDING).update(
            queued_at=None
        )


def discreet_link(link: str) -> str:
    """A link of ours as a discreet message may show it: through the neutral address
    (DISCREET_SITE_URL) when one is set, so the site's own name never appears in the message.
    Without one, a link the person needs (an invitation, a password reset) keeps the site's
    address; discreet notices carry no link at all then."""
    neutral = settings.DISCREET_SITE_URL.rstrip("/")
    site = settings.SITE_URL.rstrip("/")
    if neutral and link.startswith(site + "/"):
        return neutral + link[len(site) :]
    return link


def build_email(notification: Notification, rules: ContactRules | None) -> EmailMessage:
    """The e-mail as the recipient's contact rules allow it to look."""
    discreet = rules.discreet_mode if rules is not None else True
    if not discreet:
        body = notification.body
        if notification.link and notification.link not in body:
            body += f"\n\n{notification.link}"
        return EmailMessage(
            notification.subject, body, settings.DEFAULT_FROM_EMAIL, [notification.to_email]
        )
    _, from_address = parseaddr(settings.DISCREET_FROM_EMAIL)
    from_email = formataddr(("Notifications", from_address))
    if notification.carries_link and notification.link:
        subject = DISCREET_LINK_SUBJECT
        body = render_to_string(
            "notifications/discreet_link_body.txt", {"link": discreet_link(notification.link)}
        )
    else:
        subject = DISCREET_SUBJECT
        neutral = settings.DISCREET_SITE_URL.rstrip("/")
        body = render_to_string(
            "notifications/discreet_body.txt",
            {"inbox_url": neutral + reverse("notifications:inbox") if neutral else ""},
        )
    return EmailMessage(subject, body.strip(), from_email, [notification.to_email])


def deliver(notification_id: int) -> str:
    """Send one pending message, once. Safe to call twice or concurrently: the row is locked and
    its status checked first. Returns what happened, for logs and tests."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status != Status.PENDING:
            return "nothing to do"
        now = timezone.now()
        if notification.due_at > now:
            return "not yet due"
        reason = withheld_reason(notification)
        if reason:
            notification.status = Status.WITHHELD
            notification.status_reason = reason[:200]
            forgotten = forget_link(notification)
            notification.save(update_fields=["status", "status_reason", *forgotten])
            return "withheld"
        rules = None
        if notification.recipient is not None:
            rules = ContactRules.for_user(notification.recipient)
            if not rules.email_allowed:
                notification.status = Status.PORTAL_ONLY
                notification.save(update_fields=["status"])
                return "portal only"
            if not notification.urgent:
                later = rules.quiet_until(now)
                if later:
                    notification.due_at = later
                    notification.queued_at = None
                    notification.save(update_fields=["due_at", "queued_at"])
                    return "quiet hours"
        notification.attempts += 1
        try:
            build_email(notification, rules).send()
        except Exception as error:  # SMTP and socket errors: recorded; the sweep tries again later
            notification.last_error = describe_error(error)
            forgotten = []
            if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                notification.status = Status.FAILED
                forgotten = forget_link(notification)
                logger.error(
                    "Notification %s failed %s times; giving up.",
                    notification.pk,
                    notification.attempts,
                )
            else:
                # Back off in the row, not with a Celery ETA: Redis may lose a delayed task.
                notification.due_at = now + retry_delay(notification.attempts)
                notification.queued_at = None
            notification.save(
                update_fields=[
                    "attempts",
                    "last_error",
                    "status",
                    "due_at",
                    "queued_at",
                    *forgotten,
                ]
            )
            return "failed, will retry" if notification.status == Status.PENDING else "failed"
        notification.status = Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        forgotten = forget_link(notification)
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error", *forgotten])
    return "sent"


LINK_FORGOTTEN = "(The link was sent by e-mail and is not kept here.)"


def forget_link(notification: Notification) -> list[str]:
    """A secret link (an invitation, a password reset) is kept only until the message is sent
    or given up: then it is taken out of the link and the body. Returns the fields changed."""
    if not (notification.carries_link and notification.link):
        return []
    notification.body = notification.body.replace(notification.link, LINK_FORGOTTEN)
    notification.link = ""
    return ["body", "link"]


def describe_error(error: Exception) -> str:
    """What went wrong, for the row and the log, with addresses and tokens taken out (an SMTP
    refusal names the recipient)."""
    return redact(f"{type(error).__name__}: {error}")[:300]


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


# Contact rules ---------------------------------------------------------------------------------


def ensure_contact_rules(user) -> ContactRules:
    """Give a new account its own row of contact rules, with the safe defaults (discreet for
    everyone but staff), so that staff can find it when the person asks them for a change."""
    return ContactRules.objects.get_or_create(
        user=user, defaults={"discreet_mode": not user.is_staff_member}
    )[0]


class ContactRulesError(ServiceError):
    """A change to someone's contact rules that is not allowed; the message says why."""


# What staff may not do to a person's rules: each loosens them, which is the person's own choice.
LOOSENING = {
    "discreet_mode": (
        True,
        False,
        "Only the person can turn discreet e-mails off, on their own 'How we contact you' page.",
    ),
    "email_allowed": (
        False,
        True,
        "Only the person can turn e-mails back on, on their own 'How we contact you' page.",
    ),
}


def _describe_rules_change(field: str, after) -> str:
    if field == "discreet_mode":
        return "E-mails are now discreet." if after else "E-mails are no longer discreet."
    if field == "email_allowed":
        return (
            "We will e-mail you again."
            if after
            else "We will not e-mail you; your messages wait for you when you sign in."
        )
    return ""


def rules_changes(rules: ContactRules, values: dict) -> dict:
    """{field: [before, after]} for each of the person's settings `values` would change."""
    return {
        field: [getattr(rules, field), values[field]]
        for field in ContactRules.FIELDS
        if field in values and getattr(rules, field) != values[field]
    }


def loosening(rules: ContactRules, values: dict) -> str:
    """Why staff may not make this change (it loosens the person's rules), or ""."""
    changes = rules_changes(rules, values)
    for field, (before, after, message) in LOOSENING.items():
        if changes.get(field) == [before, after]:
            return message
    if rules.quiet_hours_start is not None and values.get("quiet_hours_start", 1) is None:
        return (
            "Only the person can remove their quiet hours, on their own 'How we contact you' page."
        )
    return ""


def change_contact_rules(user, values: dict, *, by, reason: str = "") -> dict:
    """Change `user`'s contact rules to `values` (some of ContactRules.FIELDS). Returns the
    changes made, {field: [before, after]}; nothing when nothing differs.

    The person changes their own rules freely. Anyone else (a staff member) may only make them
    more careful (discreet e-mails on, e-mail off, quiet hours set or moved), must give a reason,
    and the person is told; the change and its reason are kept and audited either way."""
    from pace_site.audit.services import record

    by_person = by is not None and by.pk == user.pk
    if not by_person and not reason.strip():
        raise ContactRulesError("Say why you are changing how this person is contacted.")
    with transaction.atomic():
        rules = ContactRules.objects.select_for_update().filter(user=user).first()
        if rules is None:
            # The defaults, fresh: not the unsaved copy a form may already have changed.
            rules = ContactRules(user=user, discreet_mode=not user.is_staff_member)
        changes = rules_changes(rules, values)
        if not changes:
            return {}
        if not by_person:
            problem = loosening(rules, values)
            if problem:
                raise ContactRulesError(problem)
        for field, (_before, after) in changes.items():
            setattr(rules, field, after)
        rules.full_clean(exclude=["user"])
        rules.save()
        stored = {
            field: [None if v is None else str(v) for v in pair] for field, pair in changes.items()
        }
        if by_person:
            record("notifications.contact_rules.changed", rules, by=by, data={"changes": stored})
            return changes
        ContactRulesChange.objects.create(
            rules=rules, changed_by=by, changes=stored, reason=reason.strip()
        )
        record(
            "notifications.contact_rules.changed_by_staff",
            rules,
            by=by,
            data={"changes": stored},
        )
        told = [_describe_rules_change(field, after) for field, (_b, after) in changes.items()]
        if "quiet_hours_start" in changes or "quiet_hours_end" in changes:
            told.append(f"We will not e-mail you between {rules.describe_quiet_hours()}.")
        notify(
            user,
            "notifications/contact_rules_changed",
            context={"changes": [line for line in told if line]},
            category=MessageCategory.ACCOUNT,
        )
    return changes
