from django.urls import path

import pace_site.converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "participation"

urlpatterns = [
    path("my/opportunities/", views.opportunities, name="opportunities"),
    path("my/opportunities/<id:pk>/", views.opportunity, name="opportunity"),
    path("my/sign-ups/<id:pk>/withdraw/", views.withdraw_sign_up, name="withdraw_sign_up"),
    path("my/involvement/", views.involvement, name="involvement"),
    path("my/you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
    path("my/check-in/", views.check_in, name="check_in"),
    path("my/break/", views.take_break, name="take_break"),
    path("my/interests/", views.interests, name="interests"),
    path("my/dates/", views.private_dates, name="private_dates"),
    path("my/dates/remove/", views.private_date_remove, name="private_date_remove"),
    path("my/consents/", views.consents, name="consents"),
    path("my/consents/<id:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("my/consents/<id:pk>/renew/", views.consent_renew, name="consent_renew"),
]
