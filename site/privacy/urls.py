"""Data-rights pages on the portal (/my/...)."""

from django.urls import path

import pace_site.converters  # noqa: F401  (registers <id:…>)

from .views import sharing

app_name = "privacy_portal"

urlpatterns = [
    # -- consent and information sharing --
    path("my/shared/", sharing.shared, name="shared"),
    path("my/shared/<id:pk>/ask/", sharing.ask, name="ask_about_sharing"),
]
