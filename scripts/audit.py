#!/usr/bin/env python
"""`make audit`: Lighthouse (mobile) over every indexable public page of the demo site.

Seeds the demo into its own database (var/audit/, settings `pace_site.settings.audit`: the
embedded default with DEBUG off), serves it on a loopback port, finds the pages in its sitemap
(plus the public pages outside the page tree), visits each once so its pictures are made, then
runs Lighthouse on each with the project's pinned copy (var/lighthouse/, installed by the make
target) and Chromium. Prints accessibility, best practices, SEO and performance per page and
fails when any page is below 100, 100, 100 and 95. Each page's report is kept under
var/audit/reports/ with the timings behind its performance score printed beside it;
`AUDIT_ONLY="/ /news/"` audits only those paths.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
LIGHTHOUSE = ROOT / "var" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
OUTSIDE_THE_PAGE_TREE = ["/events/", "/volunteer/"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - our own loopback server
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The site did not answer at {url}")


def pages(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/sitemap.xml", timeout=30) as response:  # noqa: S310
        found = re.findall(r"<loc>([^<]+)</loc>", response.read().decode())
    urls = [url for url in found if url.startswith(base)]
    urls += [base + path for path in OUTSIDE_THE_PAGE_TREE if base + path not in urls]
    return urls


TIMINGS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}


def lighthouse(url: str, report: Path) -> tuple[dict[str, int], str]:
    for attempt in (1, 2):  # Lighthouse sometimes loses the page's start (NO_NAVSTART): retry
        result = subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--form-factor=mobile",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            check=False,
            env={**os.environ, "CHROME_PATH": CHROME},
            timeout=240,
        )
        if result.returncode == 0:
            break
        if attempt == 2:
            raise SystemExit(f"Lighthouse failed twice on {url}")

    found = json.loads(report.read_text())
    categories = found["categories"]
    timings = " ".join(
        f"{short} {found['audits'][name]['displayValue']}" for name, short in TIMINGS.items()
    )
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}, timings


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `make audit`.")
    port = int(os.environ.get("AUDIT_PORT") or free_port())
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pace_site.settings.audit", "SITE_URL": base}
    print("Preparing the demo site (var/audit/) …", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage({**env, "AUDIT_SEEDING": "1"}, "seed_demo", stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    failures = []
    try:
        wait_for(f"{base}/robots.txt")
        urls = pages(base)
        only = os.environ.get("AUDIT_ONLY", "").split()
        if only:
            urls = [url for url in urls if url.removeprefix(base) in only]
        for url in urls:  # the first visit makes each page's pictures
            urllib.request.urlopen(url, timeout=120).read()  # noqa: S310
        print(f"{'page':46} {'a11y':>5} {'b.p.':>5} {'seo':>5} {'perf':>5}")
        reports = ROOT / "var" / "audit" / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        for url in urls:
            path = url.removeprefix(base)
            slug = path.strip("/").replace("/", "-") or "home"
            scores, timings = lighthouse(url, reports / f"{slug}.json")
            print(f"{path:46} " + " ".join(f"{scores[name]:>5}" for name in CATEGORIES), timings)
            failures += [
                f"{path}: {name} {scores[name]} < {least}"
                for name, least in CATEGORIES.items()
                if scores[name] < least
            ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    if failures:
        print("\nBelow the bar:\n  " + "\n  ".join(failures))
        return 1
    print(f"\nAll {len(urls)} pages meet the bar.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
