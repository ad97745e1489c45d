from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: whatever failed must not fail again here.
    html = get_template("500.html").render({"QUICK_EXIT_URL": settings.QUICK_EXIT_URL})
    return HttpResponseServerError(html)
