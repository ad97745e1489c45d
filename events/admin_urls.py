from django.urls import path

import pace_site.converters  # noqa: F401  (registers <id:…>)

from . import admin_views

app_name = "events_admin"

urlpatterns = [
    path("<id:pk>/", admin_views.registrations, name="registrations"),
    path("<id:pk>/publish/", admin_views.publish, name="publish"),
    path("<id:pk>/cancel/", admin_views.cancel_event, name="cancel"),
    path("<id:pk>/attendance/", admin_views.attendance, name="attendance"),
    path("<id:pk>/venue-list.csv", admin_views.venue_list, name="venue_list"),
    path("registration/<id:pk>/approve-travel/", admin_views.approve_travel, name="approve_travel"),
]
