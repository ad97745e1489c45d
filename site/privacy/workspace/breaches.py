"""The breach log in the staff workspace, for Administrators: the listing, each breach's page,
and its steps (record, assess, reported, people told, close)."""

from typing import Any

import django_filters
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton

from pace_site.workspace import (
    RecordView,
    ServiceActionView,
    ServiceFormView,
    StaffIndexView,
    StaffViewSet,
    action,
)

from .. import breaches as services
from ..models import Breach, BreachRisk
from . import breach_forms as forms


class BreachRecordView(RecordView):
    model = Breach
    template_name = "privacy/breaches/breach.html"
    select_related = ("discovered_by", "assessed_by", "closed_by")
    audit_code = "privacy.breach.viewed"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        breach = self.object
        return super().get_context_data(
            breach=breach,
            people=list(breach.people_affected.order_by("display_name", "pk")),
            **kwargs,
        )


class RecordBreachView(ServiceFormView):
    form_class = forms.RecordBreachForm
    page_title = "Record a data breach"
    intro = (
        "Write it down as soon as you know. If it must be reported, the ICO needs to hear "
        "within 72 hours of when we found out."
    )
    submit_label = _("Record the breach")
    success_message = _("Breach recorded. Next: assess the risk.")
    header_icon = "warning"

    def act(self, **data: Any) -> Breach:
        return services.record_breach(
            what_happened=data["what_happened"],
            discovered_at=data["discovered_at"],
            happened_at=data["happened_at"],
            people_affected=data["affected_emails"],
            others_affected=data["others_affected"],
            data_kinds=data["data_kinds"],
            by=self.request.user,
        )

    def duplicate_result(self, data: dict[str, Any]) -> Breach | None:
        # The same form sent twice: show the breach the first one recorded.
        return (
            Breach.objects.filter(
                recorded_by_id=self.request.user.pk, discovered_at=data["discovered_at"]
            )
            .order_by("-pk")
            .first()
        )


class AssessBreachView(ServiceActionView):
    model = Breach
    form_class = forms.AssessBreachForm
    page_title = "Assess the risk of %(object)s"
    intro = "Think about the people affected: what could happen to them, and how likely it is."
    submit_label = _("Save the assessment")
    success_message = _("Assessment saved.")

    def act(self, obj: Any, **data: Any) -> Breach:  # type: ignore[override]
        return services.assess_breach(obj, by=self.request.user, **data)


class ReportedView(ServiceActionView):
    model = Breach
    form_class = forms.ReportedForm
    page_title = "Record the report of %(object)s to the ICO"
    submit_label = _("Save")
    success_message = _("Report to the ICO recorded.")

    def act(self, obj: Any, **data: Any) -> Breach:  # type: ignore[override]
        return services.mark_reported(obj, by=self.request.user, **data)


class PeopleToldView(ServiceActionView):
    model = Breach
    form_class = forms.PeopleToldForm
    page_title = "Record that the people affected by %(object)s were told"
    submit_label = _("Save")
    success_message = _("Saved: the people affected were told.")

    def act(self, obj: Any, **data: Any) -> Breach:  # type: ignore[override]
        return services.mark_people_told(obj, by=self.request.user, **data)


class CloseBreachView(ServiceActionView):
    model = Breach
    page_title = "Close %(object)s?"
    intro = "Close it when nothing more needs doing. A closed breach stays in the log."
    submit_label = _("Close the breach")
    success_message = _("Breach closed.")
    refusal_goes_back = True

    def act(self, obj: Any, **data: Any) -> Breach:  # type: ignore[override]
        return services.close_breach(obj, by=self.request.user)


class BreachIndexView(StaffIndexView):
    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        return [
            HeaderButton(
                _("Record a data breach"), url=reverse("privacy_breaches:record"), icon_name="plus"
            )
        ]


class BreachFilterSet(WagtailFilterSet):
    open = django_filters.BooleanFilter(
        label=_("Still open"), field_name="closed_at", lookup_expr="isnull"
    )
    risk = django_filters.ChoiceFilter(label=_("Risk"), choices=BreachRisk.choices)

    class Meta:
        model = Breach
        fields: list[str] = []


class BreachViewSet(StaffViewSet):
    """The breach log: Administrators only (they alone hold its permissions, and `roles` is
    empty, so the record page and the steps admit Administrators only)."""

    model = Breach
    url_prefix = "privacy/breaches"
    icon = "warning"
    menu_label = _("Breach log")
    menu_order = 960
    add_to_admin_menu = True
    index_view_class = BreachIndexView
    record_view_class = BreachRecordView
    list_audit_code = "privacy.breach_list.viewed"
    list_select_related = ("discovered_by",)
    list_display = [
        "__str__",
        "discovered_at",
        Column("risk", label=_("Risk"), accessor="get_risk_display"),
        Column("ico_status", label=_("Report to the ICO"), accessor="ico_status"),
        "closed_at",
    ]
    filterset_class = BreachFilterSet
    list_export = ["pk", "discovered_at", "risk", "must_report", "reported_at", "closed_at"]
    export_filename = "breaches"
    actions = (
        action("record/", RecordBreachView, "record"),
        action("<id:pk>/assess/", AssessBreachView, "assess"),
        action("<id:pk>/reported/", ReportedView, "reported"),
        action("<id:pk>/people-told/", PeopleToldView, "people_told"),
        action("<id:pk>/close/", CloseBreachView, "close"),
    )
