"""The project's routes plus public views that fail in each way, for the styled error pages."""

from django.db import OperationalError
from django.http import HttpResponseGone
from django.urls import path
from django.views.decorators.http import require_POST
from kombu.exceptions import OperationalError as BrokerError

from pace_site.access import public
from pace_site.urls import handler400, handler403, handler404, handler500, urlpatterns

FAILURE_DETAIL = "database password is hunter2-not-for-visitors"


@public
def fails(request):
    raise RuntimeError(FAILURE_DETAIL)


@public
def database_down(request):
    raise OperationalError(f"could not connect to server: {FAILURE_DETAIL}")


@public
def broker_down(request):
    raise BrokerError(f"[Errno 111] Connection refused: {FAILURE_DETAIL}")


@public
def gone(request):
    return HttpResponseGone()


@public
@require_POST
def post_only(request):
    raise AssertionError("only reached by POST")


urlpatterns = [
    path("_test/fails/", fails),
    path("_test/database-down/", database_down),
    path("_test/broker-down/", broker_down),
    path("_test/gone/", gone),
    path("_test/post-only/", post_only),
    *urlpatterns,
]
__all__ = ["urlpatterns", "handler400", "handler403", "handler404", "handler500"]
