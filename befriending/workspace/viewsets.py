"""The coordinator's listings (filters, search and export) and the routes of each kind of record:

    /admin/befriending/<records>/                 the listing
    /admin/befriending/<records>/inspect/<pk>/    the record's page
    /admin/befriending/<records>/<pk>/<action>/   its actions

Listings are read-only: every change goes through the actions and their services, so the rules
(6–18 months, capacity, vetting order) hold."""

import django_filters
from django.urls import reverse
from django_filters.widgets import BooleanWidget
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup

from pace_site.accounts.roles import Role
from pace_site.workspace import StaffIndexView, StaffViewSet, action

from ..models import Befriender, Concern, ContactLog, Match, Referral, Review
from . import actions, records


def _in_or_out(queryset, subset, value: bool):
    """A yes/no filter: the rows in `subset` (yes) or the others (no), in one query."""
    ids = subset.values("pk")
    return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


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
        return _in_or_out(queryset, Befriender.objects.waiting_for_match(), value)

    def filter_dbs_due(self, queryset, name, value):
        return _in_or_out(queryset, Befriender.objects.dbs_renewal_due(), value)


class ReviewFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(
        label="Overdue", method="filter_overdue", widget=BooleanWidget()
    )

    class Meta:
        model = Review
        fields = ["kind", "outcome", "match__status"]

    def filter_overdue(self, queryset, name, value):
        return _in_or_out(queryset, Review.objects.overdue(), value)


class MatchFilterSet(WagtailFilterSet):
    ending_soon = django_filters.BooleanFilter(
        label="Ending in the next month", method="filter_ending_soon", widget=BooleanWidget()
    )

    class Meta:
        model = Match
        fields = ["status", "ending_reason", "befriender__region"]

    def filter_ending_soon(self, queryset, name, value):
        return _in_or_out(queryset, Match.objects.ending_within(31), value)


class ConcernFilterSet(WagtailFilterSet):
    unresolved = django_filters.BooleanFilter(
        label="Not yet closed", method="filter_unresolved", widget=BooleanWidget()
    )

    class Meta:
        model = Concern
        fields = ["status", "urgency"]

    def filter_unresolved(self, queryset, name, value):
        return _in_or_out(queryset, Concern.objects.unresolved(), value)


class BefriendingViewSet(StaffViewSet):
    """What every befriending viewset shares: the coordinator's role, no menu item of its own
    (the group has one)."""

    roles = (Role.BEFRIENDING_COORDINATOR,)
    add_to_admin_menu = False


class BefrienderViewSet(BefriendingViewSet):
    model = Befriender
    record_view_class = records.BefrienderRecordView
    list_audit_code = "befriending.befriender_list.viewed"
    icon = "user"
    menu_label = "Volunteers"
    url_prefix = "befriending/volunteers"
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
    actions = (
        action("<id:pk>/move/", actions.MoveBefrienderView, "move"),
        action("<id:pk>/capacity/", actions.SetCapacityView, "capacity"),
        action("<id:pk>/dbs/", actions.RecordDbsView, "dbs"),
        action("<id:pk>/training/", actions.RecordTrainingView, "training"),
        action("<id:pk>/supervision/", actions.RecordSupervisionView, "supervision"),
    )


class ReferralIndexView(StaffIndexView):
    """The listing's "add" button opens the referral form (which calls the service)."""

    def get_add_url(self):
        return reverse("befriending_referrals:refer")


class ReferralViewSet(BefriendingViewSet):
    model = Referral
    record_view_class = records.ReferralRecordView
    index_view_class = ReferralIndexView
    list_audit_code = "befriending.referral_list.viewed"
    icon = "clipboard-list"
    menu_label = "Referrals"
    url_prefix = "befriending/referrals"
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
    actions = (
        action("refer/", actions.NewReferralView, "refer"),
        action("<id:pk>/propose/", actions.ProposeMatchView, "propose"),
        action("<id:pk>/close/", actions.CloseReferralView, "close"),
    )


class MatchViewSet(BefriendingViewSet):
    model = Match
    record_view_class = records.MatchRecordView
    list_audit_code = "befriending.match_list.viewed"
    icon = "group"
    menu_label = "Matches"
    url_prefix = "befriending/matches"
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
    actions = (
        action("<id:pk>/introduction/", actions.RecordIntroductionView, "introduce"),
        action("<id:pk>/start/", actions.StartMatchView, "start"),
        action("<id:pk>/planned-end/", actions.ChangePlannedEndView, "change_end"),
        action("<id:pk>/arrangements/", actions.ChangeArrangementsView, "arrangements"),
        action("<id:pk>/end/", actions.EndMatchView, "end"),
    )


class ReviewIndexView(StaffIndexView):
    """A review is read and recorded on its match's page: rows open the match."""

    def get_row_url(self, instance):
        return reverse("befriending_matches:inspect", args=[instance.match_id])


class ReviewViewSet(BefriendingViewSet):
    model = Review
    index_view_class = ReviewIndexView
    list_audit_code = "befriending.review_list.viewed"
    icon = "date"
    menu_label = "Reviews"
    url_prefix = "befriending/reviews"
    list_display = ["match", "kind", "due_on", "completed_on", "outcome"]
    filterset_class = ReviewFilterSet
    search_fields = ["match__befriender__name", "match__parent__preferred_name"]
    list_export = ["match", "kind", "due_on", "completed_on", "outcome"]
    export_filename = "reviews"
    list_select_related = ("match__befriender", "match__parent")
    actions = (action("<id:pk>/complete/", actions.CompleteReviewView, "complete"),)


class ContactLogViewSet(BefriendingViewSet):
    model = ContactLog
    record_view_class = records.ContactLogRecordView
    list_audit_code = "befriending.contact_log_list.viewed"
    icon = "doc-full"
    menu_label = "Contact logs"
    url_prefix = "befriending/contact-logs"
    list_display = ["__str__", "match", "method", "parent_mood", "duration_minutes"]
    list_filter = ["method", "parent_mood"]
    search_fields = ["match__befriender__name", "match__parent__preferred_name"]
    list_export = ["match", "happened_on", "method", "duration_minutes", "parent_mood"]
    export_filename = "contact-logs"
    list_select_related = ("match__befriender", "match__parent")


class ConcernViewSet(BefriendingViewSet):
    model = Concern
    record_view_class = records.ConcernRecordView
    list_audit_code = "befriending.concern_list.viewed"
    icon = "warning"
    menu_label = "Concerns"
    url_prefix = "befriending/concerns"
    list_display = ["__str__", "befriender", "urgency", "status", "closed_at"]
    filterset_class = ConcernFilterSet
    search_fields = ["befriender__name"]
    list_export = ["raised_at", "befriender", "match", "urgency", "status", "closed_at"]
    export_filename = "concerns"
    list_select_related = ("befriender",)
    actions = (
        action("<id:pk>/in-hand/", actions.TakeConcernInHandView, "take_in_hand"),
        action("<id:pk>/close/", actions.CloseConcernView, "close"),
    )


class BefriendingGroup(ModelViewSetGroup):
    menu_label = "Befriending"
    menu_icon = "group"
    menu_order = 300
    items = (
        ConcernViewSet("befriending_concerns"),
        ReferralViewSet("befriending_referrals"),
        MatchViewSet("befriending_matches"),
        ReviewViewSet("befriending_reviews"),
        ContactLogViewSet("befriending_contact_logs"),
        BefrienderViewSet("befriending_volunteers"),
    )
