"""The befriending panel of the staff dashboard: what needs the coordinator's attention."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.outcomes.models import open_follow_ups_for

from .models import Befriender, Concern, ConcernStatus, Match, MatchStatus, Referral, Review


def is_coordinator(user) -> bool:
    return user.is_superuser or user.has_role(Role.BEFRIENDING_COORDINATOR, Role.ADMINISTRATOR)


def dashboard_figures(today=None) -> dict:
    """What needs the coordinator's attention. Queries: concerns (1), reviews (2), matches (1),
    volunteers (2), referrals (1), concern count (1), volunteers' answers to follow up (1): nine
    whatever the numbers."""
    today = today or timezone.localdate()
    open_concerns = list(
        Concern.objects.unresolved()
        .select_related("befriender")
        .only("pk", "urgency", "status", "raised_at", "befriender__name")
        .order_by("raised_at")[:10]
    )
    reviews = Review.objects.pending().aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due=Count("pk", filter=Q(due_on__gte=today, due_on__lte=today + timedelta(days=14))),
    )
    overdue_reviews = list(
        Review.objects.overdue(today=today)
        .select_related("match__befriender", "match__parent")
        .order_by("due_on")[:10]
    )
    ending = Match.objects.ending_within(31, today=today).count()
    dbs_due = Befriender.objects.dbs_renewal_due(today=today).count()
    waiting_volunteers = Befriender.objects.waiting_for_match().count()
    waiting_referrals = Referral.objects.waiting().count()
    return {
        "open_concerns": open_concerns,
        "open_concern_count": Concern.objects.unresolved().count(),
        "answers_to_follow_up": open_follow_ups_for(Role.BEFRIENDING_COORDINATOR).count(),
        "reviews_overdue": reviews["overdue"],
        "reviews_due": reviews["due"],
        "overdue_reviews": overdue_reviews,
        "matches_ending": ending,
        "dbs_due": dbs_due,
        "volunteers_waiting": waiting_volunteers,
        "referrals_waiting": waiting_referrals,
        "ConcernStatus": ConcernStatus,
        "MatchStatus": MatchStatus,
    }


class BefriendingDashboardPanel(Component):
    name = "befriending"
    template_name = "befriending/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(dashboard_figures())
        # It lists open concerns: each view is audited.
        record(
            "befriending.dashboard.viewed",
            by=parent_context["request"].user,
            data={"open_concerns": context["open_concern_count"]},
        )
        return context
