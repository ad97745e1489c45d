"""The data-rights pages of the portal."""

from django.urls import path

import pace_site.converters  # noqa: F401  (registers <id:…>)

from .views import erasure

app_name = "privacy"

urlpatterns = [
    # -- erasure and correction ---------------------------------------------------------------
    path("my/privacy/delete/", erasure.erasure, name="erasure"),
    path("my/privacy/delete/<id:pk>/", erasure.erasure_request, name="erasure_request"),
    path("my/privacy/correct/", erasure.correction, name="correction"),
]
