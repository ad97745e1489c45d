"""Demo data: the starting questionnaires, every registered moment on, the manager's word list,
and for the demo parent one set of questions waiting and one answered a while ago. Idempotent;
rows are written directly so that seeding sends no messages."""

from datetime import timedelta

from django.utils import timezone

from pace_site.accounts.roles import Role

from .models import (
    Answer,
    Invitation,
    InvitationStatus,
    Kind,
    Moment,
    OutcomeSettings,
    Question,
    Questionnaire,
    SavedReport,
)
from .moments import sync_moments
from .seed import seed

WORDS = "hopeless\ncan't cope\ngive up\nno way out\nnot safe"


def seed_demo(*, users, stdout) -> None:
    seed(Questionnaire, Question)
    sync_moments()
    # On the demo site every moment with a questionnaire asks (a real site starts with them off).
    Moment.objects.filter(questionnaire__isnull=False).update(is_on=True)
    settings = OutcomeSettings.load()
    if not settings.worrying_words:
        settings.worrying_words = WORDS
        settings.save()
    # A funder's quarterly figures, saved once, as a manager would from the report page.
    SavedReport.objects.get_or_create(
        name="Funder: every quarter",
        defaults={"period": "last_quarter", "created_by": users.get(Role.PARTICIPATION_MANAGER)},
    )
    parent = users.get(Role.PARENT)
    moments = [
        m
        for m in Moment.objects.filter(is_on=True, key__startswith="participation.").select_related(
            "questionnaire"
        )
        if m.questionnaire is not None
    ]
    if parent is None or not moments:
        return
    now = timezone.now()
    for index, moment in enumerate(moments[:2]):
        questionnaire = moment.questionnaire
        assert questionnaire is not None
        invitation, created = Invitation.objects.get_or_create(
            person=parent,
            moment=moment.key,
            occasion="demo",
            defaults={
                "questionnaire": questionnaire,
                "question_count": questionnaire.questions.count(),
                "sent_at": now - timedelta(days=40 * index),
            },
        )
        if created and index == 1:
            _answer(invitation, now - timedelta(days=39))
    befriender = users.get(Role.BEFRIENDER)
    review = Moment.objects.filter(key="befriending.review_befriender", is_on=True).first()
    if befriender is not None and review is not None and review.questionnaire is not None:
        # The demo befriender has the questions after a match review waiting.
        Invitation.objects.get_or_create(
            person=befriender,
            moment=review.key,
            occasion="demo",
            defaults={
                "questionnaire": review.questionnaire,
                "question_count": review.questionnaire.questions.count(),
                "sent_at": now,
            },
        )
    stdout.write(f"  outcomes: {Questionnaire.objects.count()} questionnaires, moments on")


def _answer(invitation: Invitation, when) -> None:
    """A believable set of answers: agreeing, middling wellbeing, lonely some of the time."""
    values = {Kind.AGREE5: 4, Kind.SCALE10: 6, Kind.YES_NO: 1, Kind.LONELY3: 2, Kind.OFTEN5: 3}
    rows = [
        Answer(invitation=invitation, question=q, value=values[q.kind], answered_at=when)
        for q in invitation.questionnaire.questions.exclude(kind=Kind.TEXT)
    ]
    Answer.objects.bulk_create(rows)
    invitation.status = InvitationStatus.ANSWERED
    invitation.answered_at = when
    invitation.save(update_fields=["status", "answered_at"])
