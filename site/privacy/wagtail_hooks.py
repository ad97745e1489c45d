"""The data-rights screens in the staff workspace, grouped under one menu, and their dashboard
panels."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .dashboard_sharing import add_sharing_panel
from .erasure.dashboard import add_panel as add_erasure_panel
from .workspace import access as access_workspace
from .workspace.audit_viewer import AuditViewerViewSet
from .workspace.breach_panel import BreachClockPanel, is_administrator
from .workspace.breaches import BreachViewSet
from .workspace.erasure import CorrectionRequestViewSet, ErasureRequestViewSet
from .workspace.sharing import SharingViewSet


class DataRightsViewSetGroup(ModelViewSetGroup):
    menu_label = "Data rights"
    menu_icon = "lock"
    menu_order = 900
    items = (
        access_workspace.AccessRequestViewSet("privacy_access_requests"),
        ErasureRequestViewSet("privacy_erasure_requests"),
        CorrectionRequestViewSet("privacy_corrections"),
        SharingViewSet("privacy_sharing"),
        # Administrators only:
        BreachViewSet("privacy_breaches"),
        AuditViewerViewSet("privacy_audit_viewer"),
    )


@hooks.register("register_admin_viewset")
def register_data_rights_viewsets():
    return DataRightsViewSetGroup()


hooks.register("construct_homepage_panels", access_workspace.add_panel)
hooks.register("construct_homepage_panels", add_erasure_panel)
hooks.register("construct_homepage_panels", add_sharing_panel)


@hooks.register("construct_homepage_panels")
def add_breach_clock(request, panels):
    if is_administrator(request.user):
        panels.append(BreachClockPanel())
