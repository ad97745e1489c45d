from django.urls import path

from . import admin_views

app_name = "events_admin"

urlpatterns = [
    path("<int:pk>/", admin_views.registrations, name="registrations"),
    path("<int:pk>/publish/", admin_views.publish, name="publish"),
    path("<int:pk>/cancel/", admin_views.cancel_event, name="cancel"),
    path("<int:pk>/attendance/", admin_views.attendance, name="attendance"),
    path("<int:pk>/venue-list.csv", admin_views.venue_list, name="venue_list"),
    path(
        "registration/<int:pk>/approve-travel/", admin_views.approve_travel, name="approve_travel"
    ),
]
