"""The parent portal pages under /my/. Every page shows only the signed-in parent's own records;
a parent-role account without a core-group record gets 404."""

import contextlib

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.submissions.services import DuplicateSubmission, once, was_used

from . import services
from .forms import (
    ConsentForm,
    InterestsForm,
    PrivateDateForm,
    RemovePrivateDateForm,
    SelfCheckInForm,
    SignUpForm,
    TakeBreakForm,
)
from .models import (
    ActivityType,
    ChangeContribution,
    Consent,
    ConsentPurpose,
    Opportunity,
    Parent,
    Pause,
    SignUp,
    SignUpStatus,
    WithdrawnHow,
)
from .models.payments import attach_pay
from .services import ParticipationError
from .wording import current

parent_only = roles(Role.PARENT)


def own_parent(request) -> Parent:
    """The signed-in person's own core-group record, or 404."""
    return get_object_or_404(Parent.objects.select_related("user"), user=request.user)


CONSENT_WITHDRAWN = gettext_lazy("Done. We have stopped using it for this from now on.")
WITHDRAWN = gettext_lazy("That's fine. We have let the team know. Thank you for telling us.")
COMING_BACK = gettext_lazy(
    "Thank you for letting us know. Someone from the team will give you a ring soon to see how "
    "you are."
)
BREAK_STARTED = gettext_lazy(
    "Your break has started. You will get no offers until you say you are ready."
)


def _posted_key(request):
    form = OnceOnlyForm(request.POST)
    return form.key if form.is_valid() else None


def _expired(request):
    messages.error(request, _("This form has expired. Please try again."))


def _error(request, error: ParticipationError):
    messages.error(request, str(error))


def _act_once(request, form, act, success) -> bool:
    """Run `act` once for this form (pace_site.submissions) and say `success`, also to a repeat
    of the same form; a refusal is shown as a message. True unless refused."""
    try:
        with once(form.key, by=request.user):
            act()
    except ParticipationError as error:
        _error(request, error)
        return False
    except DuplicateSubmission:
        pass
    messages.success(request, success)
    return True


@parent_only
def opportunities(request):
    """Opportunities that match my interests and boundaries (none while I take a break)."""
    parent = own_parent(request)
    matching = Opportunity.objects.matching(parent)
    mine = {
        signup.opportunity_id: signup
        for signup in SignUp.objects.for_parent(parent).live().filter(opportunity__in=matching)
    }
    items = list(matching)
    for item in items:
        item.my_signup = mine.get(item.pk)
    attach_pay(items)
    return render(
        request,
        "participation/portal/opportunities.html",
        {"parent": parent, "opportunities": items},
    )


@parent_only
def opportunity(request, pk):
    """One opportunity, and "I'm interested". Only ones offered to me or that I signed up to."""
    parent = own_parent(request)
    signup = (
        SignUp.objects.for_parent(parent)
        .select_related("opportunity__activity_type")
        .filter(opportunity_id=pk)
        .first()
    )
    if signup is not None:
        item = signup.opportunity
    else:
        item = next((o for o in Opportunity.objects.matching(parent) if o.pk == pk), None)
        if item is None:
            raise Http404
    can_sign_up = (
        (signup is None or signup.status == SignUpStatus.WITHDRAWN)
        and item.is_accepting_sign_ups
        and not parent.is_paused
    )
    form = SignUpForm(
        request.POST if request.method == "POST" else None, opportunity=item, parent=parent
    )
    if request.method == "POST":
        if not can_sign_up and was_used(_posted_key(request)):
            # The same form again after it signed them up (a resend): the same answer.
            messages.success(
                request,
                _("Thank you. We have your interest and will be in touch. Nothing is fixed yet."),
            )
            return redirect("participation:involvement")
        if not can_sign_up:
            messages.error(
                request,
                _("You have already said you are interested in this.")
                if signup and signup.status != SignUpStatus.WITHDRAWN
                else _("Sorry, this is not open for sign-ups now."),
            )
            return redirect("participation:opportunity", pk=item.pk)
        if form.is_valid():
            try:
                with once(form.key, by=request.user):
                    services.sign_up(
                        parent=parent, opportunity=item, by=request.user, **form.action_data
                    )
            except DuplicateSubmission:
                pass  # the first click signed them up: the same answer
            except ParticipationError as error:
                _error(request, error)
                return redirect("participation:opportunity", pk=item.pk)
            messages.success(
                request,
                _("Thank you. We have your interest and will be in touch. Nothing is fixed yet."),
            )
            return redirect("participation:involvement")
    attach_pay([item])
    return render(
        request,
        "participation/portal/opportunity.html",
        {
            "parent": parent,
            "opportunity": item,
            "signup": signup,
            "form": form,
            "can_sign_up": can_sign_up,
        },
    )


@parent_only
def withdraw_sign_up(request, pk):
    """ "I can't do it after all": asks once, needs no reason."""
    parent = own_parent(request)
    signup = get_object_or_404(
        SignUp.objects.for_parent(parent).select_related("opportunity"), pk=pk
    )
    form = OnceOnlyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            _expired(request)
            return redirect("participation:withdraw_sign_up", pk=signup.pk)
        _act_once(
            request, form, lambda: services.withdraw_sign_up(signup, by=request.user), WITHDRAWN
        )
        return redirect("participation:involvement")
    return render(request, "participation/portal/withdraw.html", {"signup": signup, "form": form})


@parent_only
def involvement(request):
    """My upcoming commitments, what I'm waiting to hear about, and what I've done so far."""
    parent = own_parent(request)
    sign_ups = list(
        SignUp.objects.for_parent(parent)
        .select_related("opportunity__activity_type")
        .order_by("-created_at")
    )
    groups = {"upcoming": [], "waiting": [], "history": []}
    for signup in sign_ups:
        if signup.status == SignUpStatus.CONFIRMED and signup.opportunity.status not in (
            "done",
            "cancelled",
        ):
            groups["upcoming"].append(signup)
        elif signup.status in (SignUpStatus.INTERESTED, SignUpStatus.WAITLISTED):
            groups["waiting"].append(signup)
        else:
            groups["history"].append(signup)
    took_part = sum(1 for s in sign_ups if s.status == SignUpStatus.TOOK_PART)
    return render(
        request,
        "participation/portal/involvement.html",
        {"parent": parent, "took_part": took_part, **groups},
    )


@parent_only
def you_said_we_did(request):
    """What the parent's contributions changed, newest first (one query for the list)."""
    parent = own_parent(request)
    changes = list(
        ChangeContribution.objects.filter(sign_up__parent=parent)
        .select_related("change", "sign_up__opportunity")
        .order_by("-change__changed_on", "-pk")
    )
    return render(
        request, "participation/portal/you_said_we_did.html", {"parent": parent, "changes": changes}
    )


def _thank_for_check_in(request, form):
    if form.cleaned_data["wants_call"]:
        messages.success(
            request,
            _(
                "Thank you. We have told the team you would like a call; someone will ring you as soon as they can."
            ),
        )
    else:
        messages.success(request, _("Thank you for letting us know how you are."))
    return redirect("pace_site:portal_home")


@parent_only
def check_in(request):
    """ "How are you doing?": a short update, and "I'd like a call"."""
    parent = own_parent(request)
    form = SelfCheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_check_in(parent, by=request.user, **form.cleaned_data)
        except ParticipationError as error:
            _error(request, error)
        except DuplicateSubmission:
            # Saved by the first click: the same answer, nothing saved or sent again.
            return _thank_for_check_in(request, form)
        else:
            return _thank_for_check_in(request, form)
    return render(request, "participation/portal/check_in.html", {"parent": parent, "form": form})


@parent_only
def take_break(request):
    """ "Take a break" in one step, and "I'm ready to come back" (a request to the manager, who
    checks in before resuming: the break carries on until then)."""
    parent = own_parent(request)
    pause = Pause.objects.open().filter(parent=parent).first()
    form = TakeBreakForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("pause", "resume"):
            messages.error(request, _("Something went wrong with that button. Please try again."))
        elif not form.is_valid() and "submission_key" in form.errors:
            _expired(request)
            return redirect("participation:take_break")
        elif action == "resume":
            _act_once(
                request,
                form,
                lambda: services.ask_to_come_back(parent, by=request.user),
                COMING_BACK,
            )
            return redirect("participation:take_break")
        elif form.is_valid():
            until = form.cleaned_data["until"]
            _act_once(
                request,
                form,
                lambda: services.pause_parent(parent, by=request.user, by_parent=True, until=until),
                BREAK_STARTED,
            )
            return redirect("participation:take_break")
    return render(
        request, "participation/portal/break.html", {"parent": parent, "pause": pause, "form": form}
    )


@parent_only
def interests(request):
    """What I opt in to, and my boundaries."""
    parent = own_parent(request)
    form = InterestsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "interests": list(parent.interests.all()),
            "ways_accepted": parent.ways_accepted,
            "will_not_do": parent.will_not_do,
        },
    )
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(DuplicateSubmission), once(form.key, by=request.user):
            services.update_interests(parent, by=request.user, **form.action_data)
        messages.success(request, _("Saved. We will only offer you things that fit."))
        return redirect("participation:interests")
    return render(
        request,
        "participation/portal/interests.html",
        {"parent": parent, "form": form, "activity_types": ActivityType.objects.all()},
    )


@parent_only
def private_dates(request):
    """Dates I'd like to avoid (court dates, anniversaries). Encrypted; the team and me only."""
    parent = own_parent(request)
    form = PrivateDateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once(form.key, by=request.user):
                services.add_private_date(parent, by=request.user, **form.action_data)
        except ParticipationError as error:
            form.add_error("on", str(error))
        except DuplicateSubmission:
            messages.success(request, _("Added. We will not send you offers around this date."))
            return redirect("participation:private_dates")
        else:
            messages.success(request, _("Added. We will not send you offers around this date."))
            return redirect("participation:private_dates")
    return render(
        request,
        "participation/portal/dates.html",
        {"parent": parent, "form": form, "dates": parent.private_date_list},
    )


@parent_only
@require_POST
def private_date_remove(request):
    parent = own_parent(request)
    form = RemovePrivateDateForm(request.POST)
    if form.is_valid():
        on = form.cleaned_data["on"]
        _act_once(
            request,
            form,
            lambda: services.remove_private_date(parent, by=request.user, on=on),
            _("Removed."),
        )
    else:
        messages.error(request, _("That date could not be found. Please try again."))
    return redirect("participation:private_dates")


@parent_only
def consents(request):
    """My permissions: what I have agreed to, and giving a new one."""
    parent = own_parent(request)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _act_once(
            request,
            form,
            lambda: services.give_consent(parent, by=request.user, **form.action_data),
            _("Thank you. You can take this back at any time."),
        )
        return redirect("participation:consents")
    all_consents = list(Consent.objects.filter(parent=parent))
    return render(
        request,
        "participation/portal/consents.html",
        {
            "parent": parent,
            "form": form,
            "active": [c for c in all_consents if c.is_active],
            "withdrawn": [c for c in all_consents if not c.is_active],
            "purposes": ConsentPurpose,
            "wordings": [(label, current(value).text) for value, label in ConsentPurpose.choices],
        },
    )


@parent_only
def consent_renew(request, pk):
    """Keep a permission that runs out soon going for another period (POST only; someone
    else's permission is a 404 whatever the method)."""
    parent = own_parent(request)
    consent = get_object_or_404(Consent.objects.filter(parent=parent), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = OnceOnlyForm(request.POST)
    if not form.is_valid():
        _expired(request)
    else:
        _act_once(
            request,
            form,
            lambda: services.renew_consent(consent, by=request.user),
            _("Thank you. We will keep to this, and ask you again before it runs out."),
        )
    return redirect("participation:consents")


@parent_only
def consent_withdraw(request, pk):
    """Take a permission back. What it covered stops from now on."""
    parent = own_parent(request)
    consent = get_object_or_404(Consent.objects.filter(parent=parent), pk=pk)
    form = OnceOnlyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            _expired(request)
            return redirect("participation:consent_withdraw", pk=consent.pk)
        _act_once(
            request,
            form,
            lambda: services.withdraw_consent(consent, by=request.user, how=WithdrawnHow.ONLINE),
            CONSENT_WITHDRAWN,
        )
        return redirect("participation:consents")
    return render(
        request, "participation/portal/consent_withdraw.html", {"consent": consent, "form": form}
    )
