"""Events in the staff workspace (see events/workspace.py)."""

from wagtail import hooks

from .workspace import EventViewSet


@hooks.register("register_admin_viewset")
def register_event_viewset():
    return EventViewSet("events_events")
