#!/usr/bin/env python
"""The outcomes report over ten years of a 200-parent programme (scripts/report_data.py):
how long the page, the XLSX and the PDF take to make, for the last full quarter and for the
whole ten years. Run by `make bench` against its throwaway PostgreSQL, with the production
settings; it times the view itself (the report's queries, charts and template), not the
network.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
RUNS = 5


def main() -> int:
    import django

    django.setup()
    from django.core.management.base import OutputWrapper
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from report_data import generate

    from pace_site.accounts.roles import Role
    from pace_site.demo import ensure_user
    from pace_site.outcomes.reports.views import ReportView

    today = timezone.localdate()
    started = time.perf_counter()
    generate(today=today, stdout=OutputWrapper(sys.stdout))
    print(f"generated in {time.perf_counter() - started:.1f} s")
    manager = ensure_user(
        "bench-report@bench.pace.example", "Bench", Role.PARTICIPATION_MANAGER, can_sign_in=False
    )
    view = ReportView.as_view()
    ten_years = {
        "period": "fixed",
        "starts_on_day": today.day,
        "starts_on_month": today.month,
        "starts_on_year": today.year - 10,
        "ends_on_day": today.day,
        "ends_on_month": today.month,
        "ends_on_year": today.year,
    }
    cases = [
        ("page, last full quarter", {"period": "last_quarter"}),
        ("page, ten years", ten_years),
        ("XLSX, ten years", {**ten_years, "export": "xlsx"}),
        ("PDF, ten years", {**ten_years, "export": "pdf"}),
    ]
    print(f"\n{'outcomes report':<28} {'median ms':>10} {'max ms':>8} {'queries':>8} {'bytes':>9}")
    worst_page = 0.0
    for label, query in cases:
        times, size, queries = [], 0, 0
        for _run in range(RUNS):
            request = RequestFactory().get("/admin/outcomes/reports/run/", query)
            request.user = manager
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = view(request)
                if hasattr(response, "render"):
                    response.render()
                times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (label, response.status_code)
            size, queries = len(response.content), len(captured)
        median = statistics.median(times)
        if label.startswith("page"):
            worst_page = max(worst_page, median)
        print(f"{label:<28} {median:>10.0f} {max(times):>8.0f} {queries:>8} {size:>9}")
    print(f"\nthe page: {worst_page:.0f} ms at most (target under 1000 ms)")
    return 0 if worst_page < 1000 else 1


if __name__ == "__main__":
    sys.exit(main())
