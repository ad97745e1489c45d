"""The people of the load drill (run by `make drill SCENARIO=load` through Locust, headless).

Readers read guides, stories and search; parents sign in, check in, sign up and withdraw, book
and cancel event places; managers confirm sign-ups and pause and resume parents; befrienders log
contacts; coordinators read their listings. Each person keeps to one of the two web instances,
sends what the HTTPS proxy would, and counts a form shown again (refused) as a failure, so the
journeys must really work.
"""

import itertools
import os
import random
import re
import sys
from datetime import timedelta
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drills.forms import form_values, links  # noqa: E402
from drills.traffic import totp  # noqa: E402

PORTS = os.environ.get("DRILL_WEB_PORTS", "8000").split(",")
PARENTS = int(os.environ.get("DRILL_PARENTS", "30"))
MANAGERS = int(os.environ.get("DRILL_MANAGERS", "25"))
COORDINATORS = int(os.environ.get("DRILL_COORDINATORS", "25"))
PASSWORD = "pace-demo-password"  # noqa: S105 - the throwaway demo data's password
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - as above
ORIGIN = "https://localhost"
numbers = itertools.count()


def keep_cookies_over_plain_http(response, *args, **kwargs):
    """The proxy speaks HTTPS to browsers; the drill talks to gunicorn directly, so its cookie
    jar must keep the site's Secure cookies to send them back (before the jar reads them)."""
    message = response.raw._original_response.msg
    values = message.get_all("Set-Cookie") or []
    if values:
        del message["Set-Cookie"]
        for value in values:
            message["Set-Cookie"] = re.sub(r";\s*Secure\b", "", value, flags=re.IGNORECASE)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    host = f"http://127.0.0.1:{PORTS[0]}"

    def on_start(self):
        self.number = next(numbers)
        self.client.base_url = f"http://127.0.0.1:{PORTS[self.number % len(PORTS)]}"
        self.client.hooks["response"].append(keep_cookies_over_plain_http)
        self.client.headers.update(
            {
                "Host": "localhost",
                "X-Forwarded-Proto": "https",
                # Each person their own address, so rate limits count per person.
                "X-Forwarded-For": f"127.{20 + self.number // 250}.{self.number % 250}.1",
            }
        )

    def send(self, path: str, name: str, fields: dict | None = None, action: str = ""):
        """Open the form at `path`, send it with `fields` changed; a form shown again is a failure."""
        page = self.client.get(path, name=f"{name} (form)")
        if page.status_code != 200:
            return None
        target = action or path
        shown = form_values(page.text, target, path)
        if not shown:
            return None  # the form is gone: the state changed since the page before was read
        data = {**shown, **(fields or {})}
        with self.client.post(
            target,
            data=data,
            name=name,
            headers={"Origin": ORIGIN, "Referer": ORIGIN + path},
            catch_response=True,
        ) as answer:
            if answer.status_code >= 400:
                title = re.search(r"<title>(.*?)</title>", answer.text or "", re.S)
                heading = title.group(1).strip() if title else answer.text[:150]
                answer.failure(f"{name}: {answer.status_code} “{heading}”")
            elif (
                answer.status_code == 200
                and answer.url.endswith(target)
                and 'class="error' in (answer.text)
            ):
                said = [
                    re.sub(r"<[^>]+>", " ", m).strip()[:150]
                    for m in re.findall(r'role="alert">(.{0,400}?)</div>', answer.text, re.S)
                ]
                answer.failure(f"{name}: the form was refused: {said[:2]}")
            return answer

    def act(self, path: str, page: str, url: str, name: str):
        """A button on the page that posts to `url`, or a link to its own confirmation page."""
        if f'action="{url}"' in page:
            return self.send(path, name, action=url)
        return self.send(url, name)

    def sign_in(self, email: str, staff: bool = False) -> None:
        answer = self.send("/accounts/login/", "sign in", {"login": email, "password": PASSWORD})
        if staff and answer is not None and "/2fa/" in answer.url:
            path = re.sub(r"^https?://[^/]+", "", answer.url)
            self.send(path, "sign in (two-step)", {"code": totp(TOTP_SECRET)})


class Reader(Person):
    weight = 10

    def on_start(self):
        super().on_start()
        sitemap = self.client.get("/sitemap.xml", name="sitemap").text
        self.pages = list(re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", sitemap)) or ["/"]

    @task(6)
    def read_a_page(self):
        self.client.get(random.choice(self.pages), name="public page")

    @task(2)
    def search(self):
        word = random.choice(["debt", "police", "school", "court", "help", "story"])
        self.client.get(f"/search/?query={word}", name="search")

    @task(1)
    def events(self):
        self.client.get("/events/", name="public events")


class Parent(Person):
    weight = 6
    accounts = itertools.count()  # one account each, as one person is one browser

    def on_start(self):
        super().on_start()
        self.sign_in(f"load.parent.{next(Parent.accounts) % PARENTS}@example.org")

    @task(4)
    def home(self):
        self.client.get("/my/", name="portal home")

    @task(2)
    def check_in(self):
        self.send("/my/check-in/", "check in", {"wellbeing": str(random.randint(1, 5))})

    @task(3)
    def sign_up_or_withdraw(self):
        listing = self.client.get("/my/opportunities/", name="opportunities").text
        found = links(listing, r"/my/opportunities/\d+/")
        if not found:
            return
        path = random.choice(found)
        page = self.client.get(path, name="an opportunity").text
        withdraw = links(page, r"/my/sign-ups/\d+/withdraw/") + re.findall(
            r'action="(/my/sign-ups/\d+/withdraw/)"', page
        )
        if withdraw:
            self.act(path, page, withdraw[0], "withdraw a sign-up")
        elif 'name="way"' in page:
            self.send(path, "sign up")

    @task(2)
    def book_or_cancel(self):
        listing = self.client.get("/my/events/", name="my events").text
        found = links(listing, r"/my/events/\d+/")
        if not found:
            return
        path = random.choice(found)
        page = self.client.get(path, name="an event").text
        if "submission_key" in page and f'action="{path}cancel/"' not in page:
            if 'name="dietary_needs"' in page:
                self.send(path, "book a place")
        elif f"{path}cancel/" in page:
            self.act(path, page, f"{path}cancel/", "cancel a place")


class Manager(Person):
    weight = 2
    accounts = itertools.count()  # one account each: a two-step code is good once per account

    def on_start(self):
        super().on_start()
        self.sign_in(f"load.manager.{next(Manager.accounts) % MANAGERS}@example.org", staff=True)

    @task(3)
    def dashboard(self):
        self.client.get("/admin/", name="staff dashboard")

    @task(2)
    def listings(self):
        for path in ["/admin/participation/parents/", "/admin/participation/sign-ups/"]:
            self.client.get(path, name="staff listing")

    @task(2)
    def confirm_a_sign_up(self):
        listing = self.client.get("/admin/participation/opportunities/", name="staff listing").text
        found = links(listing, r"/admin/participation/opportunities/inspect/\d+/")
        if not found:
            return
        page = self.client.get(random.choice(found), name="an opportunity (staff)").text
        waiting = links(page, r"/admin/participation/sign-ups/\d+/confirm/")
        if waiting:
            self.send(random.choice(waiting), "confirm a sign-up")

    @task(1)
    def pause_and_resume(self):
        listing = self.client.get("/admin/participation/parents/", name="staff listing").text
        parents = links(listing, r"/admin/participation/parents/inspect/\d+/")
        if not parents:
            return
        record = random.choice(parents)
        number = record.rstrip("/").rsplit("/", 1)[-1]
        page = self.client.get(record, name="a parent's record").text
        base = f"/admin/participation/parents/{number}"
        if f"{base}/resume/" in page:
            self.send(f"{base}/resume/", "resume a parent")
        elif f"{base}/pause/" in page:
            from datetime import date

            until = date.today() + timedelta(days=30)
            self.send(
                f"{base}/pause/",
                "pause a parent",
                {"until": until.isoformat(), "reason": "A break agreed on the phone."},
            )


class Befriender(Person):
    weight = 1

    def on_start(self):
        super().on_start()
        self.sign_in("befriender@demo.pace.example")

    @task(2)
    def my_match(self):
        self.client.get("/my/befriending/", name="befriender's match")

    @task(1)
    def log_a_contact(self):
        self.send(
            "/my/befriending/contact/",
            "log a contact",
            {"duration_minutes": "30", "notes": "We had a cup of tea and a walk."},
        )


class Coordinator(Person):
    weight = 1
    accounts = itertools.count()  # as for managers

    def on_start(self):
        super().on_start()
        account = next(Coordinator.accounts) % COORDINATORS
        self.sign_in(f"load.coordinator.{account}@example.org", staff=True)

    @task
    def listings(self):
        for path in [
            "/admin/",
            "/admin/befriending/volunteers/",
            "/admin/befriending/matches/",
            "/admin/befriending/referrals/",
        ]:
            self.client.get(path, name="staff listing" if path != "/admin/" else "staff dashboard")
