from django.urls import path

import pace_site.converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.public_events, name="public_list"),
    path("events/<id:pk>/event.ics", views.public_event_ics, name="public_ics"),
    path("my/events/", views.event_list, name="list"),
    path("my/events/calendar/new-address/", views.replace_calendar_link, name="replace_calendar"),
    path("my/events/<id:pk>/", views.event_detail, name="detail"),
    path("my/events/<id:pk>/cancel/", views.cancel, name="cancel"),
    path("my/events/<id:pk>/event.ics", views.event_ics, name="ics"),
    path("my/events/<id:pk>/feedback/", views.feedback, name="feedback"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
