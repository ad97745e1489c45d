"""The participation manager's panel on the Wagtail admin home."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.outcomes.models import open_follow_ups_for
from pace_site.payments.models import Payment

from .models import CheckIn, Opportunity, Parent, Pause, SignUp, is_participation_staff
from .models.care import call_is_urgent
from .payments import KIND as PAYMENT_KIND

SHOWN = 8  # rows per list; the counts say how many there are in all


def _with_waiting_days(calls, today) -> list:
    calls = list(calls)
    for call in calls:
        call.days_waiting = (today - timezone.localdate(call.happened_at)).days
        call.is_urgent = call_is_urgent(call, today)
    return calls


def dashboard_context(today=None) -> dict:
    """Everything the panel shows, in a fixed number of queries whatever the data size, each
    list bounded to the SHOWN most urgent rows with its count: overdue, due this week, call
    requests, sign-ups waiting, pauses ending this week, opportunities closing soon, payments
    overdue (count + rows each), answers to follow up (count), paused parents' commitments (the rows, and
    whether there are more)."""
    today = today or timezone.localdate()
    week_end = today + timedelta(days=7)
    overdue = Parent.objects.check_in_overdue(today).order_by("check_in_due_on", "pk")
    due_soon = Parent.objects.check_in_due_between(today, week_end).order_by(
        "check_in_due_on", "pk"
    )
    waiting = (
        SignUp.objects.waiting()
        .select_related("parent", "opportunity")
        .order_by("created_at", "pk")
    )
    # Longest waiting first; those waiting two days or more are marked urgent. What was said is
    # never on the panel, so it is not read (nor decrypted).
    calls = (
        CheckIn.objects.calls_requested()
        .select_related("parent")
        .defer("words", "notes", "support_wanted", "follow_up")
        .order_by("happened_at")
    )
    # Parents who asked to come back first, then pauses by the day they end.
    pauses_ending = (
        Pause.objects.open()
        .filter(
            Q(planned_end_on__isnull=False, planned_end_on__lte=week_end)
            | Q(return_requested_at__isnull=False)
        )
        .select_related("parent")
        .order_by("return_requested_at", "planned_end_on", "pk")
    )
    closing_soon = Opportunity.objects.closing_soon().order_by("respond_by", "pk")
    paused_commitments = list(
        SignUp.objects.upcoming_commitments()
        .filter(parent__status="paused")
        .select_related("parent", "opportunity")
        .order_by("opportunity__starts_at", "pk")[: SHOWN + 1]
    )
    # Involvement payments not paid more than 14 days after taking part, oldest first.
    payments_overdue = (
        Payment.objects.overdue(today)
        .filter(kind=PAYMENT_KIND)
        .select_related("person")
        .order_by("earned_on", "pk")
    )
    return {
        "payments_overdue_count": payments_overdue.count(),
        "payments_overdue": list(payments_overdue[:SHOWN]),
        "overdue_count": overdue.count(),
        "overdue": list(overdue[:SHOWN]),
        "due_soon_count": due_soon.count(),
        "due_soon": list(due_soon[:SHOWN]),
        "calls_count": calls.count(),
        "calls": _with_waiting_days(calls[:SHOWN], today),
        # Questionnaire answers that may need a call, and requests to talk (never what was said).
        "answers_to_follow_up": open_follow_ups_for(Role.PARTICIPATION_MANAGER).count(),
        "waiting_count": waiting.count(),
        "waiting": list(waiting[:SHOWN]),
        "pauses_ending_count": pauses_ending.count(),
        "pauses_ending": list(pauses_ending[:SHOWN]),
        "closing_soon_count": closing_soon.count(),
        "closing_soon": list(closing_soon[:SHOWN]),
        # One row more than is shown says whether there are more.
        "paused_commitments": paused_commitments[:SHOWN],
        "more_paused_commitments": len(paused_commitments) > SHOWN,
        "today": today,
    }


class ParticipationPanel(Component):
    name = "participation"
    order = 50
    template_name = "participation/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        context = dashboard_context()
        # It lists who asked for a call and whose pause ends: each view is audited.
        request = (parent_context or {}).get("request")
        if request is not None:
            record(
                "participation.dashboard.viewed",
                by=request.user,
                data={"calls": context["calls_count"], "overdue": context["overdue_count"]},
            )
        return context


def add_panel(request, panels) -> None:
    """Only the participation manager and administrators see the panel."""
    if is_participation_staff(request.user):
        panels.insert(0, ParticipationPanel())
