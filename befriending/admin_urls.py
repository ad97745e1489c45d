from django.urls import path

from . import admin_views as views

app_name = "befriending_admin"

urlpatterns = [
    path("volunteers/<int:pk>/", views.befriender_detail, name="befriender"),
    path("volunteers/<int:pk>/move/", views.befriender_move, name="befriender_move"),
    path("volunteers/<int:pk>/capacity/", views.befriender_capacity, name="befriender_capacity"),
    path("volunteers/<int:pk>/dbs/", views.befriender_dbs, name="befriender_dbs"),
    path("volunteers/<int:pk>/training/", views.befriender_training, name="befriender_training"),
    path(
        "volunteers/<int:pk>/supervision/",
        views.befriender_supervision,
        name="befriender_supervision",
    ),
    path("referrals/new/", views.referral_add, name="referral_add"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:pk>/propose/", views.referral_propose, name="referral_propose"),
    path("referrals/<int:pk>/close/", views.referral_close, name="referral_close"),
    path("matches/<int:pk>/", views.match_detail, name="match"),
    path("matches/<int:pk>/introduction/", views.match_introduce, name="match_introduce"),
    path("matches/<int:pk>/start/", views.match_start, name="match_start"),
    path("matches/<int:pk>/planned-end/", views.match_change_end, name="match_change_end"),
    path("matches/<int:pk>/arrangements/", views.match_arrangements, name="match_arrangements"),
    path("matches/<int:pk>/end/", views.match_end, name="match_end"),
    path("reviews/<int:pk>/", views.review_complete, name="review_complete"),
    path("contacts/<int:pk>/", views.contact_log_detail, name="contact_log"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern"),
    path("concerns/<int:pk>/in-hand/", views.concern_in_hand, name="concern_in_hand"),
    path("concerns/<int:pk>/close/", views.concern_close, name="concern_close"),
]
