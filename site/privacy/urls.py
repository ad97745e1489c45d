"""Data rights in the portal: a person's own information and their requests about it."""

from django.urls import path

import pace_site.converters  # noqa: F401  (registers <id:…>)

from .views import access, erasure, sharing

app_name = "privacy"

urlpatterns = [
    # -- erasure and correction ---------------------------------------------------------------
    path("my/privacy/delete/", erasure.erasure, name="erasure"),
    path("my/privacy/delete/<id:pk>/", erasure.erasure_request, name="erasure_request"),
    path("my/privacy/correct/", erasure.correction, name="correction"),
    # -- subject access --------------------------------------------------------------------
    path("my/data/", access.my_data, name="my_data"),
    path("my/data/download/<slug:fmt>/", access.my_data_download, name="my_data_download"),
    path("my/data/ask/", access.ask_full_copy, name="ask_full_copy"),
    path("my/data/copies/<id:pk>/", access.released_copy, name="released_copy"),
    path(
        "my/data/copies/<id:pk>/<slug:fmt>/",
        access.released_copy_download,
        name="released_copy_download",
    ),
    # -- consent and information sharing -----------------------------------------------------
    path("my/shared/", sharing.shared, name="shared"),
    path("my/shared/<id:pk>/ask/", sharing.ask, name="ask_about_sharing"),
]
