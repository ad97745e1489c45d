"""Item 18 on the embedded default: under `make run` (the threaded development server on SQLite)
a double click on sign-up, take a break, "I'm ready to come back", check-in, asking to delete
one's information or for a copy of it, a date typed as day, month and year, or an invitation
never answers "database is locked" (a 500): the second request waits for the first one's lock,
the change is made once, and both get a calm answer. Real server, real concurrent requests."""

import re
import threading
from datetime import date, timedelta

import pytest
import requests

pytestmark = pytest.mark.processes

PASSWORD = "pace-demo-password"
PARENT = "parent@demo.pace.example"
# A date to avoid, typed as day, month and year (a date no demo parent has on their list).
AVOID = date.today() + timedelta(days=400)


def form_of(session, url: str, marker: str = "") -> dict:
    """The hidden fields (CSRF token, one-time key) of the POST form on the page holding
    `marker`, as a browser would send them back."""
    return fields_in(session.get(url, timeout=30).text, marker)


def fields_in(html: str, marker: str = "") -> dict:
    """The hidden fields of the POST form holding `marker` in a page already fetched."""
    forms = re.findall(r'<form[^>]*method="post"[^>]*>.*?</form>', html, flags=re.S | re.I)
    form = next(f for f in forms if marker in f and "csrfmiddlewaretoken" in f)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def signed_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    fields = form_of(session, f"{base}/accounts/login/")
    answer = session.post(
        f"{base}/accounts/login/",
        {**fields, "login": email, "password": PASSWORD},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    return session


def double_click(session: requests.Session, url: str, data: dict) -> list[requests.Response]:
    """The same form sent twice at once from the same browser (same cookies, same fields).
    Each answer keeps the session it came from (`answer.sent_by`), to read what it said."""
    twin = requests.Session()
    twin.cookies.update(session.cookies)
    together = threading.Barrier(2)
    answers: dict = {}

    def post(name, who):
        together.wait(timeout=30)
        answers[name] = who.post(url, data, timeout=60, allow_redirects=False)
        answers[name].sent_by = who

    threads = [
        threading.Thread(target=post, args=(n, who))
        for n, who in (("first", session), ("second", twin))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return [answers["first"], answers["second"]]


@pytest.fixture(scope="module")
def server(embedded_site):
    with embedded_site.serve() as base:
        yield base


def on_a_break(session: requests.Session, server: str) -> None:
    """Start a break unless the parent is on one: only then does the page offer "I'm ready to
    come back". (Each test process has its own copy of the site, so an earlier case's break
    may not be there.)"""
    if 'value="resume"' in session.get(server + "/my/break/", timeout=30).text:
        return
    fields = form_of(session, server + "/my/break/", 'value="pause"')
    answer = session.post(
        server + "/my/break/", {**fields, "action": "pause", "until": ""}, timeout=30
    )
    assert answer.status_code in (200, 302), answer.text[:300]


def count(embedded_site, expression: str) -> int:
    return int(embedded_site.run(f"print({expression})").strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("path", "marker", "data", "counted", "said"),
    [
        (
            "/my/check-in/",
            "wellbeing",
            {"wellbeing": "3", "words": "", "support_wanted": ""},
            "__import__('participation.models').models.CheckIn.objects.count()",
            "Thank you for letting us know how you are.",
        ),
        (
            "/my/break/",
            'value="pause"',
            {"action": "pause", "until": ""},
            "__import__('participation.models').models.Pause.objects.count()",
            "Your break has started.",
        ),
        (
            "/my/break/",
            'value="resume"',
            {"action": "resume"},
            "__import__('participation.models').models.Pause.objects"
            ".filter(return_requested_at__isnull=False).count()",
            "Someone from the team will give you a",
        ),
        (
            "/my/privacy/delete/",
            "understood",
            {"understood": "on"},
            "__import__('pace_site.privacy.models').privacy.models.ErasureRequest.objects.count()",
            "We have your request and will reply within one month.",
        ),
        (
            "/my/data/ask/",
            "",
            {},
            "__import__('pace_site.privacy.models').privacy.models"
            ".SubjectAccessRequest.objects.count()",
            "We have your request and will get back to you within a month.",
        ),
        (
            "/my/dates/",
            'name="on_day"',
            {"on_day": str(AVOID.day), "on_month": str(AVOID.month), "on_year": str(AVOID.year)},
            "__import__('pace_site.audit.models').audit.models.AuditEntry.objects"
            ".filter(action='participation.parent.private_date_added').count()",
            "Added. We will not send you offers around this date.",
        ),
    ],
    ids=[
        "check-in",
        "take a break",
        "ready to come back",
        "ask to delete",
        "ask for a copy",
        "a date typed as day, month and year",
    ],
)
def test_a_double_click_on_the_embedded_database_acts_once_and_answers_calmly(
    embedded_site, server, path, marker, data, counted, said
):
    session = signed_in(server, PARENT)
    if data.get("action") == "resume":
        on_a_break(session, server)
    before = count(embedded_site, counted)
    fields = form_of(session, server + path, marker)
    answers = double_click(session, server + path, {**fields, **data})
    assert [a.status_code for a in answers] == [302, 302], [a.text[:300] for a in answers]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    assert count(embedded_site, counted) == before + 1
    # The browser shows the calm words, never an error (the two answers share one session, so
    # its messages may show on either page).
    pages = " ".join(
        answer.sent_by.get(server + answer.headers["Location"], timeout=30).text
        for answer in answers
    )
    assert said in pages
    assert "went wrong" not in pages
    # No word of a second, refused attempt (the erasure page itself says, once asked, that "we
    # already have your request": that is the page, not a refusal).
    assert "already" not in pages.replace("We already have your request", "")


def test_an_invitation_accepted_twice_at_once_makes_one_account(embedded_site, server):
    path = (
        embedded_site.run(
            "from pace_site.accounts import services;"
            "from pace_site.accounts.roles import Role;"
            "i = services.invite(email='double.click@example.org', role=Role.PARENT, by=None);"
            "print(services.invitation_url(i).split('://', 1)[1].split('/', 1)[1])"
        )
        .strip()
        .splitlines()[-1]
    )
    session = requests.Session()
    url = f"{server}/{path}"
    fields = form_of(session, url)
    answers = double_click(
        session,
        url,
        {
            **fields,
            "display_name": "Robin",
            "password1": "Kettle-on-the-hob-7",
            "password2": "Kettle-on-the-hob-7",
        },
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [302, 410], [a.text[:300] for a in answers]
    second = next(a for a in answers if a.status_code == 410)
    assert "already been used" in second.text and "sign in" in second.text
    assert (
        count(
            embedded_site,
            "__import__('pace_site.accounts.models').accounts.models.User.objects"
            ".filter(email='double.click@example.org').count()",
        )
        == 1
    )


def test_a_questionnaire_sent_twice_at_once_is_answered_once(embedded_site, server):
    """The demo parent's waiting questions, answered with a double click: one set of answers,
    and both clicks land on the same thank-you page."""
    invitation = int(
        embedded_site.run(
            "from pace_site.outcomes.models import Invitation;"
            "print(Invitation.objects.filter(person__email='parent@demo.pace.example',"
            " status='open').order_by('pk').values_list('pk', flat=True).first())"
        )
        .strip()
        .splitlines()[-1]
    )
    answered = (
        "__import__('pace_site.outcomes.models').outcomes.models.Answer.objects"
        f".filter(invitation_id={invitation}).count()"
    )
    session = signed_in(server, PARENT)
    url = f"{server}/my/questions/{invitation}/"
    html = session.get(url, timeout=30).text
    first_question = re.search(r'name="(q\d+)" value="4"', html)
    assert first_question, html[:500]
    fields = form_of(session, url, "Send my answers")
    answers = double_click(session, url, {**fields, first_question.group(1): "4"})
    assert [a.status_code for a in answers] == [302, 302], [a.text[:300] for a in answers]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    assert answers[0].headers["Location"].endswith(f"/my/questions/{invitation}/thank-you/")
    assert count(embedded_site, answered) == 1
    page = session.get(server + answers[0].headers["Location"], timeout=30).text
    assert "Thank you" in page and "went wrong" not in page


def test_two_step_moved_to_a_new_phone_twice_at_once_moves_once(embedded_site, server):
    """A staff member moves two-step sign-in to a new phone with a double click: one move, both
    clicks answered calmly on the two-step page, the new phone's codes work."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from pace_site.demo import DEMO_TOTP_SECRET

    def code(secret: str) -> str:
        import time

        from allauth.mfa import app_settings

        return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))

    email = "editor@demo.pace.example"
    session = signed_in(server, email)
    fields = form_of(session, f"{server}/accounts/2fa/authenticate/")
    answer = session.post(
        f"{server}/accounts/2fa/authenticate/",
        {**fields, "code": code(DEMO_TOTP_SECRET)},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:500]
    backup = (
        embedded_site.run(
            "from allauth.mfa.models import Authenticator;"
            "from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes;"
            f"a = Authenticator.objects.get(user__email='{email}', type='recovery_codes');"
            "print(RecoveryCodes(a).get_unused_codes()[0])"
        )
        .strip()
        .splitlines()[-1]
    )
    moved = (
        "__import__('pace_site.audit.models').audit.models.AuditEntry.objects"
        ".filter(action='accounts.two_step.moved').count()"
    )
    before = count(embedded_site, moved)
    url = f"{server}/account/two-step/new-phone/"
    # One visit: each visit shows a new key (kept in the session for the form).
    html = session.get(url, timeout=30).text
    secret = re.search(r'<p class="secret-key"><code>([A-Z2-7]+)</code>', html)
    assert secret, html[:500]
    fields = fields_in(html, "current_code")
    answers = double_click(
        session, url, {**fields, "current_code": backup, "code": code(secret.group(1))}
    )
    assert [a.status_code for a in answers] == [302, 302], [a.text[:300] for a in answers]
    assert {a.headers["Location"] for a in answers} == {"/accounts/2fa/"}
    assert count(embedded_site, moved) == before + 1
    pages = " ".join(
        a.sent_by.get(server + a.headers["Location"], timeout=30).text for a in answers
    )
    assert "now uses your new phone" in pages and "went wrong" not in pages
