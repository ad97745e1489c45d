""" "Your information" in the portal (/my/data/): everything Pace holds about the signed-in
person, as a page, a PDF and a JSON file, without the notes written by staff (those are
reviewed first); a way to ask for the full copy; and the copies released to them. Every
look and every download is audited. Someone else's copy is a 404."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pace_site.access import roles
from pace_site.accounts.roles import PORTAL_ROLES
from pace_site.audit.services import record
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.submissions.services import DuplicateSubmission, once

from ..access import Collection, collect, from_dict
from ..access.documents import as_json, as_pdf
from ..access.services import AccessRequestError, open_access_request
from ..models.access import ReceivedHow, SubjectAccessRequest

portal_people = roles(*PORTAL_ROLES)
FORMATS = ("pdf", "json")
ASKED = _(
    "Thank you. We have your request and will get back to you within a month. "
    "You will find the full copy here when it is ready."
)


def _file(collection: Collection, fmt: str, name: str) -> HttpResponse:
    if fmt == "pdf":
        body = as_pdf(collection, title=_("Your information held by Pace"))
        content_type = "application/pdf"
    elif fmt == "json":
        body = as_json(collection)
        content_type = "application/json"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _requests_of(user) -> list[SubjectAccessRequest]:
    return list(SubjectAccessRequest.objects.filter(person=user).order_by("-received_on", "-pk"))


@portal_people
@never_cache
def my_data(request):
    """My information, without the staff notes still to be reviewed; my requests for a copy."""
    collection = collect(request.user, staff_only=False)
    record(
        "privacy.own_data.viewed",
        by=request.user,
        data={"format": "page", "held_back": collection.held_back},
    )
    return render(
        request,
        "privacy/access/my_data.html",
        {"collection": collection, "access_requests": _requests_of(request.user)},
    )


@portal_people
@never_cache
def my_data_download(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    collection = collect(request.user, staff_only=False)
    record("privacy.own_data.downloaded", by=request.user, data={"format": fmt})
    return _file(collection, fmt, f"my-information-{timezone.localdate():%Y-%m-%d}")


@portal_people
def ask_full_copy(request):
    """Ask for the full copy, staff notes included: opens a subject access request."""
    form = OnceOnlyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("This form has expired. Please try again."))
            return redirect("privacy:ask_full_copy")
        try:
            with once(form.key, by=request.user):
                open_access_request(
                    request.user,
                    received_on=timezone.localdate(),
                    received_how=ReceivedHow.PORTAL,
                    by=request.user,
                )
        except DuplicateSubmission:
            pass
        except AccessRequestError:
            messages.info(
                request,
                _("You have already asked for a full copy. We will get back to you about it."),
            )
            return redirect("privacy:my_data")
        messages.success(request, ASKED)
        return redirect("privacy:my_data")
    return render(request, "privacy/access/ask.html", {"form": form})


def _own_released(request, pk) -> tuple[SubjectAccessRequest, Collection]:
    """The person's own released request and its copy (a copy cleared on erasure is gone)."""
    access_request = get_object_or_404(
        SubjectAccessRequest.objects.released_to(request.user), pk=pk
    )
    copy = access_request.released_copy()
    if copy is None:
        raise Http404
    return access_request, from_dict(copy)


@portal_people
@never_cache
def released_copy(request, pk):
    """The full copy released to me after review."""
    access_request, collection = _own_released(request, pk)
    record(
        "privacy.access_request.copy_downloaded",
        access_request,
        by=request.user,
        data={"format": "page"},
    )
    return render(
        request,
        "privacy/access/released.html",
        {"access_request": access_request, "collection": collection},
    )


@portal_people
@never_cache
def released_copy_download(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    access_request, collection = _own_released(request, pk)
    record(
        "privacy.access_request.copy_downloaded",
        access_request,
        by=request.user,
        data={"format": fmt},
    )
    return _file(
        collection,
        fmt,
        f"my-information-full-copy-{access_request.released_at:%Y-%m-%d}",
    )
