"""Asking a questionnaire and taking the answers (DESIGN: services own the writes).

Apps call `invite(person, moment=..., about=...)` when one of their moments comes. The parent
answers with `answer(invitation, answers=..., by=...)`, may put it off once (`put_off`), and may
ask to talk to someone (`ask_for_call`). Every message goes through the outbox and never says
what it is about.
"""

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Sum
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify, notify_role
from pace_site.services import ServiceError
from pace_site.submissions.services import claim

from .models import (
    VALUE_RANGE,
    Answer,
    FollowUp,
    Invitation,
    InvitationStatus,
    Kind,
    Moment,
    OutcomeSettings,
    Question,
    Questionnaire,
)
from .moments import registered

TEXT_MAX = 2000
# "Not today": asked again this many days later.
ASK_AGAIN_AFTER = timedelta(days=7)


class OutcomesError(ServiceError):
    pass


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def questions_asked_this_quarter(person: User, *, now: datetime | None = None) -> int:
    """How many questions the person has been asked since the quarter began."""
    start = quarter_start(timezone.localdate(now or timezone.now()))
    total = Invitation.objects.filter(person=person, sent_at__date__gte=start).aggregate(
        n=Sum("question_count")
    )["n"]
    return total or 0


def _subject_fields(about: Model | None) -> dict[str, Any]:
    if about is None:
        return {"subject_type": None, "subject_id": None}
    return {"subject_type": ContentType.objects.get_for_model(about), "subject_id": about.pk}


def invite(
    person: User,
    *,
    moment: str,
    about: Model | None = None,
    occasion: str = "",
    is_baseline: bool = False,
    by: User | None = None,
) -> Invitation | None:
    """Ask `person` the questionnaire of `moment` (about `about`), if the moment is on, the
    person may be asked, they have not been asked this already, and it keeps them within the
    questions a quarter. Returns the invitation, or None when nothing was sent."""
    registration = registered(moment)
    if registration is None:
        raise OutcomesError(f"No questionnaire moment {moment!r} is registered.")
    setting = Moment.objects.select_related("questionnaire").filter(key=moment).first()
    if setting is None or not setting.is_on or setting.questionnaire is None:
        return None
    questionnaire = setting.questionnaire
    if not questionnaire.is_active:
        return None
    if registration.may_ask is not None and not registration.may_ask(person):
        return None
    subject = _subject_fields(about)
    with transaction.atomic():
        # One at a time per person, so that two moments at once cannot both pass the cap.
        User.objects.select_for_update().filter(pk=person.pk).first()
        if Invitation.objects.filter(
            person=person, moment=moment, occasion=occasion, **subject
        ).exists():
            return None
        count = questionnaire.questions.count()
        cap = OutcomeSettings.load().max_questions_per_quarter
        if questions_asked_this_quarter(person) + count > cap:
            return None
        invitation = Invitation.objects.create(
            person=person,
            questionnaire=questionnaire,
            moment=moment,
            occasion=occasion,
            is_baseline=is_baseline,
            question_count=count,
            **subject,
        )
        notify(
            person,
            "outcomes/invited",
            link=settings.SITE_URL + reverse("outcomes:my_questions"),
            category=MessageCategory.OFFER,
        )
        record(
            "outcomes.invitation.sent",
            invitation,
            by=by,
            data={"moment": moment, "questionnaire": questionnaire.pk},
        )
    return invitation


def ask_again(invitation: Invitation) -> bool:
    """The day after "Not today" has come: one more neutral message, once; never to someone who
    may not be asked now (a parent on a break)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.to_ask_again()
            .select_for_update(of=("self",))
            .select_related("person")
            .filter(pk=invitation.pk)
            .first()
        )
        if invitation is None or invitation.person is None:
            return False
        registration = registered(invitation.moment)
        may_ask = registration.may_ask if registration else None
        invitation.asked_again_at = timezone.now()
        invitation.save(update_fields=["asked_again_at"])
        if may_ask is not None and not may_ask(invitation.person):
            return False
        notify(
            invitation.person,
            "outcomes/invited",
            link=settings.SITE_URL + reverse("outcomes:my_questions"),
            category=MessageCategory.OFFER,
        )
        record("outcomes.invitation.asked_again", invitation, by=None)
    return True


def _lock_open(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.OPEN:
        raise OutcomesError("You have already answered these questions. Thank you.")
    return invitation


def _checked_value(question: Question, raw: Any) -> tuple[int | None, str]:
    if question.kind == Kind.TEXT:
        text = str(raw or "").strip()
        if len(text) > TEXT_MAX:
            raise OutcomesError(f"Please keep your answer under {TEXT_MAX} characters.")
        return None, text
    if raw in (None, ""):
        return None, ""
    try:
        value = int(raw)
    except (TypeError, ValueError) as error:
        raise OutcomesError("Please choose one of the answers given.") from error
    low, high = VALUE_RANGE[question.kind]
    if not low <= value <= high:
        raise OutcomesError("Please choose one of the answers given.")
    return value, ""


def answer(
    invitation: Invitation,
    *,
    answers: dict[int, Any],
    by: User,
    submission_key: UUID | None = None,
) -> Invitation:
    """Save the person's answers ({question id: value or text}); a question not answered is
    skipped. An answer that may signal distress tells the participation manager privately."""
    questions = list(invitation.questionnaire.questions.all())
    checked = {q.pk: (q, *_checked_value(q, answers.get(q.pk))) for q in questions}
    now = timezone.now()
    with transaction.atomic():
        claim(submission_key, by=by)
        invitation = _lock_open(invitation)
        rows = [
            Answer(invitation=invitation, question=q, value=value, text=text, answered_at=now)
            for q, value, text in checked.values()
            if value is not None or text
        ]
        Answer.objects.bulk_create(rows)
        invitation.status = InvitationStatus.ANSWERED
        invitation.answered_at = now
        invitation.skipped_count = len(questions) - len(rows)
        invitation.save(update_fields=["status", "answered_at", "skipped_count"])
        worrying = _is_worrying(rows)
        if worrying:
            _raise_follow_up(invitation, FollowUp.Reason.DISTRESS)
        record(
            "outcomes.invitation.answered",
            invitation,
            by=by,
            data={"answered": len(rows), "skipped": invitation.skipped_count},
        )
    return invitation


def _is_worrying(rows: list[Answer]) -> bool:
    if any(row.question.is_worrying(row.value) for row in rows):
        return True
    texts = [row.text.lower() for row in rows if row.text]
    if not texts:
        return False
    words = OutcomeSettings.load().word_list
    return any(word in text for word in words for text in texts)


def _raise_follow_up(invitation: Invitation, reason: str) -> None:
    if invitation.person is None:  # erased meanwhile: nobody to call
        return
    moment = registered(invitation.moment)
    role = Role(moment.followed_up_by if moment else Role.PARTICIPATION_MANAGER)
    follow_up, created = FollowUp.objects.get_or_create(
        invitation=invitation,
        reason=reason,
        defaults={"person": invitation.person, "for_role": role},
    )
    if created:
        # The alert says only that there is something to look at: never what was answered.
        notify_role(
            role,
            "outcomes/follow_up",
            context={"follow_up": follow_up},
            link=settings.SITE_URL + reverse("outcomes_follow_ups:index"),
            category=MessageCategory.ALERT,
            urgent=True,
        )


def put_off(invitation: Invitation, *, by: User, submission_key: UUID | None = None) -> Invitation:
    """ "Not today": asked again a week later, once. Putting it off a second time closes it."""
    now = timezone.now()
    with transaction.atomic():
        claim(submission_key, by=by)
        invitation = _lock_open(invitation)
        fields = ["put_off_at", "ask_again_on", "status", "declined_at"]
        if invitation.put_off_at is None:
            invitation.put_off_at = now
            invitation.ask_again_on = timezone.localdate(now) + ASK_AGAIN_AFTER
            invitation.save(update_fields=fields)
            record("outcomes.invitation.put_off", invitation, by=by)
        else:
            invitation.status = InvitationStatus.DECLINED
            invitation.declined_at = now
            invitation.save(update_fields=fields)
            record("outcomes.invitation.declined", invitation, by=by)
    return invitation


def ask_for_call(
    invitation: Invitation, *, by: User, submission_key: UUID | None = None
) -> Invitation:
    """ "Talk to someone": the participation managers are asked to ring the person."""
    with transaction.atomic():
        claim(submission_key, by=by)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.call_asked_at is None:
            invitation.call_asked_at = timezone.now()
            invitation.save(update_fields=["call_asked_at"])
            _raise_follow_up(invitation, FollowUp.Reason.TALK)
            record("outcomes.invitation.call_asked", invitation, by=by)
    return invitation


def mark_follow_up_done(follow_up: FollowUp, *, by: User) -> FollowUp:
    """The manager has offered the call (or decided none is needed)."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_at is None:
            follow_up.done_at = timezone.now()
            follow_up.save(update_fields=["done_at"])
            record("outcomes.follow_up.done", follow_up, by=by)
    return follow_up


def save_questionnaire(questionnaire: Questionnaire, *, by: User) -> Questionnaire:
    """Save a questionnaire and its questions from the staff form."""
    with transaction.atomic():
        questionnaire.save()
        record("outcomes.questionnaire.saved", questionnaire, by=by)
    return questionnaire


def save_moment(moment: Moment, *, by: User) -> Moment:
    with transaction.atomic():
        if moment.is_on and moment.questionnaire is None:
            raise OutcomesError("Please choose the questionnaire to ask at this moment.")
        moment.save()
        record(
            "outcomes.moment.saved",
            moment,
            by=by,
            data={"is_on": moment.is_on, "questionnaire": moment.questionnaire_id},
        )
    return moment
