"""Health answers for a load balancer and a monitor. Public, never cached, no personal data."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from pace_site.access import public

from . import health


@public
@never_cache
def healthz(request):
    """Liveness: this web process answers. Depends on nothing else, so an outage elsewhere never
    makes a load balancer or supervisor restart healthy web processes."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
def readyz(request):
    """Readiness, for the load balancer: 503 when this process cannot serve (its database or
    the database cache is down). The broker is reported too, but pages work without it."""
    state = health.readiness()
    ready = state["database"] == "ok" and state["cache"] == "ok"
    return JsonResponse(
        {"status": "ok" if ready else "unready", **state}, status=200 if ready else 503
    )


@public
@never_cache
def monitorz(request):
    """Everything a monitor watches: 503 when any part is down or stuck."""
    healthy, report = health.full_report()
    return JsonResponse(
        {"status": "ok" if healthy else "attention", **report}, status=200 if healthy else 503
    )
