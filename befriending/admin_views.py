"""The coordinator's screens inside the Wagtail admin: a page per volunteer, referral, match and
concern, with the actions that move them on. Every action calls a service; a refused action
shows its reason and changes nothing."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.audit.services import record_view
from pace_site.notifications.models import ContactRules
from pace_site.submissions.services import DuplicateSubmission

from . import forms, services
from .matching import suggest_befrienders
from .models import (
    VETTING_ORDER,
    Befriender,
    BefrienderStatus,
    Concern,
    ContactLog,
    Match,
    MatchStatus,
    Referral,
    ReferralStatus,
    Review,
)

coordinator = roles(Role.BEFRIENDING_COORDINATOR)


def move_choices(status: str) -> list[tuple[str, str]]:
    """Where a volunteer in `status` may be moved, as form choices."""
    allowed = set(services.ALLOWED_MOVES[BefrienderStatus(status)])
    if status in VETTING_ORDER[:-1]:
        allowed.add(BefrienderStatus.NOT_TAKEN_FORWARD)
    return [(s.value, s.label) for s in BefrienderStatus if s in allowed]


def _page(request, template, title, context, status=200):
    return render(
        request, f"befriending/admin/{template}", {"header_title": title, **context}, status=status
    )


# ---------------------------------------------------------------------------------------------
# Volunteers


def _befriender_page(request, befriender, status=200, **bound):
    moves = move_choices(befriender.status)
    move_form = bound.get("move") or forms.MoveForm(initial={"to": befriender.next_vetting_status})
    move_form.fields["to"].choices = moves
    context = {
        "befriender": befriender,
        "training": befriender.training.all(),
        "supervision": befriender.supervision_sessions.select_related("held_by"),
        "matches": befriender.matches.select_related("parent").order_by("-proposed_at"),
        "concerns": befriender.concerns.all()[:20],
        "move_form": move_form,
        "capacity_form": bound.get("capacity")
        or forms.CapacityForm(initial={"max_active_matches": befriender.max_active_matches}),
        "dbs_form": bound.get("dbs")
        or forms.DbsForm(
            initial={
                "certificate_number": befriender.dbs_certificate_number,
                "issued_on": befriender.dbs_issued_on,
            }
        ),
        "training_form": bound.get("training") or forms.TrainingForm(),
        "supervision_form": bound.get("supervision") or forms.SupervisionForm(),
    }
    # The page lists the volunteer's matches and concerns, so every view is audited.
    if befriender.not_taken_forward_reason:
        record_view(request, "befriending.befriender.private_reason_viewed", befriender)
    else:
        record_view(request, "befriending.befriender.viewed", befriender)
    return _page(request, "befriender.html", befriender.name, context, status)


@coordinator
def befriender_detail(request, pk):
    befriender = get_object_or_404(Befriender.objects.select_related("user"), pk=pk)
    return _befriender_page(request, befriender)


def _action_view(*, load, show, url_name, make_form, key, perform, success):
    """A coordinator's action on one object: validate the posted form, run the service and go
    back to the object's page; on bad input or a refusal, show the page again with the form's
    errors (400), having changed nothing."""

    @coordinator
    @require_POST
    def view(request, pk):
        obj = load(pk)
        form = make_form(request, obj)
        if form.is_valid():
            try:
                perform(obj, form.cleaned_data, request.user)
            except DuplicateSubmission:
                pass  # the same form sent twice: done once, the same answer
            except services.BefriendingError as error:
                form.add_error(None, str(error))
                return show(request, obj, status=400, **{key: form})
            messages.success(request, success)
            return redirect(url_name, pk=obj.pk)
        return show(request, obj, status=400, **{key: form})

    return view


def _befriender_action(form_class, key, perform, success):
    def make_form(request, befriender):
        # The move form offers only the moves allowed now, but takes any status back: the
        # service says why a move is refused, and a form sent twice (the volunteer has moved
        # on since) gets the same answer as the first time.
        return form_class(request.POST)

    return _action_view(
        load=lambda pk: get_object_or_404(Befriender, pk=pk),
        show=_befriender_page,
        url_name="befriending_admin:befriender",
        make_form=make_form,
        key=key,
        perform=perform,
        success=success,
    )


befriender_move = _befriender_action(
    forms.MoveForm,
    "move",
    lambda b, d, by: services.move_befriender(
        b, to=d["to"], reason=d["reason"], by=by, submission_key=d["submission_key"]
    ),
    "Status changed.",
)
befriender_capacity = _befriender_action(
    forms.CapacityForm,
    "capacity",
    lambda b, d, by: services.set_capacity(
        b, max_active_matches=d["max_active_matches"], by=by, submission_key=d["submission_key"]
    ),
    "Number of matches saved.",
)
befriender_dbs = _befriender_action(
    forms.DbsForm,
    "dbs",
    lambda b, d, by: services.record_dbs(
        b,
        certificate_number=d["certificate_number"],
        issued_on=d["issued_on"],
        by=by,
        submission_key=d["submission_key"],
    ),
    "DBS certificate recorded.",
)
befriender_training = _befriender_action(
    forms.TrainingForm,
    "training",
    lambda b, d, by: services.record_training(
        b,
        module=d["module"],
        completed_on=d["completed_on"],
        by=by,
        submission_key=d["submission_key"],
    ),
    "Training recorded.",
)
befriender_supervision = _befriender_action(
    forms.SupervisionForm,
    "supervision",
    lambda b, d, by: services.record_supervision(
        b, held_on=d["held_on"], notes=d["notes"], by=by, submission_key=d["submission_key"]
    ),
    "Supervision session recorded.",
)


# ---------------------------------------------------------------------------------------------
# Referrals and suggestions


@coordinator
def referral_add(request):
    form = forms.ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.create_referral(by=request.user, **form.cleaned_data)
        except DuplicateSubmission:
            # The same form sent twice: show the referral the first one saved.
            referral = (
                Referral.objects.filter(
                    parent=form.cleaned_data["parent"], referred_by=request.user
                )
                .order_by("-pk")
                .first()
            )
        except services.BefriendingError as error:
            form.add_error(None, str(error))
            referral = None
        if referral is not None:
            messages.success(request, "Referral saved. Here are the suggested volunteers.")
            return redirect("befriending_admin:referral", pk=referral.pk)
    return _page(
        request,
        "referral_add.html",
        "Refer a parent for befriending",
        {"form": form},
        status=400 if form.errors else 200,
    )


@coordinator
def referral_detail(request, pk):
    """A referral with the ranked suggestions and the reasons for each."""
    referral = get_object_or_404(Referral.objects.select_related("parent", "referred_by"), pk=pk)
    record_view(request, "befriending.referral.viewed", referral)
    suggestions = suggest_befrienders(referral) if referral.status == ReferralStatus.WAITING else []
    matches = referral.matches.select_related("befriender")
    return _page(
        request,
        "referral.html",
        f"Referral: {referral.parent}",
        {"referral": referral, "suggestions": suggestions, "matches": matches},
    )


@coordinator
@require_POST
def referral_propose(request, pk):
    referral = get_object_or_404(Referral, pk=pk)
    form = forms.ProposeForm(request.POST)
    befriender = (
        Befriender.objects.filter(pk=form.cleaned_data["befriender"]).first()
        if form.is_valid()
        else None
    )
    if befriender is None:
        messages.error(request, _form_problem(form, "Choose a volunteer from the suggestions."))
        return redirect("befriending_admin:referral", pk=referral.pk)
    try:
        match = services.propose_match(
            referral=referral,
            befriender=befriender,
            by=request.user,
            submission_key=form.cleaned_data["submission_key"],
        )
    except DuplicateSubmission:
        # The same form sent twice: the same answer, about the match the first one made.
        match = (
            Match.objects.filter(referral=referral, befriender=befriender).order_by("-pk").first()
        )
        if match is None:
            return redirect("befriending_admin:referral", pk=referral.pk)
    except services.BefriendingError as error:
        messages.error(request, str(error))
        return redirect("befriending_admin:referral", pk=referral.pk)
    messages.success(request, f"{befriender.name} proposed. Record the introduction next.")
    return redirect("befriending_admin:match", pk=match.pk)


def _form_problem(form, default: str) -> str:
    """The first thing wrong with a one-button form, as one plain sentence."""
    if "submission_key" in form.errors:
        return form.errors["submission_key"][0]
    return default


@coordinator
@require_POST
def referral_close(request, pk):
    referral = get_object_or_404(Referral, pk=pk)
    form = forms.ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problem(form, "Please try again."))
        return redirect("befriending_admin:referral", pk=referral.pk)
    try:
        services.close_referral(
            referral, by=request.user, submission_key=form.cleaned_data["submission_key"]
        )
    except DuplicateSubmission:
        messages.success(request, "Referral closed.")
    except services.BefriendingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Referral closed.")
    return redirect("befriending_admin:referral", pk=referral.pk)


# ---------------------------------------------------------------------------------------------
# Matches


def _match_page(request, match, status=200, **bound):
    logs = match.contact_logs.all()
    record_view(request, "befriending.match.viewed", match)
    context = {
        "match": match,
        "parent_rules": ContactRules.for_user(match.parent.user),
        "reviews": match.reviews.select_related("completed_by"),
        "logs": logs,
        "concerns": match.concerns.all(),
        "introduction_form": bound.get("introduction")
        or forms.IntroductionForm(initial={"introduction_on": match.introduction_on}),
        "start_form": bound.get("start") or forms.StartMatchForm(),
        "end_date_form": bound.get("end_date")
        or forms.PlannedEndForm(match=match, initial={"planned_end_on": match.planned_end_on}),
        "arrangements_form": bound.get("arrangements")
        or forms.ArrangementsForm(
            initial={
                "how_often": match.how_often,
                "contact_method": match.contact_method,
                "where": match.where,
            }
        ),
        "review_form": bound.get("review")
        or forms.ReviewForm(initial={"completed_on": timezone.localdate()}),
        "review_form_for": bound.get("review_for"),
        "end_form": bound.get("end") or forms.EndMatchForm(),
        "MatchStatus": MatchStatus,
    }
    return _page(request, "match.html", str(match), context, status)


def _match_queryset():
    return Match.objects.select_related("befriender", "parent__user__contact_rules", "referral")


@coordinator
def match_detail(request, pk):
    return _match_page(request, get_object_or_404(_match_queryset(), pk=pk))


def _match_action(form_class, key, perform, success, *, with_match=False):
    def make_form(request, match):
        return form_class(request.POST, match=match) if with_match else form_class(request.POST)

    return _action_view(
        load=lambda pk: get_object_or_404(_match_queryset(), pk=pk),
        show=_match_page,
        url_name="befriending_admin:match",
        make_form=make_form,
        key=key,
        perform=perform,
        success=success,
    )


match_introduce = _match_action(
    forms.IntroductionForm,
    "introduction",
    lambda m, d, by: services.record_introduction(
        m, introduction_on=d["introduction_on"], by=by, submission_key=d["submission_key"]
    ),
    "Introduction recorded.",
)
match_start = _match_action(
    forms.StartMatchForm,
    "start",
    lambda m, d, by: services.start_match(m, by=by, **d),
    "Match started. Its reviews are scheduled.",
)
match_change_end = _match_action(
    forms.PlannedEndForm,
    "end_date",
    lambda m, d, by: services.change_planned_end(
        m, planned_end_on=d["planned_end_on"], by=by, submission_key=d["submission_key"]
    ),
    "Planned end changed. The reviews are scheduled again.",
    with_match=True,
)
match_arrangements = _match_action(
    forms.ArrangementsForm,
    "arrangements",
    lambda m, d, by: services.update_arrangements(m, by=by, **d),
    "Arrangements saved.",
)
match_end = _match_action(
    forms.EndMatchForm,
    "end",
    lambda m, d, by: services.end_match(
        m,
        ended_on=d["ended_on"],
        reason=d["reason"],
        summary=d["summary"],
        by=by,
        submission_key=d["submission_key"],
    ),
    "Match ended.",
)


@coordinator
@require_POST
def review_complete(request, pk):
    review = get_object_or_404(Review.objects.select_related("match"), pk=pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.complete_review(review, by=request.user, **form.cleaned_data)
        except DuplicateSubmission:
            pass  # the same form sent twice: recorded once, the same answer
        except services.BefriendingError as error:
            form.add_error(None, str(error))
        if not form.errors:
            messages.success(request, "Review recorded.")
            return redirect("befriending_admin:match", pk=review.match_id)
    match = get_object_or_404(_match_queryset(), pk=review.match_id)
    return _match_page(request, match, status=400, review=form, review_for=review.pk)


@coordinator
def contact_log_detail(request, pk):
    log = get_object_or_404(ContactLog.objects.select_related("match__befriender"), pk=pk)
    record_view(request, "befriending.contact_log.viewed", log)
    return _page(request, "contact_log.html", str(log), {"log": log})


# ---------------------------------------------------------------------------------------------
# Concerns


def _concern_page(request, concern, status=200, form=None):
    record_view(request, "befriending.concern.viewed", concern)
    return _page(
        request,
        "concern.html",
        str(concern),
        {"concern": concern, "form": form or forms.ConcernOutcomeForm()},
        status,
    )


def _concern_queryset():
    return Concern.objects.select_related(
        "befriender", "match__parent", "contact_log", "handled_by"
    )


@coordinator
def concern_detail(request, pk):
    return _concern_page(request, get_object_or_404(_concern_queryset(), pk=pk))


@coordinator
@require_POST
def concern_in_hand(request, pk):
    concern = get_object_or_404(Concern, pk=pk)
    form = forms.ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problem(form, "Please try again."))
        return redirect("befriending_admin:concern", pk=concern.pk)
    try:
        services.take_concern_in_hand(
            concern, by=request.user, submission_key=form.cleaned_data["submission_key"]
        )
    except DuplicateSubmission:
        messages.success(request, "You have taken this concern in hand.")
    except services.BefriendingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have taken this concern in hand.")
    return redirect("befriending_admin:concern", pk=concern.pk)


@coordinator
@require_POST
def concern_close(request, pk):
    concern = get_object_or_404(_concern_queryset(), pk=pk)
    form = forms.ConcernOutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.close_concern(
                concern,
                outcome=form.cleaned_data["outcome"],
                by=request.user,
                submission_key=form.cleaned_data["submission_key"],
            )
        except DuplicateSubmission:
            messages.success(request, "Concern closed with its outcome.")
        except services.BefriendingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Concern closed with its outcome.")
        return redirect("befriending_admin:concern", pk=concern.pk)
    return _concern_page(request, concern, status=400, form=form)
