"""The participation manager's screens in the Wagtail admin, beside the ModelViewSet listings:
a parent's timeline, pausing and resuming, logging check-ins, reviewing and deciding sign-ups.

Only the participation manager (and administrators) may use them. Views of check-ins and pauses
are audited.
"""

from itertools import chain

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.audit.services import record_view
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.submissions.services import DuplicateSubmission, once

from . import services
from .forms import (
    CheckInForm,
    ConfirmForm,
    ConsentForm,
    ConsentWithdrawForm,
    FollowUpForm,
    PauseForm,
)
from .models import (
    CheckIn,
    CheckInKind,
    Consent,
    Opportunity,
    OpportunityStatus,
    Parent,
    Pause,
    SignUp,
    SignUpStatus,
)
from .services import ParticipationError

manager_only = roles(Role.PARTICIPATION_MANAGER)


def _parent(request, pk) -> Parent:
    return get_object_or_404(Parent.objects.visible_to(request.user).select_related("user"), pk=pk)


@manager_only
def parent_timeline(request, pk):
    """One timeline per parent: sign-ups, check-ins, pauses and consents, newest first."""
    # Queries: parent + user; sign-ups + opportunities; check-ins + by; pauses; consents;
    # the audit row (and its content type, cached after the first).
    parent = _parent(request, pk)
    sign_ups = SignUp.objects.filter(parent=parent).select_related("opportunity", "decided_by")
    check_ins = CheckIn.objects.filter(parent=parent).select_related("by")
    pauses = Pause.objects.filter(parent=parent).select_related("recorded_by", "ended_by")
    consents = Consent.objects.filter(parent=parent).select_related("recorded_by", "withdrawn_by")
    events = sorted(
        chain(
            ({"kind": "sign-up", "at": s.created_at, "item": s} for s in sign_ups),
            ({"kind": "check-in", "at": c.happened_at, "item": c} for c in check_ins),
            ({"kind": "pause", "at": p.created_at, "item": p} for p in pauses),
            ({"kind": "consent", "at": c.given_at, "item": c} for c in consents),
        ),
        key=lambda event: event["at"],
        reverse=True,
    )
    record_view(request, "participation.parent.timeline_viewed", parent)
    open_pause = next(
        (e["item"] for e in events if e["kind"] == "pause" and e["item"].is_open), None
    )
    debriefs = [
        e["item"].debrief_due_on
        for e in events
        if e["kind"] == "sign-up" and e["item"].debrief_due_on and not e["item"].debrief_done_at
    ]
    return render(
        request,
        "participation/admin/timeline.html",
        {
            "parent": parent,
            "events": events,
            "open_pause": open_pause,
            "debrief_due": min(debriefs, default=None),
            "private_dates": parent.private_date_list,
            "header_title": parent.preferred_name,
        },
    )


def _parent_action(request, parent, *, act, success, title, submit, form=None, intro=""):
    """The shape of every action on one parent: on POST (with a valid form) run the service
    once, say how it went and go back to the timeline; otherwise show the form page. A refusal
    from the service is shown as a message and changes nothing; the same form sent twice is
    acted on once and answered the same way (pace_site.submissions)."""
    buttons_only = form is None
    form = OnceOnlyForm(_posted(request)) if buttons_only else form
    if request.method == "POST" and form.is_valid():
        try:
            with once(form.key, by=request.user):
                act(**form.action_data)
        except DuplicateSubmission:
            messages.success(request, success)
            return redirect("participation_admin:timeline", pk=parent.pk)
        except ParticipationError as error:
            messages.error(request, str(error))
            if buttons_only:
                return redirect("participation_admin:timeline", pk=parent.pk)
        else:
            messages.success(request, success)
            return redirect("participation_admin:timeline", pk=parent.pk)
    return render(
        request,
        "participation/admin/form.html",
        {"form": form, "parent": parent, "header_title": title, "intro": intro, "submit": submit},
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


@manager_only
def parent_pause(request, pk):
    parent = _parent(request, pk)
    return _parent_action(
        request,
        parent,
        form=PauseForm(_posted(request)),
        act=lambda **data: services.pause_parent(
            parent, by=request.user, by_parent=False, until=data["until"], reason=data["reason"]
        ),
        success=_("%(name)s is paused. They will get no offers.") % {"name": parent},
        title=_("Pause %(name)s") % {"name": parent},
        intro=_(
            "While paused they get no offers, are hidden from invitation lists, and their "
            "pending sign-ups wait for you. They are not resumed automatically."
        ),
        submit=_("Pause"),
    )


@manager_only
def parent_resume(request, pk):
    parent = _parent(request, pk)
    return _parent_action(
        request,
        parent,
        act=lambda: services.resume_parent(parent, by=request.user, by_parent=False),
        success=_("%(name)s is active again.") % {"name": parent},
        title=_("Resume %(name)s") % {"name": parent},
        intro=_("Have you checked in with them first? They will start getting offers again."),
        submit=_("Resume"),
    )


@manager_only
def parent_consent(request, pk):
    """Record a permission the parent gave (for example on a paper form or by phone)."""
    parent = _parent(request, pk)
    return _parent_action(
        request,
        parent,
        form=ConsentForm(_posted(request)),
        act=lambda **data: services.give_consent(parent, by=request.user, **data),
        success=_("Permission recorded."),
        title=_("Record a permission from %(name)s") % {"name": parent},
        submit=_("Record"),
    )


@manager_only
def consent_withdraw(request, pk):
    """Record that the parent took a permission back, and how they told us; what it covered
    stops at once (see services.withdraw_consent)."""
    consent = get_object_or_404(
        Consent.objects.visible_to(request.user).select_related("parent"), pk=pk
    )
    return _parent_action(
        request,
        consent.parent,
        form=ConsentWithdrawForm(_posted(request)),
        act=lambda **data: services.withdraw_consent(consent, by=request.user, how=data["how"]),
        success=_("Permission withdrawn. Anything that relied on it has stopped."),
        title=_("Withdraw %(name)s's permission for %(purpose)s")
        % {"name": consent.parent, "purpose": consent.get_purpose_display()},
        intro=_(
            "From now on it is not used: confirmed places that need it are given up (they are "
            "told), a story that relies on it comes off the website, and you will get a message "
            "saying anything left to do by hand."
        ),
        submit=_("Withdraw the permission"),
    )


@manager_only
def parent_leave(request, pk):
    parent = _parent(request, pk)
    return _parent_action(
        request,
        parent,
        act=lambda: services.mark_left(parent, by=request.user),
        success=_("%(name)s has left the programme.") % {"name": parent},
        title=_("%(name)s is leaving the programme") % {"name": parent},
        intro=_(
            "Any pause ends, their sign-ups still waiting or confirmed are withdrawn, and they "
            "get no more offers. Their history stays."
        ),
        submit=_("Record that they have left"),
    )


@manager_only
def parent_check_in(request, pk):
    parent = _parent(request, pk)
    initial = {"happened_at": timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)}
    if request.GET.get("kind") in CheckInKind.values:
        initial["kind"] = request.GET["kind"]
    return _parent_action(
        request,
        parent,
        form=CheckInForm(_posted(request), initial=initial),
        act=lambda **data: services.log_check_in(parent, by=request.user, **data),
        success=_("Check-in saved."),
        title=_("Log a check-in with %(name)s") % {"name": parent},
        submit=_("Save check-in"),
    )


@manager_only
def check_in_detail(request, pk):
    """One check-in in full, with the follow-up. Audited."""
    check_in = get_object_or_404(
        CheckIn.objects.visible_to(request.user).select_related("parent", "by"), pk=pk
    )
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once(form.key, by=request.user):
                services.complete_follow_up(
                    check_in, by=request.user, note=form.cleaned_data["note"]
                )
        except ParticipationError as error:
            messages.error(request, str(error))
        except DuplicateSubmission:
            messages.success(request, _("Follow-up marked as done."))
        else:
            messages.success(request, _("Follow-up marked as done."))
        return redirect("participation_admin:check_in", pk=check_in.pk)
    record_view(request, "participation.check_in.viewed", check_in)
    return render(
        request,
        "participation/admin/check_in.html",
        {"check_in": check_in, "form": form, "header_title": str(check_in)},
    )


@manager_only
def pause_detail(request, pk):
    """One pause with its reason (staff only). Audited."""
    pause = get_object_or_404(
        Pause.objects.visible_to(request.user).select_related("parent", "recorded_by", "ended_by"),
        pk=pk,
    )
    record_view(request, "participation.pause.viewed", pause)
    return render(
        request, "participation/admin/pause.html", {"pause": pause, "header_title": str(pause)}
    )


@manager_only
def opportunity_manage(request, pk):
    """An opportunity with its sign-ups, places left and who to invite (never paused parents)."""
    opportunity = get_object_or_404(Opportunity.objects.select_related("activity_type"), pk=pk)
    sign_ups = list(
        opportunity.sign_ups.select_related("parent", "decided_by").order_by("created_at", "pk")
    )
    taken = sum(1 for s in sign_ups if s.status in (SignUpStatus.CONFIRMED, SignUpStatus.TOOK_PART))
    invite = services.who_to_invite(opportunity) if opportunity.status != "cancelled" else []
    record_view(request, "participation.sign_up_list.viewed", opportunity, {"rows": len(sign_ups)})
    return render(
        request,
        "participation/admin/opportunity.html",
        {
            "opportunity": opportunity,
            "sign_ups": sign_ups,
            "taken": taken,
            "places_left": max(opportunity.places - taken, 0),
            "invite": invite,
            "header_title": opportunity.title,
            "statuses": OpportunityStatus,
        },
    )


@manager_only
@require_POST
def opportunity_action(request, pk):
    opportunity = get_object_or_404(Opportunity, pk=pk)
    action = request.POST.get("action", "")
    form = OnceOnlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This form has expired. Please try again."))
        return redirect("participation_admin:opportunity", pk=opportunity.pk)
    try:
        with once(form.key, by=request.user):
            _opportunity_action(request, opportunity, action)
    except DuplicateSubmission:
        messages.success(request, _("Saved."))
    except ParticipationError as error:
        messages.error(request, str(error))
    return redirect("participation_admin:opportunity", pk=opportunity.pk)


def _opportunity_action(request, opportunity, action):
    """Offer to one parent, publish, or move the opportunity on."""
    if action == "offer":
        parent_id = request.POST.get("parent", "")
        if not parent_id.isdigit():
            raise Http404
        parent = get_object_or_404(Parent, pk=parent_id)
        services.offer_to(parent, opportunity, by=request.user)
        messages.success(request, _("Offered to %(name)s.") % {"name": parent})
    elif action == "publish":
        offered = services.publish_opportunity(opportunity, by=request.user)
        messages.success(
            request, _("Published and offered to %(n)d parents.") % {"n": len(offered)}
        )
    elif action in ("open", "closed", "done", "cancelled"):
        services.set_opportunity_status(opportunity, status=action, by=request.user)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Unknown action."))


@manager_only
def signup_confirm(request, pk):
    """Confirm a sign-up: a readiness check-in where needed, and a warning near a private date."""
    signup = get_object_or_404(
        SignUp.objects.visible_to(request.user).select_related(
            "parent__user", "opportunity__activity_type"
        ),
        pk=pk,
    )
    opportunity, parent = signup.opportunity, signup.parent
    needs_readiness = opportunity.activity_type.needs_readiness
    recent = list(CheckIn.objects.recent_readiness(parent)) if needs_readiness else []
    date_warning = parent.private_date_near(opportunity.key_date)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None,
        recent_check_ins=recent,
        needs_readiness=needs_readiness,
        date_warning=date_warning,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # A new readiness check-in only stands if we confirm; the form acts once.
            with once(form.key, by=request.user):
                _confirm_with_readiness(request, signup, data, recent, needs_readiness)
        except ParticipationError as error:
            messages.error(request, str(error))
        except DuplicateSubmission:
            messages.success(request, _("%(name)s is confirmed.") % {"name": parent})
        else:
            messages.success(request, _("%(name)s is confirmed.") % {"name": parent})
        return redirect("participation_admin:opportunity", pk=opportunity.pk)
    record_view(request, "participation.sign_up.viewed", signup)
    return render(
        request,
        "participation/admin/confirm.html",
        {
            "signup": signup,
            "form": form,
            "date_warning": date_warning,
            "needs_readiness": needs_readiness,
            "header_title": _("Confirm %(name)s") % {"name": parent},
        },
    )


def _confirm_with_readiness(request, signup, data, recent, needs_readiness):
    readiness = None
    if needs_readiness:
        chosen = data.get("use_check_in")
        readiness = next((c for c in recent if c.pk == chosen), None)
        if readiness is None:
            readiness = services.log_check_in(
                signup.parent,
                by=request.user,
                channel="phone",
                kind=CheckInKind.READINESS,
                wellbeing=data["wellbeing"],
                notes=data.get("notes", ""),
            )
    services.confirm_sign_up(
        signup,
        by=request.user,
        readiness_check_in=readiness,
        private_date_acknowledged=bool(data.get("private_date_acknowledged")),
    )


@manager_only
@require_POST
def signup_decide(request, pk):
    signup = get_object_or_404(SignUp.objects.visible_to(request.user), pk=pk)
    form = OnceOnlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This form has expired. Please try again."))
        return redirect("participation_admin:opportunity", pk=signup.opportunity_id)
    try:
        with once(form.key, by=request.user):
            services.decide_sign_up(
                signup, decision=request.POST.get("decision", ""), by=request.user
            )
    except ParticipationError as error:
        messages.error(request, str(error))
    except DuplicateSubmission:
        messages.success(request, _("Saved."))
    else:
        messages.success(request, _("Saved."))
    return redirect("participation_admin:opportunity", pk=signup.opportunity_id)
