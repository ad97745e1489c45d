"""The outcomes section: each question's answers as "n of N" with the response rate beside it
and the change from the baseline, and the standard measures (ONS4, loneliness) each on its own.

Three aggregate queries, whatever the number of answers: answers per question, invitations
per questionnaire, and written answers (only counted, never read, unless chosen for an export).
"""

from django.db.models import Avg, Count, Q

from ..models import Answer, Invitation, Kind, Outcome
from .registry import ReportFilters, Table

# What counts as the answer the outcome hopes for, by kind of question.
POSITIVE = {
    Kind.AGREE5: Q(value__gte=4),  # agree or strongly agree
    Kind.YES_NO: Q(value=1),
    Kind.SCALE10: Q(value__gte=7),
    Kind.LONELY3: Q(value=1),  # hardly ever or never lonely
    Kind.OFTEN5: Q(value__lte=2),  # never or hardly ever lonely
}
POSITIVE_WORDS = {
    Kind.AGREE5: "agreed",
    Kind.YES_NO: "said yes",
    Kind.SCALE10: "7 to 10",
    Kind.LONELY3: "hardly ever or never",
    Kind.OFTEN5: "never or hardly ever",
}
OUTCOME_NAMES = dict(Outcome.choices)


def _answers(filters: ReportFilters):
    answers = Answer.objects.filter(
        answered_at__gte=filters.period_start,
        answered_at__lt=filters.period_end,
        value__isnull=False,
    )
    if filters.programme:
        answers = answers.filter(invitation__moment__startswith=f"{filters.programme}.")
    return answers


def _invitations(filters: ReportFilters):
    invitations = Invitation.objects.filter(
        sent_at__gte=filters.period_start, sent_at__lt=filters.period_end
    )
    if filters.programme:
        invitations = invitations.filter(moment__startswith=f"{filters.programme}.")
    return invitations


def _positive_count(prefix: str, baseline: bool) -> dict:
    """One Count per kind of question: the positive answers, at baseline or later."""
    when = Q(invitation__is_baseline=baseline)
    return {
        f"{prefix}_{kind}": Count("pk", filter=when & Q(question__kind=kind) & condition)
        for kind, condition in POSITIVE.items()
    }


def question_figures(filters: ReportFilters) -> list[dict]:
    """One row per question answered in the period (one query)."""
    return list(
        _answers(filters)
        .values(
            "question_id",
            "question__wording",
            "question__kind",
            "question__outcome",
            "question__instrument",
            "question__questionnaire_id",
            "question__sort_order",
        )
        .annotate(
            answered=Count("pk", filter=Q(invitation__is_baseline=False)),
            answered_baseline=Count("pk", filter=Q(invitation__is_baseline=True)),
            mean=Avg("value", filter=Q(invitation__is_baseline=False)),
            mean_baseline=Avg("value", filter=Q(invitation__is_baseline=True)),
            **_positive_count("positive", False),
            **_positive_count("positive_baseline", True),
        )
        .order_by("question__questionnaire_id", "question__sort_order")
    )


def response_rates(filters: ReportFilters) -> dict[int, tuple[int, int]]:
    """(answered, asked) per questionnaire for invitations sent in the period (one query)."""
    rows = (
        _invitations(filters)
        .values("questionnaire_id")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(status="answered")))
        .order_by()
    )
    return {row["questionnaire_id"]: (row["answered"], row["asked"]) for row in rows}


def _change(row: dict) -> str | None:
    """Percentage points between the share positive at baseline and later, or None."""
    kind = row["question__kind"]
    later, first = row["answered"], row["answered_baseline"]
    if not later or not first or later < 5 or first < 5:
        return None
    now = 100 * row[f"positive_{kind}"] / later
    then = 100 * row[f"positive_baseline_{kind}"] / first
    return f"{round(now - then):+d} points"


def build_outcomes(filters: ReportFilters) -> list[Table]:
    rows = question_figures(filters)
    rates = response_rates(filters)
    tagged = []
    measures = []
    for row in rows:
        kind = row["question__kind"]
        rate = rates.get(row["question__questionnaire_id"], (0, 0))
        if row["question__outcome"]:
            tagged.append(
                [
                    str(OUTCOME_NAMES[row["question__outcome"]]).capitalize(),
                    f"{row['question__wording']} ({POSITIVE_WORDS[kind]})",
                    row[f"positive_{kind}"],
                    row["answered"],
                    None,
                    rate,
                    _change(row),
                ]
            )
        if row["question__instrument"] and kind in (Kind.SCALE10, Kind.LONELY3, Kind.OFTEN5):
            measures.append(
                [
                    f"{row['question__instrument']}: {row['question__wording']}",
                    row["answered"],
                    _mean(row["mean"], row["answered"]),
                    _mean(row["mean_baseline"], row["answered_baseline"]),
                    rate,
                ]
            )
    return [
        Table(
            title="Outcome questions",
            columns=[
                "Outcome",
                "Question (what counts as positive)",
                "Positive answers",
                "Answered",
                "Share",
                "Response rate",
                "Change from baseline",
            ],
            kinds=["plain", "share_n", "share_N", "share_pct", "rate", "plain"],
            rows=tagged,
            chart_column=4,
            label_columns=2,
            note=(
                "Answers given in the period, baseline answers left out; the response rate is "
                "questionnaires answered of those sent in the period. Change from baseline "
                "compares the share positive among baseline answers with later answers."
            ),
        ),
        Table(
            title="Standard measures, each question on its own",
            columns=[
                "Question",
                "Answered",
                "Average answer",
                "Average at baseline",
                "Response rate",
            ],
            kinds=["people", "plain", "plain", "rate"],
            rows=measures,
            chart=False,
            note=(
                "ONS4 personal wellbeing (0 to 10) and loneliness questions are reported each "
                "on its own and never added together. An average of fewer than 5 answers is "
                "not shown."
            ),
        ),
    ]


def _mean(value: float | None, count: int) -> str | None:
    if value is None or count < 5:
        return None
    return f"{value:.1f}"


def text_answers(filters: ReportFilters) -> list[tuple[str, str]]:
    """Written answers in the period as (question, words): never who wrote them. Only for an
    export where staff chose to include them."""
    answers = Answer.objects.filter(
        answered_at__gte=filters.period_start,
        answered_at__lt=filters.period_end,
        question__kind=Kind.TEXT,
    ).exclude(text="")
    if filters.programme:
        answers = answers.filter(invitation__moment__startswith=f"{filters.programme}.")
    return [
        (wording, text)
        for wording, text in answers.order_by("question__sort_order", "answered_at").values_list(
            "question__wording", "text"
        )
    ]
