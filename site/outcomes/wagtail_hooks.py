"""Questionnaires in the staff workspace: the questionnaires and their questions, the moments
they are asked at, and the answers a participation manager follows up.

    /admin/outcomes/questionnaires/  outcomes_questionnaires (add and edit, questions inline)
    /admin/outcomes/moments/         outcomes_moments (on or off, which questionnaire)
    /admin/outcomes/follow-ups/      outcomes_follow_ups (answers that may need a call)
    /admin/outcomes/reports/         outcomes_reports (saved report definitions; run/ is the
                                     report page, save/ saves its choices, <pk>/run/ runs one)
"""

from typing import Any

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from pace_site.accounts.roles import Role
from pace_site.workspace import (
    ServiceActionView,
    StaffIndexView,
    StaffViewSet,
    YesNoColumn,
    action,
)

from . import services
from .models import FollowUp, Moment, Questionnaire, SavedReport, follow_ups_visible_to
from .reports.views import ReportView, SaveReportView, run_saved_report

QUESTIONNAIRE_STAFF = (Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR)


class QuestionnaireSaveMixin:
    """Saved by services.save_questionnaire (the questions with it; audited)."""

    form: Any
    request: Any

    def save_instance(self):
        return services.save_questionnaire(self.form.save(commit=False), by=self.request.user)


class QuestionnaireCreateView(QuestionnaireSaveMixin, CreateView):
    pass


class QuestionnaireEditView(QuestionnaireSaveMixin, EditView):
    pass


class QuestionnaireViewSet(StaffViewSet):
    model = Questionnaire
    roles = QUESTIONNAIRE_STAFF
    url_prefix = "outcomes/questionnaires"
    allowed_actions = frozenset({"view", "add", "change"})
    add_view_class = QuestionnaireCreateView
    edit_view_class = QuestionnaireEditView
    icon = "list-ul"
    menu_label = "Questionnaires"
    list_display = [
        "title",
        Column("minutes", label="Minutes"),
        YesNoColumn("is_active", label="In use"),
    ]
    search_fields = ["title"]


class MomentEditView(EditView):
    def save_instance(self):
        return services.save_moment(self.form.save(commit=False), by=self.request.user)


class MomentViewSet(StaffViewSet):
    """Each moment an app registered: switched on or off, with its questionnaire. Moments are
    made by the apps, never added or removed here."""

    model = Moment
    roles = QUESTIONNAIRE_STAFF
    url_prefix = "outcomes/moments"
    allowed_actions = frozenset({"view", "change"})
    edit_view_class = MomentEditView
    icon = "time"
    menu_label = "When we ask"
    list_display = ["label", YesNoColumn("is_on", label="On"), "questionnaire"]
    list_select_related = ("questionnaire",)


class FollowUpDoneView(ServiceActionView):
    model = FollowUp

    def get_queryset(self):
        return follow_ups_visible_to(self.request.user)

    page_title = _("Follow up: %(object)s")
    intro = _(
        "Offer the parent a call. What they answered is on their record; this e-mail and list "
        "never show it."
    )
    submit_label = _("Mark as done")
    success_message = _("Marked as done.")

    def act(self, obj: Any, **data: Any) -> FollowUp:  # type: ignore[override]
        return services.mark_follow_up_done(obj, by=self.request.user)  # type: ignore[arg-type]

    def get_success_url(self) -> str:
        """Back to where the manager came from: the parent's record (`?next=`, a page of this
        admin only) or the list of answers to follow up."""
        back = self.request.GET.get("next", "")
        if back.startswith("/admin/") and url_has_allowed_host_and_scheme(
            back, allowed_hosts={self.request.get_host()}
        ):
            return back
        return reverse("outcomes_follow_ups:index")

    get_cancel_url = get_success_url


def _done_url(follow_up: FollowUp) -> str | None:
    return None if follow_up.done_at else reverse("outcomes_follow_ups:done", args=[follow_up.pk])


class FollowUpIndexView(StaffIndexView):
    def get_base_queryset(self):
        return follow_ups_visible_to(self.request.user).select_related(*self.select_related)


class FollowUpViewSet(StaffViewSet):
    """Answers that may need a call, and requests to talk: a parent's for participation
    managers, a volunteer's for befriending coordinators (follow_ups_visible_to)."""

    index_view_class = FollowUpIndexView
    model = FollowUp
    roles = (Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR)
    url_prefix = "outcomes/follow-ups"
    icon = "warning"
    menu_label = "Answers to follow up"
    list_select_related = ("person",)
    list_audit_code = "outcomes.follow_up_list.viewed"
    actions = (action("<id:pk>/done/", FollowUpDoneView, "done"),)
    list_display = [
        TitleColumn("person", label="Who", get_url=_done_url),
        Column("reason", label="Why", accessor="get_reason_display"),
        Column("raised_at", label="When"),
        Column("done_at", label="Done"),
    ]
    list_filter = ["reason"]


class SavedReportIndexView(StaffIndexView):
    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Open the report"), url=reverse("outcomes_reports:run"), icon_name="view"
            )
        ]


def _run_url(saved: SavedReport) -> str:
    return reverse("outcomes_reports:run_saved", args=[saved.pk])


class SavedReportViewSet(StaffViewSet):
    """The outcomes report (run/) and the definitions saved from it to run again each quarter:
    for participation managers, befriending coordinators and administrators."""

    model = SavedReport
    roles = QUESTIONNAIRE_STAFF
    url_prefix = "outcomes/reports"
    index_view_class = SavedReportIndexView
    icon = "doc-full"
    menu_label = "Outcomes report"
    list_display = [
        TitleColumn("name", label="Saved report (opens it for today)", get_url=_run_url),
        Column("period", label="Period", accessor="get_period_display"),
        Column("created_at", label="Saved"),
    ]
    actions = (
        action("run/", ReportView.as_view(), "run"),
        action("save/", SaveReportView, "save"),
        action("<id:pk>/run/", run_saved_report, "run_saved"),
    )


class OutcomesViewSetGroup(ModelViewSetGroup):
    menu_label = "Questionnaires"
    menu_icon = "list-ul"
    menu_order = 250
    items = (
        QuestionnaireViewSet("outcomes_questionnaires"),
        MomentViewSet("outcomes_moments"),
        FollowUpViewSet("outcomes_follow_ups"),
        SavedReportViewSet("outcomes_reports"),
    )


@hooks.register("register_admin_viewset")
def register_outcomes_viewsets():
    return OutcomesViewSetGroup()
