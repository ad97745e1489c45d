import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from pace_site.workspace import StaffViewSet

from . import registry
from .models import AuditEntry


def _app_choices():
    return [(app, app) for app in sorted({registry.app_of(code) for code in registry.all_codes()})]


def _action_choices():
    return [(code, f"{label} ({code})") for code, label in registry.all_codes().items()]


class AuditEntryFilterSet(WagtailFilterSet):
    """Filter by the area of the system (the code's first part) or by one action; the choices
    come from the registered vocabulary, so the filter runs no query of its own."""

    app = django_filters.ChoiceFilter(
        label=_("Area"), choices=_app_choices, method="filter_app", empty_label=_("All areas")
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=_action_choices, empty_label=_("All actions")
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def filter_app(self, queryset, name, value):
        return queryset.filter(action__startswith=f"{value}.")


class AuditEntryViewSet(StaffViewSet):
    """The audit trail, read-only, for Administrators (who hold every permission)."""

    model = AuditEntry
    url_prefix = "audit"
    list_select_related = ("user",)
    icon = "history"
    menu_label = "Audit trail"
    menu_order = 950
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        "at",
        "user",
        Column("label", label=_("Action"), accessor="label"),
        Column("object_repr", label=_("Record"), accessor="object_repr"),
        Column("details", label=_("Details"), accessor="details"),
    ]
    filterset_class = AuditEntryFilterSet
    search_fields = ["object_repr", "action"]
    list_export = ["at", "user", "action", "label", "object_repr", "details", "summary"]
    # The action in words (its code stays in the export); older notes only where there is one.
    inspect_view_fields = ["at", "user", "action", "object_repr", "details", "summary"]


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit")
