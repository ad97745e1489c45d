"""The audit viewer, for Administrators: choose a person, see every view and change of their
records (and everything they did), newest first, and export it as CSV. Looking and exporting
are themselves written to the audit trail, naming the person by their account's id."""

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from pace_site.audit.models import AuditEntry
from pace_site.audit.services import record
from pace_site.workspace import StaffIndexView, StaffViewSet

from .. import audit_viewer


class PersonFilterSet(WagtailFilterSet):
    person = django_filters.ModelChoiceFilter(
        label=_("Person"),
        queryset=lambda request: get_user_model().objects.order_by("email"),
        method="filter_person",
        empty_label=_("Choose a person"),
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def filter_person(self, queryset, name, value):
        return queryset.filter(audit_viewer.about(value))


class PersonHistoryView(StaffIndexView):
    """Nothing until a person is chosen; then their history (one query for the page, one for
    the count, one for the audit row)."""

    page_title = _("A person's history")

    @cached_property
    def person(self) -> Any:
        filters = self.filters
        if filters is None or not filters.is_valid():
            return None
        return filters.form.cleaned_data.get("person")

    def get_base_queryset(self) -> models.QuerySet:
        queryset = super().get_base_queryset().order_by("-at", "-pk")
        return queryset if self.person is not None else queryset.none()

    @cached_property
    def no_results_message(self) -> str:
        if self.person is None:
            return str(_("Choose a person to see who looked at or changed their records."))
        return str(_("Nobody has looked at or changed this person's records."))

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        if self.person is not None and not self.is_export:
            # The page's rows are read first: this look is recorded, but shown from the next.
            len(context["object_list"])
            page = context.get("page_obj")
            record(
                "privacy.audit_viewer.viewed",
                self.person,
                by=self.request.user,
                data={"page": page.number if page is not None else 1},
            )
        return super().render_to_response(context, **response_kwargs)

    def as_spreadsheet(self, queryset: models.QuerySet, spreadsheet_format: str) -> HttpResponse:
        if self.person is not None:
            record(
                "privacy.audit_viewer.exported",
                self.person,
                by=self.request.user,
                data={"format": str(spreadsheet_format)},
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class AuditViewerViewSet(StaffViewSet):
    """A second view of the audit trail: one person at a time. Read-only, Administrators only
    (they alone hold the audit trail's permissions)."""

    model = AuditEntry
    url_prefix = "privacy/audit-viewer"
    index_view_class = PersonHistoryView
    icon = "history"
    menu_label = _("A person's history")
    menu_order = 951
    add_to_admin_menu = True
    list_select_related = ("user",)
    list_display = [
        "at",
        Column("user", label=_("Who"), accessor="user"),
        Column("label", label=_("What"), accessor="label"),
        Column("object_repr", label=_("Record"), accessor="object_repr"),
        Column("details", label=_("Details"), accessor="details"),
    ]
    filterset_class = PersonFilterSet
    list_export = ["at", "user", "action", "label", "object_repr", "details"]
    export_filename = "audit-history"

    def register_admin_url_finder(self) -> None:
        # The audit trail's own viewset stays the place an entry's links lead to.
        pass
