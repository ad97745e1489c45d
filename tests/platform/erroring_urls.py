"""The project's routes plus one public view that fails, for the styled 500 page."""

from django.urls import path

from pace_site.access import public
from pace_site.urls import handler404, handler500, urlpatterns

FAILURE_DETAIL = "database password is hunter2-not-for-visitors"


@public
def fails(request):
    raise RuntimeError(FAILURE_DETAIL)


urlpatterns = [path("_test/fails/", fails), *urlpatterns]
__all__ = ["urlpatterns", "handler404", "handler500"]
