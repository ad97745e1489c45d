"""Data rights in the Wagtail admin: the staff workspace's records and the dashboard panels."""

from wagtail import hooks

# -- consent and information sharing --
from .dashboard_sharing import add_sharing_panel
from .workspace.sharing import SharingViewSet


@hooks.register("register_admin_viewset")
def register_sharing_viewset():
    return SharingViewSet("privacy_sharing")


hooks.register("construct_homepage_panels", add_sharing_panel)
# -- end consent and information sharing --
