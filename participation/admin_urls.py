"""The manager's screens, mounted under /admin/participation/ by wagtail_hooks."""

from django.urls import path

from . import admin_views

app_name = "participation_admin"

urlpatterns = [
    path("parents/<int:pk>/", admin_views.parent_timeline, name="timeline"),
    path("parents/<int:pk>/pause/", admin_views.parent_pause, name="pause_parent"),
    path("parents/<int:pk>/resume/", admin_views.parent_resume, name="resume_parent"),
    path("parents/<int:pk>/consent/", admin_views.parent_consent, name="parent_consent"),
    path("consents/<int:pk>/withdraw/", admin_views.consent_withdraw, name="consent_withdraw"),
    path("parents/<int:pk>/leave/", admin_views.parent_leave, name="parent_leave"),
    path("parents/<int:pk>/check-in/", admin_views.parent_check_in, name="log_check_in"),
    path("check-ins/<int:pk>/", admin_views.check_in_detail, name="check_in"),
    path("pauses/<int:pk>/", admin_views.pause_detail, name="pause"),
    path("opportunities/<int:pk>/", admin_views.opportunity_manage, name="opportunity"),
    path(
        "opportunities/<int:pk>/action/", admin_views.opportunity_action, name="opportunity_action"
    ),
    path("sign-ups/<int:pk>/confirm/", admin_views.signup_confirm, name="confirm_signup"),
    path("sign-ups/<int:pk>/decide/", admin_views.signup_decide, name="decide_signup"),
]
