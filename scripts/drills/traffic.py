"""Simulated people for the drills: each keeps its own cookies, sends what a browser behind the
HTTPS proxy would (Host, X-Forwarded-Proto, its own X-Forwarded-For so that sign-in rate limits
count per person), and every answer is tallied by page group."""

import base64
import hmac
import struct
import threading
import time
from collections import Counter, defaultdict
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .forms import form_values

HOST = "localhost"


def totp(secret: str) -> str:
    """The current six-digit code for a base32 TOTP secret (RFC 6238, 30-second steps)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(time.time()) // 30
    digest = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    start = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[start : start + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Tally:
    """Every answer, by page group: counts by status, latencies, and the server errors."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.server_errors: list[str] = []
        self.connection_errors: list[str] = []

    def record(self, group: str, method: str, path: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[group][status] += 1
            self.latencies[group].append(seconds)
            if status >= 500:
                self.server_errors.append(f"{status} {method} {group} {path}")

    def failed_to_connect(self, group: str, error: Exception) -> None:
        with self.lock:
            self.connection_errors.append(f"{group}: {type(error).__name__}")

    def requests(self) -> int:
        with self.lock:
            return sum(sum(c.values()) for c in self.statuses.values())

    def summary(self) -> dict[str, str]:
        lines = {}
        with self.lock:
            for group in sorted(self.statuses):
                values = sorted(self.latencies[group])

                def pick(q: float, values=values) -> float:
                    return values[min(len(values) - 1, int(q * len(values)))] * 1000

                statuses = ", ".join(f"{s}×{n}" for s, n in sorted(self.statuses[group].items()))
                lines[group] = (
                    f"{len(values)} requests ({statuses}); p50 {pick(0.5):.0f} ms, "
                    f"p95 {pick(0.95):.0f} ms, p99 {pick(0.99):.0f} ms"
                )
        return lines


class Response:
    def __init__(self, status: int, body: str, location: str):
        self.status, self.body, self.location = status, body, location


class Visitor:
    """One person in one browser."""

    def __init__(self, port: int, address: str, tally: Tally):
        self.port, self.address, self.tally = port, address, tally
        self.cookies: dict[str, str] = {}

    def request(self, group: str, method: str, path: str, form: dict | None = None) -> Response:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        started = time.perf_counter()
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        self.tally.record(group, method, path, response.status, time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        location = urlsplit(response.headers.get("Location") or "")
        target = location.path + (f"?{location.query}" if location.query else "")
        return Response(response.status, text, target)

    def get(self, group: str, path: str) -> Response:
        return self.request(group, "GET", path)

    def submit(self, group: str, path: str, fields: dict) -> Response:
        """Open the form at `path` and send it as a browser would, with `fields` changed."""
        page = self.get(group, path)
        return self.request(group, "POST", path, {**form_values(page.body, path, path), **fields})

    def sign_in(self, email: str, password: str, totp_secret: str | None = None) -> bool:
        answer = self.submit("sign in", "/accounts/login/", {"login": email, "password": password})
        if answer.status == 302 and answer.location.startswith("/accounts/2fa/authenticate/"):
            if not totp_secret:
                return False
            step = answer.location
            # A code typed at the end of its 30 seconds may be refused; a person types the next.
            for _attempt in range(2):
                answer = self.submit("sign in", step, {"code": totp(totp_secret)})
                if answer.status == 302:
                    break
        # Follow the redirects as a browser would; signed in means landing outside the sign-in.
        for _hop in range(4):
            if answer.status != 302 or not answer.location.startswith("/accounts/"):
                break
            answer = self.get("sign in", answer.location)
        self.last_answer = answer
        return answer.status == 302 and not answer.location.startswith("/accounts/")

    def sign_out(self) -> None:
        self.submit("sign in", "/accounts/logout/", {})
        self.cookies.clear()
