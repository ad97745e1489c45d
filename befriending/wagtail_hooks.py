"""The coordinator's lists (Wagtail ViewSets with filters, search and export), the action pages
(admin URLs), and the dashboard panel. Lists are read-only: every change goes through the
action pages and their services, so the rules (6–18 months, capacity, vetting order) hold."""

from datetime import timedelta

import django_filters
from django.db.models import Count, Q
from django.urls import include, path, reverse
from django.utils import timezone
from django_filters.widgets import BooleanWidget
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.workspace import AllowedActionsPolicy, StaffIndexView

from . import admin_urls
from .models import (
    Befriender,
    Concern,
    ConcernStatus,
    Match,
    MatchStatus,
    Referral,
    Review,
)


def _index_view(detail_url_name, add_url_name=None, related=(), audit_code=None):
    class ActionPageIndexView(StaffIndexView):
        """Rows link to the coordinator's action page for the record."""

        select_related = tuple(related)

        def get_edit_url(self, instance):
            return reverse(detail_url_name, args=[instance.pk])

        def get_copy_url(self, instance):
            return None

        def get_inspect_url(self, instance):
            return None

        def get_delete_url(self, instance):
            return None

        def get_add_url(self):
            return reverse(add_url_name) if add_url_name else None

    ActionPageIndexView.audit_code = audit_code
    return ActionPageIndexView


class BefriendingViewSet(ModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    detail_url_name = ""
    add_url_name = None
    list_select_related = ()
    list_audit_code = None  # the code its listing writes to the audit trail on each view
    form_fields = []  # no generic form: changes go through the action pages

    @property
    def permission_policy(self):
        return AllowedActionsPolicy(self.model)

    @property
    def index_view_class(self):
        return _index_view(
            self.detail_url_name,
            self.add_url_name,
            self.list_select_related,
            audit_code=self.list_audit_code,
        )


class BefrienderFilterSet(WagtailFilterSet):
    waiting = django_filters.BooleanFilter(
        label="Waiting for a match", method="filter_waiting", widget=BooleanWidget()
    )
    dbs_due = django_filters.BooleanFilter(
        label="DBS renewal due", method="filter_dbs_due", widget=BooleanWidget()
    )

    class Meta:
        model = Befriender
        fields = ["status", "region", "gender"]

    def filter_waiting(self, queryset, name, value):
        waiting = Befriender.objects.waiting_for_match().values("pk")
        return queryset.filter(pk__in=waiting) if value else queryset.exclude(pk__in=waiting)

    def filter_dbs_due(self, queryset, name, value):
        due = Befriender.objects.dbs_renewal_due().values("pk")
        return queryset.filter(pk__in=due) if value else queryset.exclude(pk__in=due)


class ReviewFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(
        label="Overdue", method="filter_overdue", widget=BooleanWidget()
    )

    class Meta:
        model = Review
        fields = ["kind", "outcome", "match__status"]

    def filter_overdue(self, queryset, name, value):
        overdue = Review.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class MatchFilterSet(WagtailFilterSet):
    ending_soon = django_filters.BooleanFilter(
        label="Ending in the next month", method="filter_ending_soon", widget=BooleanWidget()
    )

    class Meta:
        model = Match
        fields = ["status", "ending_reason", "befriender__region"]

    def filter_ending_soon(self, queryset, name, value):
        ending = Match.objects.ending_within(31).values("pk")
        return queryset.filter(pk__in=ending) if value else queryset.exclude(pk__in=ending)


class ConcernFilterSet(WagtailFilterSet):
    unresolved = django_filters.BooleanFilter(
        label="Not yet closed", method="filter_unresolved", widget=BooleanWidget()
    )

    class Meta:
        model = Concern
        fields = ["status", "urgency"]

    def filter_unresolved(self, queryset, name, value):
        return (
            queryset.exclude(status=ConcernStatus.CLOSED)
            if value
            else queryset.filter(status=ConcernStatus.CLOSED)
        )


class BefrienderViewSet(BefriendingViewSet):
    model = Befriender
    list_audit_code = "befriending.befriender_list.viewed"
    icon = "user"
    menu_label = "Volunteers"
    url_prefix = "befriending/volunteers"
    detail_url_name = "befriending_admin:befriender"
    list_display = ["name", "status", "region", "languages", "dbs_issued_on", "applied_on"]
    filterset_class = BefrienderFilterSet
    search_fields = ["name", "email", "region", "languages"]
    list_export = [
        "name",
        "email",
        "phone",
        "status",
        "region",
        "languages",
        "availability_display",
        "max_active_matches",
        "dbs_issued_on",
        "dbs_renewal_due_on",
        "applied_on",
    ]
    export_filename = "volunteers"


class ReferralViewSet(BefriendingViewSet):
    model = Referral
    list_audit_code = "befriending.referral_list.viewed"
    icon = "clipboard-list"
    menu_label = "Referrals"
    url_prefix = "befriending/referrals"
    detail_url_name = "befriending_admin:referral"
    add_url_name = "befriending_admin:referral_add"
    list_display = ["parent", "status", "region", "preferred_gender", "referred_on"]
    list_filter = ["status", "region", "preferred_gender"]
    search_fields = ["parent__preferred_name", "region", "preferred_language"]
    list_export = [
        "parent",
        "status",
        "region",
        "preferred_gender",
        "preferred_language",
        "referred_on",
    ]
    export_filename = "referrals"

    list_select_related = ("parent",)


class MatchViewSet(BefriendingViewSet):
    model = Match
    list_audit_code = "befriending.match_list.viewed"
    icon = "group"
    menu_label = "Matches"
    url_prefix = "befriending/matches"
    detail_url_name = "befriending_admin:match"
    list_display = [
        "__str__",
        "status",
        "started_on",
        "planned_end_on",
        "ended_on",
        Column("months_together", label="Months together", accessor="months_together"),
    ]
    filterset_class = MatchFilterSet
    search_fields = ["befriender__name", "parent__preferred_name"]
    list_export = [
        "befriender",
        "parent",
        "status",
        "introduction_on",
        "started_on",
        "planned_end_on",
        "ended_on",
        "ending_reason",
        "how_often",
        "contact_method",
    ]
    export_filename = "matches"

    list_select_related = ("befriender", "parent")


class ReviewViewSet(BefriendingViewSet):
    model = Review
    list_audit_code = "befriending.review_list.viewed"
    icon = "date"
    menu_label = "Reviews"
    url_prefix = "befriending/reviews"
    detail_url_name = "befriending_admin:match"
    list_display = ["match", "kind", "due_on", "completed_on", "outcome"]
    filterset_class = ReviewFilterSet
    search_fields = ["match__befriender__name", "match__parent__preferred_name"]
    list_export = ["match", "kind", "due_on", "completed_on", "outcome"]
    export_filename = "reviews"

    list_select_related = ("match__befriender", "match__parent")

    @property
    def index_view_class(self):
        base = _index_view(
            "befriending_admin:match",
            related=self.list_select_related,
            audit_code=self.list_audit_code,
        )

        class ReviewIndexView(base):
            def get_edit_url(self, instance):
                return reverse("befriending_admin:match", args=[instance.match_id])

        return ReviewIndexView


class ConcernViewSet(BefriendingViewSet):
    model = Concern
    list_audit_code = "befriending.concern_list.viewed"
    icon = "warning"
    menu_label = "Concerns"
    url_prefix = "befriending/concerns"
    detail_url_name = "befriending_admin:concern"
    list_display = ["__str__", "befriender", "urgency", "status", "closed_at"]
    filterset_class = ConcernFilterSet
    search_fields = ["befriender__name"]
    list_export = ["raised_at", "befriender", "match", "urgency", "status", "closed_at"]
    export_filename = "concerns"

    list_select_related = ("befriender",)


class BefriendingGroup(ModelViewSetGroup):
    menu_label = "Befriending"
    menu_icon = "group"
    menu_order = 300
    items = (
        ConcernViewSet("befriending_concern"),
        ReferralViewSet("befriending_referral"),
        MatchViewSet("befriending_match"),
        ReviewViewSet("befriending_review"),
        BefrienderViewSet("befriending_befriender"),
    )


@hooks.register("register_admin_viewset")
def register_befriending_viewsets():
    return BefriendingGroup()


@hooks.register("register_admin_urls")
def register_befriending_admin_urls():
    return [path("befriending/manage/", include(admin_urls, namespace="befriending_admin"))]


# ---------------------------------------------------------------------------------------------
# Dashboard


def is_coordinator(user) -> bool:
    return user.is_superuser or user.has_role(Role.BEFRIENDING_COORDINATOR, Role.ADMINISTRATOR)


def dashboard_figures(today=None) -> dict:
    """What needs the coordinator's attention. Queries: concerns (1), reviews (2), matches (1),
    volunteers (2), referrals (1), concern count (1): eight whatever the numbers."""
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


@hooks.register("construct_homepage_panels")
def add_befriending_panel(request, panels):
    if is_coordinator(request.user):
        panels.append(BefriendingDashboardPanel())
