"""Every screen of every role, on a 390 px phone and a 1280 px desktop: axe finds nothing of any
impact, and a full-page screenshot is saved for a person to look at.

The pages are those the HTML check reads (tests/quality/test_html_validity.py): each route of
the access matrix as one person of each kind allowed sees it, with the real objects of
tests/access_world.py; the account pages; Wagtail's own screens the staff use; and the demo
site's public pages (search, events, volunteering and the 404 page among them).

Each page is asked for once with Django's test client, in the test's own transaction, and its
answer kept (status, headers, body). Headless Chromium then opens http://testserver/<page> with
no server behind it: every request is answered from what was kept (the page, with its own
Content-Security-Policy), from the static files (the finders) or from MEDIA_ROOT, and anything
else is refused at once, so nothing can wait on the network.

Screenshots go to var/screenshots/screens/<kind>/<page>-<width>.png; `make screens` runs this
sweep and then scripts/screens.py, which turns them into contact sheets to look through
(var/screenshots/sheets/). Not part of `make test` (marked `screens`).
"""

import io
import mimetypes
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    WAGTAIL_CHROME,
    axe_violations,
    describe,
)
from tests.quality.test_html_validity import (
    ACCOUNT_PAGES,
    KIND,
    WAGTAIL_SCREENS,
    is_document,
    matrix_pages,
)
from tests.test_access_matrix import ask, body_of, world  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.browser, pytest.mark.screens]

HOST = "testserver"
WIDTHS = {390: {"width": 390, "height": 844}, 1280: {"width": 1280, "height": 800}}
OUT = SCREENSHOTS / "screens"
# One test per group and width: the kinds of person of the matrix, the account pages, Wagtail's
# own screens and the demo site.
GROUPS = ["anonymous", "parent", "befriender", "staff", "account", "wagtail", "demo"]
# Headers of the kept answer that the browser gets again (the page's own CSP among them).
DROPPED_HEADERS = {"content-length", "set-cookie", "transfer-encoding"}
# Lazy pictures below the fold are loaded before the full-page screenshot, as they would be
# for a person scrolling down.
LOAD_EVERY_PICTURE = """() => {
  for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = "eager";
}"""
EVERY_PICTURE_LOADED = "() => [...document.images].every((img) => img.complete)"


@dataclass(frozen=True)
class Kept:
    """One page as Django answered it."""

    name: str
    url: str
    status: int
    headers: dict[str, str]
    body: bytes


def slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-")[:120] or "home"


def keep(name: str, url: str, response) -> Kept | None:
    """The answer, when it is a whole HTML page (not a file nor a fragment)."""
    body = body_of(response)  # read to the end, which also closes a file's answer
    if not is_document(response, body) and not url.startswith("/no-such-page"):
        return None
    headers = {k: v for k, v in response.items() if k.lower() not in DROPPED_HEADERS}
    return Kept(name, url, response.status_code, headers, body.encode())


def asked(w, persona: str, url: str, name: str) -> Kept | None:
    with transaction.atomic():
        response = ask(w, persona, "GET", url)
        kept = keep(name, url, response)
        transaction.set_rollback(True)
    return kept


def demo_pages(client, users) -> list[Kept]:
    """Every live public page of the demo site, and the public pages outside the page tree."""
    from django.apps import apps
    from wagtail.models import Page

    from home.demo import seed_demo

    apps.get_app_config("participation").seed_demo(users=users, stdout=io.StringIO())
    seed_demo(users=users, stdout=io.StringIO())
    urls = [
        page.get_url(None) for page in Page.objects.live().public().filter(depth__gte=2).specific()
    ]
    urls += ["/events/", "/volunteer/", "/search/?query=county+lines", "/no-such-page/"]
    pages = [keep(slug(url), url, client.get(url)) for url in urls]
    return [page for page in pages if page]


# What each group's pages are, kept for the other width when the same process runs it.
_kept: dict[str, list[Kept]] = {}


def pages_of(group: str, w, users, client) -> list[Kept]:
    if group in _kept:
        return _kept[group]
    if group == "demo":
        pages = demo_pages(client, users)
    else:
        if group == "wagtail":
            candidates = [("administrator", url) for url in WAGTAIL_SCREENS]
        elif group == "account":
            candidates = list(ACCOUNT_PAGES)
        else:
            candidates = [(p, u) for p, u in matrix_pages(w) if KIND.get(p, p) == group]
        named = group in {"staff", "account"}  # several personas share the group's folder
        found = [
            asked(w, persona, url, f"{persona}--{slug(url)}" if named else slug(url))
            for persona, url in candidates
        ]
        pages = [page for page in found if page]
    _kept[group] = pages
    return pages


class Answerer:
    """A Playwright route handler: the page being looked at, static files and media, nothing
    else. (Two personas may see the same address, so the page is the one set as `current`.)"""

    def __init__(self):
        self.current: Kept | None = None
        self.media_root = Path(settings.MEDIA_ROOT).resolve()

    def __call__(self, route, request) -> None:
        parts = urlsplit(request.url)
        if parts.hostname != HOST or request.method != "GET":
            route.abort()  # nothing leaves the machine, and nothing is sent anywhere
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        page = self.current
        if page is not None and path == page.url:
            route.fulfill(status=page.status, headers=page.headers, body=page.body)
            return
        file = self.file_for(parts.path)
        if file is None:
            route.fulfill(status=404, body=b"", content_type="text/plain")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), content_type=kind)

    def file_for(self, path: str) -> Path | None:
        """The static file or uploaded file at the path, if there is one."""
        file = None
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path.removeprefix(settings.STATIC_URL))
            file = Path(found) if isinstance(found, str) else None
        elif path.startswith(settings.MEDIA_URL):
            candidate = (self.media_root / path.removeprefix(settings.MEDIA_URL)).resolve()
            file = candidate if candidate.is_relative_to(self.media_root) else None
        return file if file is not None and file.is_file() else None


@contextmanager
def chromium():
    """Headless Chromium, started once the test has asked Django for its pages.

    Playwright's sync API keeps an event loop running in this thread while it is started, and
    Django then gives the test another database connection, outside the transaction that holds
    the access world; so each test asks for its pages first and starts the browser after.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def look_at(page, kept: Kept, folder: Path, width: int) -> str | None:
    """Opens the page, checks it with axe and saves its screenshot; returns what axe found."""
    response = page.goto(f"http://{HOST}{kept.url}", wait_until="load")
    assert response is not None and response.status == kept.status, kept.url
    page.evaluate(LOAD_EVERY_PICTURE)
    page.wait_for_function(EVERY_PICTURE_LOADED)
    allow = WAGTAIL_CHROME if urlsplit(kept.url).path.startswith("/admin/") else None
    found = axe_violations(page, allow=allow)
    page.screenshot(path=str(folder / f"{kept.name}-{width}.png"), full_page=True)
    if found:
        return f"{kept.name} ({kept.url}) at {width} px:\n{describe(found)}"
    return None


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("group", GROUPS)
def test_every_screen_passes_axe_and_is_screenshotted(world, users, client, group, width):  # noqa: F811
    pages = pages_of(group, world, users, client)
    assert pages, group
    folder = OUT / group
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"*-{width}.png"):
        old.unlink()
    answer = Answerer()
    problems = []
    with chromium() as browser:
        context = browser.new_context(viewport=WIDTHS[width])
        context.set_default_timeout(15000)
        context.route("**/*", answer)
        browser_page = context.new_page()
        for kept in pages:
            answer.current = kept
            problem = look_at(browser_page, kept, folder, width)
            if problem:
                problems.append(problem)
    assert problems == [], f"{len(problems)} of {len(pages)} pages:\n" + "\n\n".join(problems)
