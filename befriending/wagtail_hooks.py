"""The coordinator's workspace (befriending.workspace) and dashboard panel in the Wagtail admin."""

from wagtail import hooks

from .dashboard import BefriendingDashboardPanel, is_coordinator
from .workspace.viewsets import BefriendingGroup


@hooks.register("register_admin_viewset")
def register_befriending_viewsets():
    return BefriendingGroup()


@hooks.register("construct_homepage_panels")
def add_befriending_panel(request, panels):
    if is_coordinator(request.user):
        panels.append(BefriendingDashboardPanel())
