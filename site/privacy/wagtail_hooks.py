from wagtail import hooks

# -- subject access ----------------------------------------------------------------------------
from .workspace import access as access_workspace

hooks.register(
    "register_admin_viewset",
    lambda: access_workspace.AccessRequestViewSet("privacy_access_requests"),
)
hooks.register("construct_homepage_panels", access_workspace.add_panel)
