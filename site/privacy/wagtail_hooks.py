"""The data-rights screens in the staff workspace, grouped under one menu."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

# -- erasure and correction -----------------------------------------------------------------
from .erasure.dashboard import add_panel as add_erasure_panel
from .workspace.erasure import CorrectionRequestViewSet, ErasureRequestViewSet

ERASURE_VIEWSETS = (
    ErasureRequestViewSet("privacy_erasure_requests"),
    CorrectionRequestViewSet("privacy_corrections"),
)
hooks.register("construct_homepage_panels", add_erasure_panel)
# -- end erasure and correction -------------------------------------------------------------


class DataRightsViewSetGroup(ModelViewSetGroup):
    menu_label = "Data rights"
    menu_icon = "lock"
    menu_order = 900
    items = (*ERASURE_VIEWSETS,)


@hooks.register("register_admin_viewset")
def register_data_rights_viewsets():
    return DataRightsViewSetGroup()
