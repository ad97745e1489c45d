"""The manager's screens, mounted under /admin/participation/ by wagtail_hooks."""

from django.urls import path

import pace_site.converters  # noqa: F401  (registers <id:…>)

from . import admin_views

app_name = "participation_admin"

urlpatterns = [
    path("parents/<id:pk>/", admin_views.parent_timeline, name="timeline"),
    path("parents/<id:pk>/pause/", admin_views.parent_pause, name="pause_parent"),
    path("parents/<id:pk>/resume/", admin_views.parent_resume, name="resume_parent"),
    path("parents/<id:pk>/consent/", admin_views.parent_consent, name="parent_consent"),
    path("consents/<id:pk>/withdraw/", admin_views.consent_withdraw, name="consent_withdraw"),
    path("parents/<id:pk>/leave/", admin_views.parent_leave, name="parent_leave"),
    path("parents/<id:pk>/check-in/", admin_views.parent_check_in, name="log_check_in"),
    path("check-ins/<id:pk>/", admin_views.check_in_detail, name="check_in"),
    path("pauses/<id:pk>/", admin_views.pause_detail, name="pause"),
    path("opportunities/<id:pk>/", admin_views.opportunity_manage, name="opportunity"),
    path(
        "opportunities/<id:pk>/action/", admin_views.opportunity_action, name="opportunity_action"
    ),
    path("sign-ups/<id:pk>/confirm/", admin_views.signup_confirm, name="confirm_signup"),
    path("sign-ups/<id:pk>/decide/", admin_views.signup_decide, name="decide_signup"),
]
