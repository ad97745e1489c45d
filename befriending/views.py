"""Public "Volunteer with us" page and the befriender's own pages under /my/befriending/."""

import contextlib
import hashlib

from allauth.core.internal.httpkit import get_client_ip
from django.contrib import messages
from django.core.cache import caches
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pace_site.access import public, roles, signed_in
from pace_site.accounts.roles import Role
from pace_site.audit.services import record_view
from pace_site.notifications.models import ContactRules
from pace_site.submissions.services import DuplicateSubmission

from . import services
from .forms import ConcernForm, ContactLogForm, VolunteerApplicationForm
from .models import (
    VETTING_ORDER,
    Befriender,
    BefrienderStatus,
    ContactLog,
    Match,
    ParentMood,
    Review,
)
from .portal import can_raise_concern, current_match

APPLICATIONS_PER_HOUR = 5


def too_many_applications(request) -> bool:
    """Each application sends an e-mail, so one connection may send only a few an hour."""
    ip = get_client_ip(request) or "unknown"
    key = "befriending:apply:" + hashlib.sha256(ip.encode()).hexdigest()
    cache = caches["default"]
    cache.add(key, 0, timeout=3600)
    return cache.incr(key) > APPLICATIONS_PER_HOUR


@public
@never_cache
def volunteer(request):
    """Anyone may apply to volunteer. The request does the same work and gives the same reply
    whether or not the address is known: it stores the application and queues its handling."""
    form = VolunteerApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if too_many_applications(request):
            return render(request, "befriending/public/volunteer_later.html", status=429)
        details = {
            name: form.cleaned_data[name]
            for name in (
                "name",
                "email",
                "phone",
                "region",
                "languages",
                "gender",
                "availability",
                "what_they_bring",
            )
        }
        # The same form sent twice is taken once, with the same reply.
        with contextlib.suppress(DuplicateSubmission):
            services.receive_application(
                details=details, submission_key=form.cleaned_data["submission_key"]
            )
        return redirect("befriending:volunteer_thanks")
    return render(request, "befriending/public/volunteer.html", {"form": form})


@public
def volunteer_thanks(request):
    return render(request, "befriending/public/volunteer_thanks.html")


# ---------------------------------------------------------------------------------------------
# Befriender portal


def _befriender(request) -> Befriender:
    """The signed-in person's own volunteer record, whatever its status."""
    return get_object_or_404(Befriender.objects.for_user(request.user))


# Statuses from which the applicant may withdraw here (or has already withdrawn: safe twice).
WITHDRAWABLE = frozenset([*VETTING_ORDER[:-1], BefrienderStatus.NOT_TAKEN_FORWARD])


def _active_befriender(request) -> Befriender:
    """The befriender pages go by the volunteer's status, not only their role: only an active
    (vetted and trained) volunteer reaches them."""
    return get_object_or_404(Befriender.objects.for_user(request.user).active())


def _current_match(request) -> Match | None:
    return current_match(request.user)


def vetting_steps(befriender: Befriender) -> list[dict]:
    """The vetting stages as a checklist for the volunteer: done, current or still to come."""
    here = VETTING_ORDER.index(befriender.status) if befriender.status in VETTING_ORDER else -1
    return [
        {"label": status.label, "done": index < here, "current": index == here}
        for index, status in enumerate(VETTING_ORDER)
    ]


@roles(Role.BEFRIENDER, Role.APPLICANT)
def my_match(request):
    """The volunteer's current match: the parent's first name, the arrangements, the contact
    rules that matter, the time together and the next review. Nothing else about the parent."""
    # Queries: session, user, groups (role check), befriender, match with parent, its user and
    # contact rules, the parent's roles (default contact rules), next review, recent contacts.
    befriender = Befriender.objects.for_user(request.user).first()
    if befriender is None:
        return render(request, "befriending/portal/no_record.html")
    match = _current_match(request)
    context = {
        "befriender": befriender,
        "match": match,
        "befriender_steps": vetting_steps(befriender),
        "active_tab": "match",
    }
    if match:
        rules = ContactRules.for_user(match.parent.user)
        context.update(
            {
                "rules": rules,
                "next_review": Review.objects.pending()
                .filter(match=match)
                .only("due_on", "kind")
                .first(),
                "recent_contacts": match.contact_logs.all()[:5],
            }
        )
    return render(request, "befriending/portal/my_match.html", context)


@roles(Role.BEFRIENDER)
def log_contact(request):
    """Log a contact on the volunteer's current match."""
    _active_befriender(request)
    match = _current_match(request)
    if match is None:
        messages.info(request, _("You can log contacts once your match has started."))
        return redirect("befriending:my_match")
    form = ContactLogForm(request.POST or None, match=match)
    if request.method == "POST" and form.is_valid():
        try:
            log = services.log_contact(by=request.user, **form.cleaned_data)
        except DuplicateSubmission:
            # The same form sent twice: the same answer as the first time.
            log = (
                ContactLog.objects.for_befriender(request.user)
                .filter(submission_key=form.cleaned_data["submission_key"])
                .first()
            )
            return _contact_logged(request, log)
        except services.BefriendingError as error:
            form.add_error(None, str(error))
        else:
            return _contact_logged(request, log)
    return render(
        request,
        "befriending/portal/log_contact.html",
        {"form": form, "match": match, "active_tab": "log"},
    )


def _contact_logged(request, log: ContactLog | None):
    messages.success(request, _("Thank you. Your contact is logged."))
    if log is not None and log.parent_mood == ParentMood.WORRIED:
        messages.info(
            request,
            _("You said you are worried. If you want the coordinator to act, raise a concern."),
        )
        return redirect(f"{reverse('befriending:raise_concern')}?contact={log.pk}")
    return redirect("befriending:my_match")


@roles(Role.BEFRIENDER)
def contact_detail(request, pk):
    """One of the volunteer's own contact logs on their current match (audited)."""
    log = get_object_or_404(ContactLog.objects.for_befriender(request.user), pk=pk)
    record_view(request, "befriending.contact_log.viewed", log)
    return render(request, "befriending/portal/contact_detail.html", {"log": log})


@signed_in
def withdraw_application(request):
    """The applicant withdraws their own application, after a confirmation page. Safe twice:
    a second click gets the same answer (signed in, with their own record; no role needed, as
    withdrawing takes the applicant role away)."""
    befriender = _befriender(request)
    if befriender.status not in WITHDRAWABLE:
        # An active, paused or departed volunteer steps back by talking to their coordinator.
        messages.info(request, _("Please talk to your coordinator about stepping back."))
        return redirect("befriending:my_match")
    if request.method == "POST" or befriender.status == BefrienderStatus.NOT_TAKEN_FORWARD:
        try:
            services.withdraw_application(befriender, by=request.user)
        except services.BefriendingError as error:
            messages.error(request, str(error))
            return redirect("befriending:my_match")
        return render(request, "befriending/portal/application_withdrawn.html")
    return render(
        request, "befriending/portal/withdraw_application.html", {"befriender": befriender}
    )


@roles(Role.BEFRIENDER)
def raise_concern(request):
    """Raise a safeguarding concern, about a contact or on its own. Always one click away for an
    active volunteer with a current match, or one that ended in the last four weeks."""
    _active_befriender(request)
    if not can_raise_concern(request.user):
        return render(request, "befriending/portal/concern_no_match.html", status=403)
    contact_log = None
    contact_id = request.POST.get("contact") or request.GET.get("contact")
    if contact_id:
        if not str(contact_id).isdigit():
            raise Http404
        contact_log = get_object_or_404(
            ContactLog.objects.for_befriender(request.user), pk=contact_id
        )
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_concern(
                by=request.user,
                urgency=form.cleaned_data["urgency"],
                details=form.cleaned_data["details"],
                contact_log=contact_log,
                submission_key=form.cleaned_data["submission_key"],
            )
        except DuplicateSubmission:
            return redirect("befriending:concern_sent")  # sent once; the same answer
        except services.BefriendingError as error:
            form.add_error(None, str(error))
        else:
            return redirect("befriending:concern_sent")
    return render(
        request,
        "befriending/portal/raise_concern.html",
        {"form": form, "contact_log": contact_log},
    )


@roles(Role.BEFRIENDER)
def concern_sent(request):
    return render(request, "befriending/portal/concern_sent.html")


@roles(Role.BEFRIENDER)
def my_record(request):
    """The volunteer's own vetting, DBS, training and supervision dates (not supervision notes)."""
    befriender = _active_befriender(request)
    return render(
        request,
        "befriending/portal/my_record.html",
        {
            "befriender": befriender,
            "training": befriender.training.all(),
            "supervision": befriender.supervision_sessions.only("held_on"),
            "active_tab": "record",
        },
    )


@roles(Role.BEFRIENDER)
def past_matches(request):
    """Ended matches: the parent's first name and the dates, nothing more."""
    _active_befriender(request)
    matches = (
        Match.objects.past_for_befriender(request.user)
        .select_related("parent")
        .only("started_on", "ended_on", "parent__preferred_name")
        .order_by("-ended_on")
    )
    return render(
        request, "befriending/portal/past_matches.html", {"matches": matches, "active_tab": "past"}
    )
