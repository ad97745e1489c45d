"""What we shared about me (the portal): each sharing in plain words, and "Ask about this".

Only the person it is about sees it: anyone else's sharing is a 404, and only parents (the
people sharing is recorded about) reach these pages at all."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.audit.services import record_view
from pace_site.forms import text_field
from pace_site.submissions.forms import OnceOnlyFormMixin
from pace_site.submissions.services import DuplicateSubmission, once

from ..models.sharing import Sharing, SharingQuestion
from ..sharing import QUESTION_MAX, SharingError, ask_about_sharing


class AskForm(OnceOnlyFormMixin, forms.Form):
    question = text_field(
        gettext_lazy("Your question"),
        max_length=QUESTION_MAX,
        required=True,
        help_text=gettext_lazy("Only our participation team reads this."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].error_messages["required"] = _("Please write your question.")


def _own(request):
    return Sharing.objects.about(request.user)


@roles(Role.PARENT)
def shared(request):
    """Everything we have shared about me: with whom, what, why, when, on what basis. Queries:
    the sharings, their questions (my own), the audit row."""
    sharings = list(
        _own(request)
        .only(
            "pk",
            "person_id",
            "partner_kind",
            "partner_name",
            "what",
            "why",
            "basis",
            "basis_other",
            "consent_label",
            "shared_on",
        )
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=SharingQuestion.objects.filter(asked_by=request.user).only(
                    "pk", "sharing_id", "asked_at"
                ),
            )
        )
    )
    record_view(
        request,
        "privacy.sharing.own_viewed",
        None,
        {"person": request.user.pk, "count": len(sharings)},
    )
    return render(request, "privacy/sharing/portal_list.html", {"sharings": sharings})


@roles(Role.PARENT)
def ask(request, pk):
    """Ask about one thing we shared (a short question; the team replies)."""
    sharing = get_object_or_404(_own(request), pk=pk)
    form = AskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once(form.key, by=request.user):
                ask_about_sharing(sharing, by=request.user, question=form.cleaned_data["question"])
        except SharingError as error:
            form.add_error(None, str(error))
        except DuplicateSubmission:
            pass
        if not form.errors:
            messages.success(
                request, _("Thank you. We have your question and will get back to you soon.")
            )
            return redirect("privacy:shared")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "privacy/sharing/portal_ask.html",
        {"sharing": sharing, "form": form},
        status=status,
    )
