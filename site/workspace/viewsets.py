"""One kind of record in the staff workspace: `StaffViewSet`.

A viewset holds everything staff do with one model under one URL prefix and namespace:

    /admin/<prefix>/                 the listing (StaffIndexView: audited, exports defused)
    /admin/<prefix>/inspect/<pk>/    the record's page (`record_view_class`, a RecordView)
    /admin/<prefix>/<pk>/<action>/   its actions (`actions`, ServiceActionViews)
    /admin/<prefix>/edit/<pk>/ ...   Wagtail's generic views, open only as `allowed_actions` says

The record page and the actions carry the access rule `roles(*self.roles)`; the generic views
check the one permission policy (AllowedActionsPolicy) against the role's model permissions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import path
from django.utils.functional import cached_property
from django.views import View
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

import pace_site.converters  # noqa: F401  (registers <id:…>)
from pace_site.access import roles as roles_rule
from pace_site.access import rule_of
from pace_site.accounts.roles import Role
from pace_site.audit.history import AuditedHistoryView

from .listings import StaffIndexView
from .policies import AllowedActionsPolicy
from .views import RecordView


@dataclass(frozen=True)
class Action:
    """One route of a viewset beside Wagtail's own: `route` below the viewset's prefix (with
    `<id:pk>` for the record), a view class, and its URL name in the viewset's namespace."""

    route: str
    view: type | Callable
    name: str
    initkwargs: dict[str, Any] = field(default_factory=dict)


def action(route: str, view: type | Callable, name: str, **initkwargs: Any) -> Action:
    return Action(route, view, name, initkwargs)


class StaffViewSet(ModelViewSet):
    """Staff work on one model. Set `model`, `url_prefix` ("participation/parents"), the name
    given when the viewset is made (its URL namespace: "participation_parents"), `roles` (who
    may use the record page and the actions), and what Wagtail's ModelViewSet takes
    (list_display, filterset_class, search_fields, list_export, edit_handler …)."""

    roles: tuple[Role, ...] = ()
    # Record ids in URLs: at most 18 digits, so an id no database column can hold is a 404
    # before any query (pace_site.converters). Actions use `<id:pk>` too.
    pk_path_converter = "id"
    # Which of Wagtail's generic actions are open at all ("view" only: changes go through the
    # record's actions and their services).
    allowed_actions: frozenset[str] = frozenset({"view"})
    copy_view_enabled = False
    index_view_class = StaffIndexView
    history_view_class = AuditedHistoryView
    # The listing: related rows fetched with it, and the audit code written each time it is
    # viewed (for listings of sensitive records).
    list_select_related: tuple[str, ...] = ()
    list_audit_code: str | None = None
    record_view_class: type[RecordView] | None = None
    actions: tuple[Action, ...] = ()

    @cached_property
    def permission_policy(self) -> AllowedActionsPolicy:
        return AllowedActionsPolicy(self.model, self.allowed_actions)

    @cached_property
    def inspect_view_enabled(self) -> bool:
        return self.record_view_class is not None

    @cached_property
    def inspect_view_class(self) -> type[InspectView]:
        return self.record_view_class or InspectView

    def get_form_fields(self) -> list[str] | None:
        # A viewset that opens no form (its records change through its actions) needs no fields.
        fields = super().get_form_fields()
        if fields is None and not self.allowed_actions & {"add", "change"}:
            return []
        return fields

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(
            select_related=self.list_select_related, audit_code=self.list_audit_code, **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        if self.record_view_class is None:  # Wagtail's own page of the record's fields
            return super().get_inspect_view_kwargs(**kwargs)
        return {"template_name": self.record_view_class.template_name, **kwargs}

    def guard(self, view: Callable) -> Callable:
        """The access rule of the record page and the actions (a view that declares its own
        rule keeps it)."""
        return view if rule_of(view) else roles_rule(*self.roles)(view)

    @property
    def inspect_view(self) -> Callable:
        return self.guard(super().inspect_view)

    def action_view(self, item: Action) -> Callable:
        if not isinstance(item.view, type) or not issubclass(item.view, View):
            return self.guard(item.view)  # a plain view function
        initkwargs = {"model": self.model, **item.initkwargs}
        if hasattr(item.view, "index_url_name") and "index_url_name" not in initkwargs:
            initkwargs["index_url_name"] = self.get_url_name("index")
        if self.record_view_class is not None and "success_url_name" not in initkwargs:
            initkwargs["success_url_name"] = self.get_url_name("inspect")
        return self.guard(item.view.as_view(**initkwargs))

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            *(path(item.route, self.action_view(item), name=item.name) for item in self.actions),
        ]
