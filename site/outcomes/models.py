"""Outcome questionnaires and the answers parents give.

Built for the reports: one `Answer` row per question answered, with a number for every scale
(`value`), the outcome the question measures on the question itself, and the moment (and what it
was about) on the `Invitation` the answers belong to. Erasing a person removes the link to them
and the written words; the numbers stay so that totals still add up.
"""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.forms.formsets import ORDERING_FIELD_NAME
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from pace_site.crypto import EncryptedTextField

from .admin_forms import QuestionnaireForm
from .reports.periods import PeriodRule


class Kind(models.TextChoices):
    """How a question is answered. Every kind but free text is stored as a number."""

    AGREE5 = "agree5", _("five-point agree scale (1 strongly disagree – 5 strongly agree)")
    SCALE10 = "scale10", _("0 to 10 scale")
    YES_NO = "yes_no", _("yes or no (1 yes, 0 no)")
    LONELY3 = "lonely3", _("hardly ever / some of the time / often (1–3)")
    OFTEN5 = "often5", _("never … often or always (1–5)")
    TEXT = "text", _("free text")


# The answers a parent chooses from, by kind, as (stored number, words).
CHOICES: dict[str, list[tuple[int, Any]]] = {
    Kind.AGREE5: [
        (5, _("Strongly agree")),
        (4, _("Agree")),
        (3, _("Neither agree nor disagree")),
        (2, _("Disagree")),
        (1, _("Strongly disagree")),
    ],
    Kind.SCALE10: [(n, str(n)) for n in range(11)],
    Kind.YES_NO: [(1, _("Yes")), (0, _("No"))],
    Kind.LONELY3: [(1, _("Hardly ever or never")), (2, _("Some of the time")), (3, _("Often"))],
    Kind.OFTEN5: [
        (5, _("Often or always")),
        (4, _("Some of the time")),
        (3, _("Occasionally")),
        (2, _("Hardly ever")),
        (1, _("Never")),
    ],
}
VALUE_RANGE = {kind: (min(v for v, _w in c), max(v for v, _w in c)) for kind, c in CHOICES.items()}


class Outcome(models.TextChoices):
    NONE = "", _("none")
    LESS_ISOLATED = "less_isolated", _("less isolated")
    MORE_CONFIDENT = "more_confident", _("more confident")
    UNDERSTANDING = "understanding", _("understanding of exploitation")
    SAFEGUARDING = "safeguarding", _("safeguarding improved")
    FELT_HEARD = "felt_heard", _("felt heard")
    EMPOWERED = "empowered", _("felt empowered")


class Distress(models.TextChoices):
    """What, in an answer, may signal distress (stored on the question; read when answered)."""

    NONE = "", _("none")
    LOW = "low", _("very low: 0 to 3 is a worry (ONS happiness, life satisfaction, worthwhile)")
    HIGH = "high", _("very high: 7 to 10 is a worry (ONS anxiety)")
    OFTEN = "often", _('"often" is a worry (loneliness)')


class QuestionsPanel(InlinePanel):
    """Wagtail's InlinePanel, without the second `value` attribute it gives each hidden ORDER
    input (its position, on top of the bound value: invalid HTML). The bound value is the same
    position (Django's ordered formsets number the forms from 1)."""

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.formset.can_order:
                for form in self.formset.forms:
                    form.fields[ORDERING_FIELD_NAME].widget.attrs.pop("value", None)


class Questionnaire(ClusterableModel):
    """A short set of questions asked at a moment (after a debrief, every six months …)."""

    slug = models.SlugField(unique=True, help_text=_("A short name for the system; not shown."))
    title = models.CharField(_("title"), max_length=120)
    purpose = models.TextField(
        _("what it is for"),
        max_length=600,
        help_text=_("Shown to the parent first, in plain words: why we ask and who reads it."),
    )
    minutes = models.PositiveSmallIntegerField(
        _("about how many minutes"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    is_active = models.BooleanField(_("in use"), default=True)

    base_form_class = QuestionnaireForm

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("purpose"),
        FieldPanel("minutes"),
        FieldPanel("is_active"),
        QuestionsPanel("questions", label=_("Questions"), min_num=1),
    ]

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=30), name="questionnaire_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(Orderable):
    questionnaire = ParentalKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    wording = models.CharField(_("wording"), max_length=300)
    kind = models.CharField(_("how it is answered"), max_length=10, choices=Kind.choices)
    outcome = models.CharField(
        _("outcome it measures"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    distress = models.CharField(
        _("an answer that is a worry"),
        max_length=10,
        choices=Distress.choices,
        blank=True,
        default="",
        help_text=_("The participation manager is told privately, to offer a call."),
    )
    instrument = models.CharField(
        _("standard set it belongs to"),
        max_length=80,
        blank=True,
        help_text=_('For example "ONS4 personal wellbeing". Leave empty for our own questions.'),
    )
    source = models.CharField(_("source and licence"), max_length=300, blank=True)
    report_separately = models.BooleanField(
        _("report on its own, never combined"),
        default=False,
        help_text=_("The ONS4 questions are each reported separately and never added together."),
    )

    panels = [
        FieldPanel("wording"),
        FieldPanel("kind"),
        FieldPanel("outcome"),
        FieldPanel("distress"),
        FieldPanel("instrument"),
        FieldPanel("source"),
        FieldPanel("report_separately"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="question_kind_known"),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="question_outcome_known"
            ),
            models.CheckConstraint(
                condition=Q(distress="")
                | Q(distress__in=["low", "high"], kind="scale10")
                | Q(distress="often", kind__in=["lonely3", "often5"]),
                name="question_distress_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.wording

    @property
    def choices(self) -> list[tuple[int, Any]]:
        return CHOICES.get(self.kind, [])

    def is_worrying(self, value: int | None) -> bool:
        if value is None or not self.distress:
            return False
        if self.distress == Distress.LOW:
            return value <= 3
        if self.distress == Distress.HIGH:
            return value >= 7
        return value == VALUE_RANGE[self.kind][1]  # "often" (or "often or always")


class Moment(models.Model):
    """A moment an app has registered (see moments.py), as staff set it: on or off, and which
    questionnaire is asked then."""

    key = models.CharField(max_length=80, unique=True)
    label = models.CharField(_("moment"), max_length=200)
    is_on = models.BooleanField(_("ask at this moment"), default=False)
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moments",
    )

    panels = [FieldPanel("is_on"), FieldPanel("questionnaire")]

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.is_on and self.questionnaire_id is None:
            raise ValidationError(
                {"questionnaire": _("Please choose the questionnaire to ask at this moment.")}
            )


class InvitationQuerySet(models.QuerySet):
    def for_person(self, user):
        return self.filter(person=user) if user.is_authenticated else self.none()

    def waiting(self, today=None):
        """Open, and not put off to a later day."""
        today = today or timezone.localdate()
        return self.filter(status=InvitationStatus.OPEN).filter(
            Q(ask_again_on__isnull=True) | Q(ask_again_on__lte=today)
        )

    def answered(self):
        return self.filter(status=InvitationStatus.ANSWERED)

    def to_ask_again(self, today=None):
        """Put off with "Not today", the day to ask again has come, and not asked yet."""
        today = today or timezone.localdate()
        return self.filter(
            status=InvitationStatus.OPEN, ask_again_on__lte=today, asked_again_at__isnull=True
        )


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("waiting for an answer")
    ANSWERED = "answered", _("answered")
    DECLINED = "declined", _("not answered")


class Invitation(models.Model):
    """One person asked one questionnaire at one moment (about one thing: a sign-up, a match)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcome_invitations",
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="invitations"
    )
    moment = models.CharField(max_length=80, db_index=True)
    # What the moment was about (the platform knows no app's models: a generic reference, like
    # the sharing log's consent). Empty for moments about nothing in particular.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Tells apart repeated invitations about the same thing ("baseline", "2026-12").
    occasion = models.CharField(max_length=20, blank=True, default="")
    is_baseline = models.BooleanField(default=False)
    question_count = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    sent_at = models.DateTimeField(default=timezone.now)
    put_off_at = models.DateTimeField(null=True, blank=True)
    ask_again_on = models.DateField(null=True, blank=True)
    asked_again_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    skipped_count = models.PositiveSmallIntegerField(default=0)
    call_asked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["person", "status"], name="invitation_person_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "moment", "subject_type", "subject_id", "occasion"],
                nulls_distinct=False,
                name="invitation_once_per_moment",
            ),
            models.CheckConstraint(
                condition=Q(subject_type__isnull=True, subject_id__isnull=True)
                | Q(subject_type__isnull=False, subject_id__isnull=False),
                name="invitation_subject_whole",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_at__isnull=False),
                name="invitation_answered_when",
            ),
            models.CheckConstraint(
                condition=Q(ask_again_on__isnull=True) | Q(put_off_at__isnull=False),
                name="invitation_asked_again_only_once_put_off",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} ({self.sent_at:%-d %b %Y})"

    @property
    def can_put_off(self) -> bool:
        return self.status == InvitationStatus.OPEN and self.put_off_at is None


class Answer(models.Model):
    """One question answered. `value` for every scale and yes/no; `text` for free text."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = EncryptedTextField(blank=True, default="")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=10),
                name="answer_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} ({self.answered_at:%-d %b %Y})"


# Who follows up an answer: the staff of the programme the person answered for (a moment says
# whom when it is registered: pace_site.outcomes.moments.register_moment(followed_up_by=…)).
FOLLOWED_UP_BY = ("Participation manager", "Befriending coordinator")


def follow_ups_visible_to(user) -> "models.QuerySet[FollowUp]":
    """Administrators reach every answer to follow up; other staff those their role follows up
    (a parent's answers: participation managers; a volunteer's: befriending coordinators).
    A function rather than a manager's method: a custom manager here makes django-stubs lose
    Invitation's queryset methods."""
    if not user.is_authenticated:
        return FollowUp.objects.none()
    if user.is_superuser or user.has_role("Administrator"):
        return FollowUp.objects.all()
    roles = [role for role in FOLLOWED_UP_BY if user.has_role(role)]
    return FollowUp.objects.filter(for_role__in=roles)


def open_follow_ups_for(role: str) -> "models.QuerySet[FollowUp]":
    """The answers one role has still to follow up."""
    return FollowUp.objects.filter(done_at__isnull=True, for_role=role)


class FollowUp(models.Model):
    """A private note for staff: an answer may signal distress, or the person asked to talk.
    Never shown to the person; the alert e-mail never says what was said. It goes to the staff
    who support them in the programme they answered for (`for_role`)."""

    class Reason(models.TextChoices):
        DISTRESS = "distress", _("an answer that may need a call")
        TALK = "talk", _("asked to talk to someone")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcome_follow_ups"
    )
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="follow_ups")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    for_role = models.CharField(
        _("followed up by"),
        max_length=40,
        choices=[(role, role) for role in FOLLOWED_UP_BY],
        default=FOLLOWED_UP_BY[0],
    )
    raised_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "-raised_at"]
        verbose_name = "answer to follow up"
        verbose_name_plural = "answers to follow up"
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "reason"], name="follow_up_once_per_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.raised_at:%-d %b %Y})"


@register_setting(icon="list-ul")
class OutcomeSettings(BaseGenericSetting):
    """How much parents are asked, and the words in an answer that the manager wants to know
    about."""

    max_questions_per_quarter = models.PositiveSmallIntegerField(
        _("most questions a parent is asked in three months"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    worrying_words = models.TextField(
        _("words in a written answer that the manager is told about"),
        blank=True,
        default="",
        help_text=_(
            "One word or phrase a line. The parent is never told; the manager is asked to offer "
            "a call."
        ),
    )

    class Meta:
        verbose_name = "questionnaires"

    @property
    def word_list(self) -> list[str]:
        return [w.strip().lower() for w in self.worrying_words.splitlines() if w.strip()]


class SavedReport(models.Model):
    """A report definition a manager saved to run again (a funder's quarterly figures): its
    period rule or fixed dates, its filters and its sections. Holds no figures."""

    name = models.CharField(_("name"), max_length=120)
    period = models.CharField(
        _("period"), max_length=20, choices=PeriodRule.choices, default=PeriodRule.LAST_QUARTER
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    programme = models.CharField(_("programme"), max_length=20, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    activity_type_id = models.PositiveBigIntegerField(null=True, blank=True)
    sections = models.JSONField(_("sections"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "saved report"
        constraints = [
            models.CheckConstraint(
                condition=Q(period__in=PeriodRule.values), name="saved_report_period_known"
            ),
            models.CheckConstraint(
                condition=~Q(period="fixed")
                | Q(starts_on__isnull=False, ends_on__isnull=False, starts_on__lte=F("ends_on")),
                name="saved_report_fixed_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def query(self) -> str:
        """The report page's query string for this definition."""
        from urllib.parse import urlencode

        data: list[tuple[str, Any]] = [("period", self.period)]
        if self.period == PeriodRule.FIXED and self.starts_on and self.ends_on:
            for name, day in (("starts_on", self.starts_on), ("ends_on", self.ends_on)):
                data += [
                    (f"{name}_day", day.day),
                    (f"{name}_month", day.month),
                    (f"{name}_year", day.year),
                ]
        data += [("programme", self.programme), ("region", self.region)]
        if self.activity_type_id:
            data.append(("activity_type", self.activity_type_id))
        data += [("sections", key) for key in self.sections]
        return urlencode([(k, v) for k, v in data if v not in ("", None)])
