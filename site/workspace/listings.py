"""The listing of every kind of record in the staff workspace: `StaffIndexView`.

Rows come with their related objects in the same query (`select_related`), so a listing runs a
fixed number of queries whatever its length. Every export is written to the audit trail, and a
listing of sensitive records (`audit_code` set) writes one audit row each time it is viewed.
"""

import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView

from pace_site.audit.services import DATA_MAX_STRING, record, record_export
from pace_site.spreadsheets import safe_cell

from .views import scoped


def _filter_value(field: Any, value: Any, raw: list[str]) -> Any:
    """A filter choice as ids and choice values; free text only as "used"."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):  # the chosen ids, as sent: no query to list them
        return [item[:DATA_MAX_STRING] for item in raw]
    if isinstance(value, bool | int | datetime.date):
        return value
    if isinstance(value, list | tuple):
        return [str(item)[:DATA_MAX_STRING] for item in value]
    if isinstance(value, slice):  # date and number ranges
        return [value.start, value.stop]
    if getattr(field, "choices", None):
        return str(value)[:DATA_MAX_STRING]
    return True


def _is_an_id(value: str) -> bool:
    return value.isdigit() and int(value) < 2**63


class YesNoColumn(Column):
    """A true or false value in words, "Yes" or "No" (blank when there is none), where Wagtail
    would print "True" and "False"."""

    def get_value(self, instance: models.Model) -> Any:
        value = super().get_value(instance)
        if value is None:
            return ""
        return _("Yes") if value else _("No")


class StaffIndexView(IndexView):
    select_related: tuple[str, ...] = ()
    # A registered code such as "participation.check_in_list.viewed" for listings of
    # sensitive records; None for listings that show nothing sensitive.
    audit_code: str | None = None

    def get_base_queryset(self) -> models.QuerySet:
        # Only the rows this person may reach (the model's visible_to), as on a record's page.
        if self.queryset is None and self.model is not None:
            queryset = scoped(self.model, self.request.user)
        else:
            queryset = super().get_base_queryset()
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def _get_title_column(
        self, field_name: str, column_class: type = TitleColumn, **kwargs: Any
    ) -> TitleColumn:
        # The first column opens the record's own page where it has one (its form otherwise);
        # Wagtail links it to the form first.
        column = super()._get_title_column(field_name, column_class, **kwargs)
        column._get_url_func = self.get_row_url
        return column

    def _get_custom_column(
        self, field_name: str, column_class: type = Column, **kwargs: Any
    ) -> Column:
        # A yes-or-no field of the model itself reads "Yes" or "No".
        if column_class is Column and self._is_yes_or_no(field_name):
            column_class = YesNoColumn
        return super()._get_custom_column(field_name, column_class, **kwargs)

    def _is_yes_or_no(self, field_name: str) -> bool:
        try:
            field = self.model._meta.get_field(field_name)
        except FieldDoesNotExist:
            return False
        return isinstance(field, models.BooleanField)

    def get_row_url(self, instance: models.Model) -> str | None:
        return self.get_inspect_url(instance) or self.get_edit_url(instance)

    def get_filterset_kwargs(self) -> dict[str, Any]:
        """Ids in the filters that no database row can have (too long, not numbers) are dropped
        before they reach the database, where SQLite fails on integers past 64 bits."""
        kwargs = super().get_filterset_kwargs()
        if self.filterset_class is None:
            return kwargs
        data = kwargs["data"].copy()
        for name, declared in self.filterset_class.base_filters.items():
            if isinstance(declared, ModelChoiceFilter | ModelMultipleChoiceFilter) and name in data:
                data.setlist(name, [v for v in data.getlist(name) if _is_an_id(v)])
        kwargs["data"] = data
        return kwargs

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        # Wagtail defuses formulas in XLSX but not in CSV; every CSV cell goes through here.
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    def as_spreadsheet(self, queryset: models.QuerySet, spreadsheet_format: str) -> HttpResponse:
        record_export(self.request.user, self.model, spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def audit_data(self, context: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        page = context.get("page_obj")
        data["page"] = page.number if page is not None else 1
        filters = self.filters
        if filters is not None and filters.is_valid():
            chosen = {
                name: _filter_value(
                    filters.form.fields.get(name), value, self.request.GET.getlist(name)
                )
                for name, value in filters.form.cleaned_data.items()
                if value not in (None, "", [], ())
                and not (isinstance(value, models.QuerySet) and value.query.is_empty())
                and not (isinstance(value, models.QuerySet) and not self.request.GET.get(name))
            }
            if chosen:
                data["filters"] = chosen
        if self.request.GET.get("q"):
            data["searched"] = True
        return data

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        if self.audit_code and not self.is_export:
            record(self.audit_code, self.model, by=self.request.user, data=self.audit_data(context))
        return super().render_to_response(context, **response_kwargs)
