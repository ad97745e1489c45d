from django.urls import path

from . import views

app_name = "befriending"

urlpatterns = [
    path("volunteer/", views.volunteer, name="volunteer"),
    path("volunteer/thank-you/", views.volunteer_thanks, name="volunteer_thanks"),
    path("my/befriending/", views.my_match, name="my_match"),
    path("my/befriending/withdraw/", views.withdraw_application, name="withdraw_application"),
    path("my/befriending/contact/", views.log_contact, name="log_contact"),
    path("my/befriending/contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("my/befriending/concern/", views.raise_concern, name="raise_concern"),
    path("my/befriending/concern/sent/", views.concern_sent, name="concern_sent"),
    path("my/befriending/record/", views.my_record, name="my_record"),
    path("my/befriending/past/", views.past_matches, name="past_matches"),
]
