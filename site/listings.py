"""The index view of staff listings in the Wagtail admin.

Rows come with their related objects in the same query (`select_related`), so a listing runs a
fixed number of queries whatever its length, and every export is written to the audit trail.
"""

from wagtail.admin.views.generic import IndexView

from .audit.services import record_export
from .spreadsheets import safe_cell


class StaffIndexView(IndexView):
    select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def preprocess_field_value(self, field, value, export_format):
        # Wagtail defuses formulas in XLSX but not in CSV; every CSV cell goes through here.
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    def as_spreadsheet(self, queryset, spreadsheet_format):
        record_export(self.request.user, self.model, spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)
