"""The participation manager's workspace in the Wagtail admin: listings with filters, search and
CSV/XLSX export, the custom screens in admin_views, and the dashboard panel."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.history import AuditedHistoryView
from pace_site.audit.services import record
from pace_site.forms import PersonNameField
from pace_site.workspace import AllowedActionsPolicy, StaffIndexView

from . import admin_urls
from .dashboard import add_panel
from .models import (
    ActivityType,
    CheckIn,
    ContentNote,
    Opportunity,
    Parent,
    Pause,
    SignUp,
    Way,
)


class ReadOnlyViewSet(ModelViewSet):
    copy_view_enabled = False
    form_fields = []

    @property
    def permission_policy(self):
        return AllowedActionsPolicy(self.model)


def link_column(name, label, url_name, **kwargs):
    return TitleColumn(
        name, label=label, get_url=lambda obj: reverse(url_name, args=[obj.pk]), **kwargs
    )


# -- filters -----------------------------------------------------------------------------------

# The largest id a database column holds. SQLite cannot even compare against a bigger number
# (the query fails), so such a value in the address is refused while the filter is cleaned.
MAX_ID = 2**63 - 1


def _id_in_range(field, value):
    if value in field.empty_values:
        return
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not 0 < number <= MAX_ID:
        raise forms.ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": str(value)[:20]},
        )


class IdChoiceField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        _id_in_range(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value if isinstance(value, (list, tuple)) else [value]:
            _id_in_range(self, item)
        return super()._check_values(value)


class IdSafeFilterSet(WagtailFilterSet):
    """A listing filter set whose record filters refuse ids no database can hold."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in self.filters.values():
            if isinstance(item, django_filters.ModelMultipleChoiceFilter):
                item.field_class = IdMultipleChoiceField
            elif isinstance(item, django_filters.ModelChoiceFilter):
                item.field_class = IdChoiceField


# -- parents -----------------------------------------------------------------------------------


class ParentFilterSet(IdSafeFilterSet):
    check_in_overdue = django_filters.BooleanFilter(
        label="Check-in overdue", method="filter_overdue"
    )

    class Meta:
        model = Parent
        fields = ["status", "interests", "region"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value is True:
            return queryset.filter(check_in_due_on__lt=today)
        if value is False:
            return queryset.filter(Q(check_in_due_on__gte=today) | Q(check_in_due_on__isnull=True))
        return queryset


class ParentForm(WagtailAdminModelForm):
    preferred_name = PersonNameField(label="Name they want used", max_length=100)
    pseudonym = PersonNameField(label="Pseudonym for public use", max_length=100, required=False)
    ways_accepted = forms.MultipleChoiceField(
        label="Ways of taking part they accept",
        choices=Way.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all empty if any way is fine.",
    )
    will_not_do = forms.MultipleChoiceField(
        label="What they do not want to be asked to do",
        choices=ContentNote.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            field = self.fields["user"]
            if self.instance.user_id is not None:
                # The account link is set once: a posted value is ignored, so one parent's
                # record can never be moved to another person's account.
                field.disabled = True
                field.queryset = User.objects.filter(pk=self.instance.user_id)
                field.help_text = "Linked to this parent's own account; it cannot be changed."
            else:
                field.queryset = User.objects.with_role(Role.PARENT).filter(parent__isnull=True)
                field.help_text = (
                    "A parent's account, with no record yet; invite them first if needed. "
                    "Once linked, this cannot be changed."
                )
            field.label_from_instance = lambda user: f"{user} <{user.email}>"

    def save(self, commit=True):
        parent = super().save(commit=False)
        if parent.check_in_due_on is None:
            # Someone joining the core group: their first check-in is due one cadence later.
            # (Parent rows made by other apps, e.g. befriending referrals, keep no cadence.)
            parent.check_in_due_on = parent.joined_on + timedelta(weeks=parent.check_in_every_weeks)
        if commit:
            linking = "user" in self.changed_data and parent.user_id is not None
            parent.save()
            self.save_m2m()
            if linking:
                record("participation.parent.account_linked", parent, by=self.for_user)
        return parent


class ParentIndexView(StaffIndexView):
    audit_code = "participation.parent_list.viewed"

    select_related = ("user",)


class ParentViewSet(ModelViewSet):
    model = Parent
    icon = "group"
    menu_label = "Parents"
    index_view_class = ParentIndexView
    history_view_class = AuditedHistoryView
    copy_view_enabled = False
    list_display = [
        link_column(
            "preferred_name", "Name", "participation_admin:timeline", sort_key="preferred_name"
        ),
        "region",
        "status",
        Column("check_in_due_on", label="Next check-in", sort_key="check_in_due_on"),
        "joined_on",
    ]
    filterset_class = ParentFilterSet
    search_fields = ["preferred_name", "pseudonym", "region", "user__email"]
    list_export = [
        "preferred_name",
        "pseudonym",
        "region",
        "status",
        "joined_on",
        "check_in_every_weeks",
        "check_in_due_on",
    ]
    export_filename = "core-group-parents"
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldRowPanel([FieldPanel("preferred_name"), FieldPanel("pseudonym")]),
            FieldRowPanel([FieldPanel("region"), FieldPanel("joined_on")]),
            FieldPanel("check_in_every_weeks"),
            MultiFieldPanel(
                [
                    FieldPanel("interests", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("ways_accepted"),
                    FieldPanel("will_not_do"),
                ],
                heading="Interests and boundaries",
            ),
        ],
        base_form_class=ParentForm,
    )


# -- opportunities -----------------------------------------------------------------------------


class OpportunityForm(WagtailAdminModelForm):
    ways = forms.MultipleChoiceField(
        label="Ways a parent may take part",
        choices=Way.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    content_notes = forms.MultipleChoiceField(
        label="What it involves",
        choices=ContentNote.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Parents see these before deciding; those who ruled them out get no offer.",
    )


class OpportunityFilterSet(IdSafeFilterSet):
    class Meta:
        model = Opportunity
        fields = ["status", "activity_type"]


class OpportunityIndexView(StaffIndexView):
    select_related = ("activity_type",)


class OpportunityViewSet(ModelViewSet):
    model = Opportunity
    icon = "calendar-alt"
    menu_label = "Opportunities"
    index_view_class = OpportunityIndexView
    copy_view_enabled = True
    list_display = [
        link_column("title", "Title", "participation_admin:opportunity", sort_key="title"),
        "activity_type",
        "status",
        Column("starts_at", label="When", sort_key="starts_at"),
        Column("respond_by", label="Deadline", sort_key="respond_by"),
        "places",
    ]
    filterset_class = OpportunityFilterSet
    search_fields = ["title", "partner", "place"]
    list_export = [
        "title",
        "activity_type.name",
        "partner",
        "status",
        "starts_at",
        "respond_by",
        "place",
        "is_remote",
        "places",
        "expenses",
    ]
    export_headings = {"activity_type.name": "Activity type"}
    export_filename = "opportunities"
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("activity_type"), FieldPanel("partner")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("respond_by")]),
            FieldRowPanel([FieldPanel("place"), FieldPanel("is_remote")]),
            FieldRowPanel([FieldPanel("places"), FieldPanel("expenses")]),
            FieldPanel("ways"),
            FieldPanel("content_notes"),
        ],
        base_form_class=OpportunityForm,
    )


# -- sign-ups, check-ins, pauses (read-only listings; changes go through the services) ------


class SignUpFilterSet(IdSafeFilterSet):
    class Meta:
        model = SignUp
        fields = ["status", "opportunity__activity_type", "way"]


class SignUpIndexView(StaffIndexView):
    audit_code = "participation.sign_up_list.viewed"

    select_related = ("parent", "opportunity")


class SignUpViewSet(ReadOnlyViewSet):
    model = SignUp
    icon = "tick"
    menu_label = "Sign-ups"
    index_view_class = SignUpIndexView
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "parent",
            label="Parent",
            get_url=lambda obj: reverse(
                "participation_admin:opportunity", args=[obj.opportunity_id]
            ),
        ),
        "opportunity",
        "status",
        "way",
        Column("created_at", label="Signed up", sort_key="created_at"),
    ]
    filterset_class = SignUpFilterSet
    search_fields = ["parent__preferred_name", "opportunity__title"]
    list_export = [
        "parent.preferred_name",
        "opportunity.title",
        "status",
        "way",
        "created_at",
        "decided_at",
    ]
    export_headings = {"parent.preferred_name": "Parent", "opportunity.title": "Opportunity"}
    export_filename = "sign-ups"


class CheckInIndexView(StaffIndexView):
    audit_code = "participation.check_in_list.viewed"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("parent")
            .defer("words", "notes", "support_wanted", "follow_up")
        )


class CheckInViewSet(ReadOnlyViewSet):
    model = CheckIn
    icon = "comment"
    menu_label = "Check-ins"
    index_view_class = CheckInIndexView
    copy_view_enabled = False
    list_display = [
        link_column("parent", "Parent", "participation_admin:check_in"),
        Column("happened_at", label="When", sort_key="happened_at"),
        "kind",
        "channel",
        "wellbeing",
        "wants_call",
        Column("next_due_on", label="Next due", sort_key="next_due_on"),
    ]
    list_filter = ["kind", "channel", "wants_call", "wellbeing"]
    search_fields = ["parent__preferred_name"]
    # Words and notes are encrypted and never exported.
    list_export = [
        "parent.preferred_name",
        "happened_at",
        "kind",
        "channel",
        "wellbeing",
        "wants_call",
        "next_due_on",
    ]
    export_headings = {"parent.preferred_name": "Parent"}
    export_filename = "check-ins"


class PauseFilterSet(IdSafeFilterSet):
    is_open = django_filters.BooleanFilter(
        label="Open", field_name="ended_at", lookup_expr="isnull"
    )

    class Meta:
        model = Pause
        fields = ["started_by"]


class PauseIndexView(StaffIndexView):
    audit_code = "participation.pause_list.viewed"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent").defer("reason")


class PauseViewSet(ReadOnlyViewSet):
    model = Pause
    icon = "pause"
    menu_label = "Pauses"
    index_view_class = PauseIndexView
    copy_view_enabled = False
    list_display = [
        link_column("parent", "Parent", "participation_admin:pause"),
        "started_on",
        "planned_end_on",
        "started_by",
        Column("ended_at", label="Ended", sort_key="ended_at"),
    ]
    filterset_class = PauseFilterSet
    search_fields = ["parent__preferred_name"]
    list_export = [
        "parent.preferred_name",
        "started_on",
        "planned_end_on",
        "started_by",
        "ended_at",
    ]
    export_headings = {"parent.preferred_name": "Parent"}
    export_filename = "pauses"


class ActivityTypeViewSet(ModelViewSet):
    model = ActivityType
    icon = "tag"
    menu_label = "Activity types"
    copy_view_enabled = False
    list_display = ["name", "needs_readiness"]
    search_fields = ["name"]
    form_fields = ["name", "description", "needs_readiness"]


class ParticipationViewSetGroup(ModelViewSetGroup):
    menu_label = "Participation"
    menu_icon = "group"
    menu_order = 200
    items = (
        ParentViewSet("participation_parent"),
        OpportunityViewSet("participation_opportunity"),
        SignUpViewSet("participation_signup"),
        CheckInViewSet("participation_checkin"),
        PauseViewSet("participation_pause"),
        ActivityTypeViewSet("participation_activitytype"),
    )


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return ParticipationViewSetGroup()


@hooks.register("register_admin_urls")
def register_participation_admin_urls():
    return [path("participation/", include(admin_urls, namespace="participation_admin"))]


hooks.register("construct_homepage_panels", add_panel)
