"""The participation manager's workspace: one StaffViewSet per kind of record, each with its
listing (filters, search, CSV/XLSX export), its record page and its actions.

    /admin/participation/parents/         participation_parents (timeline, pause, check-in …)
    /admin/participation/opportunities/   participation_opportunities (sign-ups, publish, offer)
    /admin/participation/sign-ups/        participation_sign_ups (confirm, decide)
    /admin/participation/check-ins/       participation_check_ins (follow-up)
    /admin/participation/pauses/          participation_pauses
    /admin/participation/consents/        participation_consents (withdraw)
    /admin/participation/activity-types/  participation_activity_types
    /admin/participation/payment-rates/   participation_payment_rates
"""

from django import forms
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CopyView, CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSetGroup

import pace_site.converters  # noqa: F401  (registers <id:…>)
from pace_site.accounts.roles import Role
from pace_site.workspace import StaffIndexView, StaffViewSet, action

from .. import services
from ..models import (
    ActivityType,
    CheckIn,
    Consent,
    Opportunity,
    Parent,
    Pause,
    PaymentRate,
    SignUp,
)
from . import actions, records
from .forms import (
    OpportunityFilterSet,
    OpportunityForm,
    ParentFilterSet,
    ParentForm,
    PauseFilterSet,
    SignUpFilterSet,
)

MANAGERS = (Role.PARTICIPATION_MANAGER,)


class ParticipationViewSet(StaffViewSet):
    roles = MANAGERS


# -- parents -----------------------------------------------------------------------------------


class ParentSaveMixin:
    """The parent's details are saved by services.save_parent (first check-in due, account
    link audited)."""

    def save_instance(self):
        form = self.form
        return services.save_parent(
            form.save(commit=False),
            interests=form.cleaned_data.get("interests", []),
            linking_account=form.links_account,
            by=self.request.user,
        )


class ParentCreateView(ParentSaveMixin, CreateView):
    pass


class ParentEditView(ParentSaveMixin, EditView):
    pass


class SavedByService:
    """A generic form view whose record is saved by the app's service `save_service(record, *,
    by)` (which writes the audit entry)."""

    save_service = None

    def save_instance(self):
        return type(self).save_service(self.form.save(commit=False), by=self.request.user)


class OpportunityCreateView(SavedByService, CreateView):
    save_service = staticmethod(services.save_opportunity)


class OpportunityCopyView(SavedByService, CopyView):
    save_service = staticmethod(services.save_opportunity)


class OpportunityEditView(SavedByService, EditView):
    save_service = staticmethod(services.save_opportunity)


class ActivityTypeCreateView(SavedByService, CreateView):
    save_service = staticmethod(services.save_activity_type)


class ActivityTypeEditView(SavedByService, EditView):
    save_service = staticmethod(services.save_activity_type)


class PaymentRateCreateView(SavedByService, CreateView):
    save_service = staticmethod(services.save_payment_rate)


class PaymentRateEditView(SavedByService, EditView):
    save_service = staticmethod(services.save_payment_rate)


class ParentViewSet(ParticipationViewSet):
    model = Parent
    url_prefix = "participation/parents"
    allowed_actions = frozenset({"view", "add", "change", "delete"})
    icon = "group"
    menu_label = "Parents"
    list_select_related = ("user",)
    list_audit_code = "participation.parent_list.viewed"
    record_view_class = records.ParentRecordView
    add_view_class = ParentCreateView
    edit_view_class = ParentEditView
    actions = (
        action("<id:pk>/pause/", actions.PauseParentView, "pause"),
        action("<id:pk>/resume/", actions.ResumeParentView, "resume"),
        action("<id:pk>/consent/", actions.GiveConsentView, "give_consent"),
        action("<id:pk>/leave/", actions.LeaveView, "leave"),
        action("<id:pk>/check-in/", actions.LogCheckInView, "log_check_in"),
    )
    list_display = [
        "preferred_name",
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


# -- opportunities and sign-ups ----------------------------------------------------------------


class OpportunityViewSet(ParticipationViewSet):
    model = Opportunity
    url_prefix = "participation/opportunities"
    allowed_actions = frozenset({"view", "add", "change", "delete"})
    copy_view_enabled = True
    add_view_class = OpportunityCreateView
    copy_view_class = OpportunityCopyView
    edit_view_class = OpportunityEditView
    icon = "calendar-alt"
    menu_label = "Opportunities"
    list_select_related = ("activity_type",)
    record_view_class = records.OpportunityRecordView
    actions = (
        action("<id:pk>/publish/", actions.PublishOpportunityView, "publish"),
        action("<id:pk>/offer/", actions.OfferView, "offer"),
        action("<id:pk>/status/", actions.OpportunityStatusView, "set_status"),
        action("<id:pk>/cancel/", actions.CancelOpportunityView, "cancel"),
        action("<id:pk>/you-said-we-did/", actions.RecordChangeView, "record_change"),
    )
    list_display = [
        "title",
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
            FieldPanel("length"),
            FieldPanel("ways"),
            FieldPanel("content_notes"),
        ],
        base_form_class=OpportunityForm,
    )


class LinkedRowIndexView(StaffIndexView):
    """A listing whose rows open a related record's page: `row_record` is that page's URL
    name and the attribute holding the related record's id."""

    row_record: tuple[str, str] = ("", "")

    def get_row_url(self, instance) -> str:
        url_name, attribute = self.row_record
        return reverse(url_name, args=[getattr(instance, attribute)])


class SignUpIndexView(LinkedRowIndexView):
    # A sign-up is decided on its opportunity's page.
    row_record = ("participation_opportunities:inspect", "opportunity_id")


class SignUpViewSet(ParticipationViewSet):
    model = SignUp
    url_prefix = "participation/sign-ups"
    index_view_class = SignUpIndexView
    icon = "tick"
    menu_label = "Sign-ups"
    list_select_related = ("parent", "opportunity")
    list_audit_code = "participation.sign_up_list.viewed"
    actions = (
        action("<id:pk>/confirm/", actions.ConfirmSignUpView, "confirm"),
        action("<id:pk>/decide/", actions.DecideSignUpView, "decide"),
    )
    list_display = [
        "parent",
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


# -- check-ins, pauses, permissions (changes go through the services) --------------------------


class CheckInIndexView(StaffIndexView):
    def get_base_queryset(self):
        # Words and notes are encrypted and not shown in the listing.
        return super().get_base_queryset().defer("words", "notes", "support_wanted", "follow_up")


class CheckInViewSet(ParticipationViewSet):
    model = CheckIn
    url_prefix = "participation/check-ins"
    index_view_class = CheckInIndexView
    icon = "comment"
    menu_label = "Check-ins"
    list_select_related = ("parent",)
    list_audit_code = "participation.check_in_list.viewed"
    record_view_class = records.CheckInRecordView
    actions = (action("<id:pk>/follow-up/", actions.CompleteFollowUpView, "follow_up"),)
    list_display = [
        "parent",
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


class PauseIndexView(StaffIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().defer("reason")


class PauseViewSet(ParticipationViewSet):
    model = Pause
    url_prefix = "participation/pauses"
    index_view_class = PauseIndexView
    icon = "pause"
    menu_label = "Pauses"
    list_select_related = ("parent",)
    list_audit_code = "participation.pause_list.viewed"
    record_view_class = records.PauseRecordView
    list_display = [
        "parent",
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


class ConsentIndexView(LinkedRowIndexView):
    # A permission is shown, and withdrawn, from the parent's timeline.
    row_record = ("participation_parents:inspect", "parent_id")


class ConsentViewSet(ParticipationViewSet):
    model = Consent
    url_prefix = "participation/consents"
    index_view_class = ConsentIndexView
    icon = "tick-inverse"
    menu_label = "Permissions"
    list_select_related = ("parent",)
    list_audit_code = "participation.consent_list.viewed"
    actions = (action("<id:pk>/withdraw/", actions.WithdrawConsentView, "withdraw"),)
    list_display = ["parent", "purpose", "given_at", "withdrawn_at"]
    list_filter = ["purpose"]
    search_fields = ["parent__preferred_name"]
    list_export = ["parent.preferred_name", "purpose", "given_at", "withdrawn_at"]
    export_headings = {"parent.preferred_name": "Parent"}
    export_filename = "permissions"


class ActivityTypeViewSet(ParticipationViewSet):
    model = ActivityType
    url_prefix = "participation/activity-types"
    allowed_actions = frozenset({"view", "add", "change", "delete"})
    add_view_class = ActivityTypeCreateView
    edit_view_class = ActivityTypeEditView
    icon = "tag"
    menu_label = "Activity types"
    list_display = ["name", "needs_readiness"]
    search_fields = ["name"]
    form_fields = ["name", "description", "needs_readiness"]


class PaymentRateViewSet(ParticipationViewSet):
    """What taking part pays, by activity type and length, from a date on. A new rate from a
    later date leaves earlier opportunities at the rate of their own day."""

    model = PaymentRate
    url_prefix = "participation/payment-rates"
    allowed_actions = frozenset({"view", "add", "change", "delete"})
    add_view_class = PaymentRateCreateView
    edit_view_class = PaymentRateEditView
    icon = "tag"
    menu_label = "Payment rates"
    list_select_related = ("activity_type",)
    list_display = [
        "activity_type",
        "length",
        Column("amount", label="Amount"),
        Column("effective_from", label="In effect from", sort_key="effective_from"),
    ]
    list_filter = ["activity_type", "length"]
    form_fields = ["activity_type", "length", "amount_pence", "effective_from"]


class ParticipationViewSetGroup(ModelViewSetGroup):
    menu_label = "Participation"
    menu_icon = "group"
    menu_order = 200
    items = (
        ParentViewSet("participation_parents"),
        OpportunityViewSet("participation_opportunities"),
        SignUpViewSet("participation_sign_ups"),
        CheckInViewSet("participation_check_ins"),
        PauseViewSet("participation_pauses"),
        ConsentViewSet("participation_consents"),
        ActivityTypeViewSet("participation_activity_types"),
        PaymentRateViewSet("participation_payment_rates"),
    )
