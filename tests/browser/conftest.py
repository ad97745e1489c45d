"""Browser fixtures: headless Chromium driven by Playwright, axe checks, screenshots."""

import io
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import sync_playwright

from home.cache import purge_site
from home.demo import seed_demo
from pace_site.accounts.roles import Role
from participation.models import Parent
from tests.database_snapshot import Snapshot
from tests.factories import PASSWORD, make_user
from tests.helpers import sign_in, totp_code, totp_secret
from tests.public_site.factories import site_home

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test
# itself (creating data, checking results) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed when the tests run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.pace_base_url = live_server.url
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.pace_base_url = live_server.url
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


_demo_copies: dict[str, Snapshot] = {}


@pytest.fixture
def demo_site(transactional_db):
    """The demo's public site (`seed_demo` of the public pages, with Sam, the parent whose
    stories they are). Seeding takes seconds, so it is done once per test process and copied;
    each test that asks for it starts from the copy."""
    from django.db import connection

    if "public" in _demo_copies:
        _demo_copies["public"].restore()
    else:
        users = {role: make_user(role, display_name=role.label.split()[0]) for role in Role}
        site_home()
        # The demo's stories are Sam's (participation's cast); Sam's record is made here rather
        # than by participation's whole demo.
        Parent.objects.get_or_create(
            user=users[Role.PARENT],
            defaults={"preferred_name": "Sam", "region": "West Yorkshire"},
        )
        seed_demo(users=users, stdout=io.StringIO())
        if connection.vendor == "postgresql":
            _demo_copies["public"] = Snapshot("public_demo")
    purge_site()


class _NeutralHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the standard library's name
        body = b"<!doctype html><title>Weather</title><h1>Weather forecast</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def neutral_site(settings):
    """A stand-in for the neutral site Exit this page goes to (there is no internet here)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NeutralHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/weather"
    settings.QUICK_EXIT_URL = url
    yield url
    server.shutdown()
    server.server_close()


# What axe finds in Wagtail's own admin chrome (its sidebar, header and listing markup, which
# the product's staff workspace screens are framed by), by rule id: a pattern the selector of
# every excused element matches, and why it is Wagtail's to fix. Used only for /admin/ screens;
# the product's own pages and templates have no allowance.
WAGTAIL_CHROME: dict[str, tuple[str, str]] = {
    "aria-allowed-role": (
        r'^h2\[role="alert"\]$',
        "Wagtail's generic listing (wagtailadmin/generic/listing_results.html) announces its "
        'search count as <h2 role="alert">, a role axe does not allow on a heading',
    ),
}


def axe_violations(page, *, context=None, allow: dict[str, tuple[str, str]] | None = None):
    """axe's violations of every impact on the page as it is now, less the allowed ones."""
    results = Axe().run(page, context=context)
    found = []
    for violation in results.response["violations"]:
        pattern = (allow or {}).get(violation["id"], (None, ""))[0]
        nodes = [
            node
            for node in violation["nodes"]
            if pattern is None or not all(re.search(pattern, str(t)) for t in node["target"])
        ]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def describe(violations) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def assert_accessible(page, *, context=None, allow: dict[str, tuple[str, str]] | None = None):
    """axe finds no problem of any impact (minor and moderate too) on the page as it is now.

    `allow` (only ever WAGTAIL_CHROME, on Wagtail's admin screens) excuses the listed rules
    where every element axe names matches the rule's selector pattern.
    """
    bad = axe_violations(page, context=context, allow=allow)
    assert bad == [], describe(bad)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def browser_sign_in(page, user, *, password: str = PASSWORD, through_the_pages: bool = False):
    """Sign in as `user`. By default the browser is handed the session the real sign-in leaves
    (password, and the authenticator code where the account has one: tests.helpers.sign_in),
    which saves the two or three pages of the form; the journeys about signing in itself, a
    password other than the factories' and staff without an authenticator yet (who are sent to
    set one up) go through the real pages."""
    from allauth.mfa.models import Authenticator

    has_authenticator = Authenticator.objects.filter(user=user).exists()
    base = getattr(page.context, "pace_base_url", None)  # None: a context a test made itself
    if (
        through_the_pages
        or base is None
        or password != PASSWORD
        or (user.is_staff_member and not has_authenticator)
    ):
        sign_in_through_the_pages(page, user, password=password)
        return
    holder = SimpleNamespace(cookies={})
    sign_in(holder, user, mfa=has_authenticator)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": holder.cookies[settings.SESSION_COOKIE_NAME],
                "url": base,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    # Where the sign-in form would have led: the sign-in page sends a signed-in person home.
    page.goto("/accounts/login/")


def sign_in_through_the_pages(page, user, *, password: str = PASSWORD):
    """Sign in through the real pages, entering a TOTP code when the account has one."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    # A code typed in the last instant of its 30-second window can reach the server in
    # the next one and be refused, as it would be for a person; they type the new code.
    for _attempt in range(2):
        if "/accounts/2fa/authenticate/" not in page.url:
            break
        page.get_by_label("Code").fill(totp_code(totp_secret(user)))
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
    assert "/accounts/2fa/authenticate/" not in page.url, "the authenticator code was refused twice"


def fill_date(page, question: str, day, *, time: str | None = None) -> None:
    """Type a date into the staff workspace's day, month and year boxes (and a time)."""
    group = page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
    if time is not None:
        group.get_by_label("Time").fill(time)
