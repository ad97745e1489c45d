"""The parent's questions under /my/questions/. Only the invited person reaches an invitation;
anyone else's is a 404."""

import contextlib

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.submissions.services import DuplicateSubmission

from . import services
from .forms import QuestionnaireForm
from .models import Answer, Invitation, InvitationStatus
from .services import OutcomesError

# Parents and befrienders are asked; staff never are.
portal_people = roles(Role.PARENT, Role.BEFRIENDER)


def _own(request, pk, *, status=InvitationStatus.OPEN) -> Invitation:
    invitations = Invitation.objects.for_person(request.user).select_related("questionnaire")
    if status is not None:
        invitations = invitations.filter(status=status)
    return get_object_or_404(invitations, pk=pk)


@portal_people
def my_questions(request):
    """The questions waiting for the person (none put off to a later day)."""
    waiting = list(
        Invitation.objects.for_person(request.user).waiting().select_related("questionnaire")
    )
    has_answers = Invitation.objects.for_person(request.user).answered().exists()
    return render(
        request,
        "outcomes/my_questions.html",
        {"waiting": waiting, "has_answers": has_answers},
    )


@portal_people
def questionnaire(request, pk):
    """One questionnaire on one page: what it is for, the questions (all optional), Send."""
    invitation = _own(request, pk, status=None)
    if invitation.status == InvitationStatus.ANSWERED:
        # Answered already (a second click, a resend, the back button): the same thank-you.
        return redirect("outcomes:thanks", pk=invitation.pk)
    if invitation.status != InvitationStatus.OPEN:
        return redirect("outcomes:my_questions")
    questions = list(invitation.questionnaire.questions.all())
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None,
        questionnaire=invitation.questionnaire,
        questions=questions,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer(
                invitation, answers=form.answers, by=request.user, submission_key=form.key
            )
        except DuplicateSubmission:
            pass  # Saved by the first click: the same thank-you page.
        except OutcomesError as error:
            messages.error(request, str(error))
            return redirect("outcomes:my_questions")
        return redirect("outcomes:thanks", pk=invitation.pk)
    return render(
        request,
        "outcomes/questionnaire.html",
        {"invitation": invitation, "form": form, "put_off_form": OnceOnlyForm()},
    )


@portal_people
def put_off(request, pk):
    """ "Not today": asked again later, once. POST only (someone else's is a 404 first)."""
    invitation = _own(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = OnceOnlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This form has expired. Please try again."))
        return redirect("outcomes:questionnaire", pk=invitation.pk)
    try:
        invitation = services.put_off(invitation, by=request.user, submission_key=form.key)
    except DuplicateSubmission:
        invitation.refresh_from_db()
    except OutcomesError as error:
        messages.error(request, str(error))
        return redirect("outcomes:my_questions")
    if invitation.status == InvitationStatus.DECLINED:
        messages.success(request, _("That's fine. We won't ask you these questions again."))
    else:
        messages.success(request, _("That's fine. We will ask again in a week or so."))
    return redirect("outcomes:my_questions")


@portal_people
def thanks(request, pk):
    """After answering: thank you, the helpline, and "Talk to someone"."""
    invitation = _own(request, pk, status=InvitationStatus.ANSWERED)
    if request.method == "POST":
        form = OnceOnlyForm(request.POST)
        if form.is_valid():
            with contextlib.suppress(DuplicateSubmission):  # the first click asked already
                services.ask_for_call(invitation, by=request.user, submission_key=form.key)
            return redirect("outcomes:thanks", pk=invitation.pk)
        messages.error(request, _("This form has expired. Please try again."))
    return render(
        request, "outcomes/thanks.html", {"invitation": invitation, "form": OnceOnlyForm()}
    )


@portal_people
def my_answers(request):
    """The person's own answers over time, newest first."""
    answered = (
        Invitation.objects.for_person(request.user)
        .answered()
        .select_related("questionnaire")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("-answered_at", "-pk")
    )
    return render(request, "outcomes/my_answers.html", {"answered": answered})
