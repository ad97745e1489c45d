from wagtail import hooks

from .dashboard import add_panel
from .workspace.viewsets import ParticipationViewSetGroup


@hooks.register("register_admin_viewset")
def register_participation_viewsets():
    return ParticipationViewSetGroup()


hooks.register("construct_homepage_panels", add_panel)
