"""The portal's "Ask us to delete your information" and "Ask us to correct something" pages.

Each page shows only the signed-in person's own requests; another person's request is a 404.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.submissions.services import DuplicateSubmission, once

from ..erasure import engine, services
from ..erasure.forms import AskForCorrectionForm, AskForErasureForm
from ..models.erasure import CorrectionRequest, ErasureRequest, HowAsked
from ..registry import Erase

portal_people = roles(Role.PARENT, Role.BEFRIENDER, Role.APPLICANT)


def _act(request, form, act, success: str) -> bool:
    """Run `act` once for this form; a refusal is said as a message. True unless refused."""
    try:
        with once(form.key, by=request.user):
            act()
    except DuplicateSubmission:
        pass
    except services.PrivacyError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


def _what_happens(user) -> dict[str, list[dict]]:
    """The person's own information, by what erasure would do to it."""
    grouped: dict[str, list[dict]] = {action.value: [] for action in Erase}
    for line in engine.plan(user, tables_only=True):
        grouped[line["action"]].append(line)
    return grouped


@portal_people
def erasure(request):
    """Ask us to delete your information: what happens, what we must keep, and the asking."""
    user = request.user
    form = AskForErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _act(
            request,
            form,
            lambda: services.ask_for_erasure(user, how=HowAsked.PORTAL, by=user),
            _("Thank you. We have your request and will reply within one month."),
        )
        return redirect("privacy:erasure")
    own = list(ErasureRequest.objects.for_person(user))
    return render(
        request,
        "privacy/erasure/portal/erasure.html",
        {
            "form": form,
            "requests": own,
            "has_open": any(r.is_open for r in own),
            "what_happens": _what_happens(user),
        },
        status=400 if form.is_bound else 200,
    )


@portal_people
def erasure_request(request, pk):
    """One of my requests to delete my information, and taking it back while it is open."""
    own = get_object_or_404(ErasureRequest.objects.for_person(request.user), pk=pk)
    form = OnceOnlyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid() and _act(
            request,
            form,
            lambda: services.withdraw_erasure(own, by=request.user),
            _("That's fine. We will not delete anything."),
        ):
            return redirect("privacy:erasure")
        if not form.is_valid():
            messages.error(request, _("This form has expired. Please try again."))
        return redirect("privacy:erasure_request", pk=own.pk)
    return render(request, "privacy/erasure/portal/request.html", {"erasure": own, "form": form})


@portal_people
def correction(request):
    """Ask us to correct something, and read our replies."""
    user = request.user
    form = AskForCorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _act(
            request,
            form,
            lambda: services.ask_for_correction(
                user, how=HowAsked.PORTAL, by=user, **form.action_data
            ),
            _("Thank you. We will look at this and reply here within one month."),
        )
        return redirect("privacy:correction")
    return render(
        request,
        "privacy/erasure/portal/correction.html",
        {"form": form, "corrections": CorrectionRequest.objects.for_person(user)},
        status=400 if form.is_bound else 200,
    )
