"""Every route of the project. Each view declares who may use it (see pace_site.access)."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views import serve as document_serve

from . import views
from .access import public
from .accounts.views import move_two_step
from .guesses import limit_password_guesses
from .operations import views as operations_views

platform_patterns = [
    path("my/", views.portal_home, name="portal_home"),
    path("signed-in/", views.after_login, name="after_login"),
    path("exit/", views.exit_this_page, name="exit_this_page"),
    path("account/two-step/new-phone/", move_two_step, name="move_two_step"),
]

urlpatterns = [
    path("healthz", operations_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    path("monitorz", operations_views.monitorz, name="monitorz"),
    # Closed back door: Wagtail's own sign-in would accept a password without two-factor.
    path("admin/login/", views.admin_login, name="wagtailadmin_login"),
    # In front of Wagtail's own view, which fails on the root page and odd positions.
    path(
        "admin/pages/<int:page_to_move_id>/set_position/",
        views.set_page_position,
        name="set_page_position",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("join/", include("pace_site.accounts.urls")),
    path("my/", include("pace_site.notifications.urls")),
    path("", include((platform_patterns, "pace_site"))),
    path("", include("pace_site.privacy.urls")),
    path("", include("pace_site.outcomes.urls")),
    path("", include("pace_site.payments.urls")),
    path("", include("participation.urls")),
    path("", include("befriending.urls")),
    path("", include("events.urls")),
    path("", include("search.urls")),
    path("", include("home.urls")),
    # Documents go through Wagtail's serve view, which checks privacy; never a guessable media URL.
    # Wagtail sends visitors to a page or document restricted to signed-in people here; the
    # route name is what Wagtail reverses. It only forwards to our sign-in (with two-step).
    path("_util/login/", views.frontend_login, name="wagtailcore_login"),
    re_path(r"^documents/(\d+)/(.*)$", public(document_serve.serve), name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        public(limit_password_guesses(document_serve.authenticate_with_password)),
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        public(limit_password_guesses(wagtail_views.authenticate_with_password)),
        name="wagtailcore_authenticate_with_password",
    ),
]


def development_media_patterns():
    """Images and their renditions under `make run`, public as on the live site (never
    documents, which go through serve_view and its privacy check)."""
    from django.views.static import serve as static_serve

    prefix = re.escape(settings.MEDIA_URL.lstrip("/") + "images/")
    return [
        re_path(
            rf"^{prefix}(?P<path>.*)$",
            public(static_serve),
            {"document_root": Path(settings.MEDIA_ROOT) / "images"},
            name="media_images",
        )
    ]


if settings.DEBUG:
    urlpatterns += development_media_patterns()

# Wagtail serves the public pages last, as the catch-all.
urlpatterns.append(re_path(r"^((?:[\w\-]+/)*)$", public(wagtail_views.serve), name="wagtail_serve"))

handler400 = "pace_site.errors.bad_request"
handler403 = "pace_site.errors.permission_denied"
handler404 = "pace_site.errors.page_not_found"
handler500 = "pace_site.errors.server_error"
