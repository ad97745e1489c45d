"""The data-rights screens in the staff workspace and their dashboard panels."""

from wagtail import hooks

# -- breach log and audit viewer (Administrators) --
from .workspace.audit_viewer import AuditViewerViewSet
from .workspace.breach_panel import BreachClockPanel, is_administrator
from .workspace.breaches import BreachViewSet


@hooks.register("register_admin_viewset")
def register_breach_log():
    return BreachViewSet("privacy_breaches")


@hooks.register("register_admin_viewset")
def register_audit_viewer():
    return AuditViewerViewSet("privacy_audit_viewer")


@hooks.register("construct_homepage_panels")
def add_breach_clock(request, panels):
    if is_administrator(request.user):
        panels.append(BreachClockPanel())


# -- end breach log and audit viewer --
