from wagtail import hooks

from .workspace import SupportContactViewSet


@hooks.register("register_admin_viewset")
def register_support_line_viewset():
    return SupportContactViewSet("support_line_contacts")
