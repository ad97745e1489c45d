"""Erasure and correction requests in the staff workspace.

    /admin/privacy/erasure-requests/   privacy_erasure_requests (new, propose, approve, refuse,
                                       withdraw)
    /admin/privacy/corrections/        privacy_corrections (new, answer)

Managers (Participation manager, Befriending coordinator, Administrator) record, propose,
refuse and answer; only an Administrator who did not propose an erasure approves it.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import HeaderButton

import pace_site.converters  # noqa: F401  (registers <id:…>)
from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.workspace import (
    RecordView,
    ServiceActionView,
    ServiceFormView,
    StaffIndexView,
    StaffViewSet,
    acting,
    action,
    scoped,
)

from ..erasure import engine, services
from ..erasure.forms import (
    AnswerCorrectionForm,
    RecordCorrectionForm,
    RecordErasureForm,
    RecordErasureOfRecordForm,
    RefuseErasureForm,
)
from ..models.erasure import CorrectionRequest, ErasureRequest

MANAGERS = (Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR)


class RequestIndexView(StaffIndexView):
    """The listing, with a button to record a request that came by phone, e-mail or letter."""

    record_url_name = ""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Record a request"), url=reverse(self.record_url_name), icon_name="plus"
            ),
        ]


class ErasureIndexView(RequestIndexView):
    record_url_name = "privacy_erasure_requests:record"


class CorrectionIndexView(RequestIndexView):
    record_url_name = "privacy_corrections:record"


# -- erasure ------------------------------------------------------------------------------------


class ErasureRecordView(RecordView):
    """The request: who, how and when; the plan (proposed) or what was done (done), with the
    records kept and why."""

    # Queries: the request with its people; the audit row.
    template_name = "privacy/erasure/admin/request.html"
    audit_code = "privacy.erasure_request.viewed"
    select_related = (
        "person",
        "record_type",
        "recorded_by",
        "proposed_by",
        "approved_by",
        "refused_by",
    )

    def get_page_subtitle(self) -> str:
        return self.object.get_status_display()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.object
        user = acting(self.request)
        return super().get_context_data(
            erasure=request,
            can_approve=(
                request.status == "proposed"
                and (user.is_superuser or Role.ADMINISTRATOR in user.role_names)
                and user.pk != request.proposed_by_id
            ),
            **kwargs,
        )


class RecordErasureView(ServiceFormView):
    form_class = RecordErasureForm
    page_title = _("Record a request to delete someone's information")
    intro = _(
        "Record it the day it reaches us: we must answer within one month. A manager then "
        "proposes the erasure and an Administrator approves it."
    )
    submit_label = _("Record the request")
    success_message = _("Request recorded.")

    def act(self, **data: Any) -> ErasureRequest:
        return services.ask_for_erasure(data.pop("person"), by=acting(self.request), **data)


class RecordErasureOfRecordView(ServiceFormView):
    """A request about someone who never had an account (a volunteer's application), from
    their record's page: `model` is the record's table ("befriending.Befriender")."""

    form_class = RecordErasureOfRecordForm
    template_name = "privacy/erasure/admin/record_for.html"
    page_title = _("Record a request to delete this person's information")
    intro = RecordErasureView.intro
    submit_label = _("Record the request")
    success_message = _("Request recorded.")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        model = services.erasable_record_types().get(kwargs["model"])
        if model is None:
            raise Http404
        self.object = get_object_or_404(
            scoped(model, request.user).filter(**{"user__isnull": True}), pk=kwargs["pk"]
        )

    def act(self, **data: Any) -> ErasureRequest:
        assert self.object is not None
        return services.ask_for_erasure_of_record(self.object, by=acting(self.request), **data)


class ProposeErasureView(ServiceActionView):
    template_name = "privacy/erasure/admin/propose.html"
    page_title = _("Propose erasure")
    intro = _(
        "This is what erasure would do now. An Administrator other than you approves it, and "
        "it happens at once."
    )
    submit_label = _("Propose for approval")
    success_message = _("Proposed. An Administrator other than you can now approve it.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        assert isinstance(self.object, ErasureRequest)
        subject = self.object.subject
        plan = engine.plan(subject) if subject is not None else []
        return super().get_context_data(plan=plan, **kwargs)

    def act(self, obj: ErasureRequest, **data: Any) -> ErasureRequest:  # type: ignore[override]
        return services.propose_erasure(obj, by=acting(self.request))


class ApproveErasureView(ServiceActionView):
    template_name = "privacy/erasure/admin/propose.html"
    page_title = _("Approve erasure")
    intro = _(
        "Approving erases this person's information at once, as proposed. It cannot be undone."
    )
    submit_label = _("Approve and erase now")
    destructive = True
    success_message = _("Done. The person's information has been erased.")
    refusal_goes_back = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        assert isinstance(self.object, ErasureRequest)
        return super().get_context_data(plan=self.object.plan, **kwargs)

    def act(self, obj: ErasureRequest, **data: Any) -> ErasureRequest:  # type: ignore[override]
        return services.approve_erasure(obj, by=acting(self.request))


class RefuseErasureView(ServiceActionView):
    form_class = RefuseErasureForm
    page_title = _("Refuse erasure")
    intro = _(
        "Only when the law lets us keep it (for example a safeguarding duty). The person is "
        "told the reason you write here."
    )
    submit_label = _("Refuse with this reason")
    success_message = _("Refused. The person can see the reason in their portal.")

    def act(self, obj: ErasureRequest, *, reason: str) -> ErasureRequest:  # type: ignore[override]
        return services.refuse_erasure(obj, reason=reason, by=acting(self.request))


class WithdrawErasureView(ServiceActionView):
    page_title = _("The person no longer wants this")
    submit_label = _("Mark as withdrawn")
    success_message = _("Marked as withdrawn. Nothing was deleted.")
    refusal_goes_back = True

    def act(self, obj: ErasureRequest, **data: Any) -> ErasureRequest:  # type: ignore[override]
        return services.withdraw_erasure(obj, by=acting(self.request))


def _approve_view():
    """Approval is for Administrators only: the view carries its own, narrower rule."""
    return roles(Role.ADMINISTRATOR)(
        ApproveErasureView.as_view(
            model=ErasureRequest,
            success_url_name="privacy_erasure_requests:inspect",
            index_url_name="privacy_erasure_requests:index",
        )
    )


class ErasureRequestViewSet(StaffViewSet):
    model = ErasureRequest
    url_prefix = "privacy/erasure-requests"
    index_view_class = ErasureIndexView
    roles = MANAGERS
    icon = "bin"
    menu_label = "Erasure requests"
    list_select_related = ("person", "record_type")
    list_audit_code = "privacy.erasure_list.viewed"
    record_view_class = ErasureRecordView
    list_display = ["__str__", "whose", "how", "received_on", "due_on", "status"]
    list_filter = ["status"]
    actions = (
        action("record/", RecordErasureView, "record"),
        action("record-for/<str:model>/<id:pk>/", RecordErasureOfRecordView, "record_for"),
        action("<id:pk>/propose/", ProposeErasureView, "propose"),
        action("<id:pk>/approve/", _approve_view(), "approve"),
        action("<id:pk>/refuse/", RefuseErasureView, "refuse"),
        action("<id:pk>/withdraw/", WithdrawErasureView, "withdraw"),
    )


# -- correction ---------------------------------------------------------------------------------


class CorrectionRecordView(RecordView):
    """What the person says is wrong, and the reply they are given."""

    # Queries: the request with its people; the audit row.
    template_name = "privacy/erasure/admin/correction.html"
    audit_code = "privacy.correction.viewed"
    select_related = ("person", "recorded_by", "handled_by")

    def get_page_subtitle(self) -> str:
        return self.object.get_status_display()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            correction=self.object, form=AnswerCorrectionForm(), **kwargs
        )


class RecordCorrectionView(ServiceFormView):
    form_class = RecordCorrectionForm
    page_title = _("Record a request to correct someone's information")
    intro = _("Then correct the record in its own screen, and answer here.")
    submit_label = _("Record the request")
    success_message = _("Request recorded.")

    def act(self, **data: Any) -> CorrectionRequest:
        return services.ask_for_correction(data.pop("person"), by=acting(self.request), **data)


class AnswerCorrectionView(ServiceActionView):
    form_class = AnswerCorrectionForm
    page_title = _("Answer the correction request")
    intro = _("Correct the record in its own screen first. The person reads your reply.")
    submit_label = _("Send the reply")
    success_message = _("Answered. The person can read your reply in their portal.")

    def act(self, obj: CorrectionRequest, *, corrected: bool, reply: str) -> CorrectionRequest:  # type: ignore[override]
        return services.answer_correction(
            obj, corrected=corrected, reply=reply, by=acting(self.request)
        )


class CorrectionRequestViewSet(StaffViewSet):
    model = CorrectionRequest
    url_prefix = "privacy/corrections"
    index_view_class = CorrectionIndexView
    roles = MANAGERS
    icon = "edit"
    menu_label = "Correction requests"
    list_select_related = ("person",)
    list_audit_code = "privacy.correction_list.viewed"
    record_view_class = CorrectionRecordView
    list_display = ["__str__", "person", "how", "received_on", "due_on", "status"]
    list_filter = ["status"]
    actions = (
        action("record/", RecordCorrectionView, "record"),
        action("<id:pk>/answer/", AnswerCorrectionView, "answer"),
    )
