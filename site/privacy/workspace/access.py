"""Subject access requests in the staff workspace, under /admin/privacy/access-requests/
(namespace `privacy_access_requests`).

Participation managers, befriending coordinators and Administrators see every request, open
one for anyone, record the identity check, extend a complex request and mark one withdrawn.
Only Administrators review the copy (the notes written by staff, any withheld under an
exemption with the reason) and release it, and only they download a reviewed copy.
"""

from typing import Any

from django.db.models import Count, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.workspace import (
    RecordView,
    ServiceActionView,
    ServiceFormView,
    StaffIndexView,
    StaffViewSet,
    acting,
    action,
)

from ..access import collect, from_dict
from ..access import services as access_services
from ..access.documents import as_json, as_pdf
from ..models.access import ACCESS_REQUEST_STAFF, SubjectAccessRequest
from . import forms


class AdministratorsOnly:
    """A workspace action only Administrators may use: refused before the record is looked
    up, so nobody else learns whether it exists."""

    @classmethod
    def as_view(cls, **initkwargs: Any):
        return roles(Role.ADMINISTRATOR)(super().as_view(**initkwargs))  # type: ignore[misc]


DASHBOARD_SHOWN = 8


class AccessRequestRecordView(RecordView):
    template_name = "privacy/access/admin/request.html"
    audit_code = "privacy.access_request.viewed"
    select_related = ("person",)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = acting(self.request)
        context.update(
            access_request=self.object,
            overdue=self.object.is_overdue(),
            is_administrator=user.is_superuser or user.has_role(Role.ADMINISTRATOR),
            withheld=self.object.withheld_notes(),
        )
        return context


class OpenAccessRequestView(ServiceFormView):
    form_class = forms.OpenRequestForm
    page_title = "Open a subject access request"
    intro = (
        "Someone has asked for a copy of everything we hold about them. It is due one "
        "calendar month after it was received."
    )
    submit_label = _("Open the request")
    success_message = _("Request opened.")

    def get_initial(self) -> dict:
        return {"received_on": timezone.localdate()}

    def act(self, **data: Any) -> SubjectAccessRequest:
        return access_services.open_access_request(by=acting(self.request), **data)

    def duplicate_result(self, data):
        return SubjectAccessRequest.objects.open().filter(person=data["person"]).first()


class IdentityCheckView(ServiceActionView):
    form_class = forms.IdentityForm
    page_title = "Record the identity check"
    intro = "Nothing is released until we know the request comes from the person themselves."
    submit_label = _("Record the check")
    success_message = _("Identity check recorded.")
    refusal_goes_back = True

    def act(self, obj: Any, **data: Any) -> SubjectAccessRequest:  # type: ignore[override]
        return access_services.record_identity_check(obj, how=data["how"], by=acting(self.request))


class ExtendView(ServiceActionView):
    form_class = forms.ExtendForm
    page_title = "Extend a complex request"
    intro = (
        "A complex request can be extended once, by up to two more calendar months. Tell the "
        "person within the first month, and why."
    )
    submit_label = _("Extend")
    success_message = _("Request extended.")

    def act(self, obj: Any, **data: Any) -> SubjectAccessRequest:  # type: ignore[override]
        return access_services.extend_access_request(
            obj, months=data["months"], reason=data["reason"], by=acting(self.request)
        )


class ReviewView(AdministratorsOnly, ServiceActionView):
    form_class = forms.ReviewForm
    template_name = "privacy/access/admin/review.html"
    page_title = "Review the copy"
    intro = (
        "This is everything we hold about them. Notes written by staff, and safeguarding "
        "details, are marked. Withhold a note only where an exemption applies (for example, "
        "it would put someone at risk of serious harm, or names another person), and say which."
    )
    submit_label = _("Save the review")
    success_message = _("Review saved. The copy is ready to release.")

    def get_form_kwargs(self) -> dict:
        assert isinstance(self.object, SubjectAccessRequest)
        self.collection = collect(self.object.person)
        return {**super().get_form_kwargs(), "collection": self.collection}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "collection": self.collection}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The full copy, staff notes and all, is on this page: each opening is audited.
        record("privacy.access_request.review_opened", self.object, by=acting(request))
        return super().get(request, *args, **kwargs)

    def act(self, obj: Any, **data: Any) -> SubjectAccessRequest:  # type: ignore[override]
        return access_services.review_access_request(
            obj, withheld=data["withheld"], by=acting(self.request)
        )


class ReleaseView(AdministratorsOnly, ServiceActionView):
    form_class = forms.ReleaseForm
    page_title = "Release the copy"
    intro = (
        "The reviewed copy is given to the person. Released through their own page, they can "
        "read it and download it there."
    )
    submit_label = _("Release")
    success_message = _("Copy released.")
    refusal_goes_back = True

    def act(self, obj: Any, **data: Any) -> SubjectAccessRequest:  # type: ignore[override]
        return access_services.release_access_request(obj, how=data["how"], by=acting(self.request))


class WithdrawView(ServiceActionView):
    form_class = OnceOnlyForm
    page_title = "Mark the request withdrawn"
    intro = "The person no longer wants a copy."
    submit_label = _("Mark withdrawn")
    success_message = _("Request marked withdrawn.")

    def act(self, obj: Any, **data: Any) -> SubjectAccessRequest:  # type: ignore[override]
        return access_services.withdraw_access_request(obj, by=acting(self.request))


@roles(Role.ADMINISTRATOR)
def download_copy(request, pk, fmt):
    """The reviewed copy as a file, to send by e-mail or post (Administrators only)."""
    access_request = get_object_or_404(SubjectAccessRequest.objects.visible_to(request.user), pk=pk)
    copy = access_request.released_copy()
    if fmt not in ("pdf", "json") or copy is None:
        raise Http404
    collection = from_dict(copy)
    record(
        "privacy.access_request.copy_downloaded",
        access_request,
        by=request.user,
        data={"format": fmt, "staff": True},
    )
    if fmt == "pdf":
        response = HttpResponse(
            as_pdf(collection, title=str(_("Information held by Pace"))),
            content_type="application/pdf",
        )
    else:
        response = HttpResponse(as_json(collection), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="access-request-{pk}.{fmt}"'
    return response


class AccessRequestIndexView(StaffIndexView):
    """The listing's "add" button opens a request (through the service)."""

    add_item_label = _("Open a request")

    def get_add_url(self) -> str:
        return reverse("privacy_access_requests:open")


class AccessRequestViewSet(StaffViewSet):
    model = SubjectAccessRequest
    url_prefix = "privacy/access-requests"
    roles = ACCESS_REQUEST_STAFF
    icon = "doc-full"
    menu_label = _("Subject access")
    menu_order = 940
    add_to_admin_menu = True
    list_select_related = ("person",)
    list_audit_code = "privacy.access_request_list.viewed"
    record_view_class = AccessRequestRecordView
    index_view_class = AccessRequestIndexView
    list_display = [
        "person",
        Column("due_label", label=_("Due"), accessor="due_label", sort_key="due_on"),
        "status",
        "received_on",
        "received_how",
    ]
    list_filter = ["status"]
    search_fields = ["person__email", "person__display_name"]
    list_export = ["pk", "received_on", "received_how", "due_on", "status", "released_at"]
    export_filename = "subject-access-requests"
    actions = (
        action("open/", OpenAccessRequestView, "open"),
        action("<id:pk>/identity/", IdentityCheckView, "identity"),
        action("<id:pk>/extend/", ExtendView, "extend"),
        action("<id:pk>/review/", ReviewView, "review"),
        action("<id:pk>/release/", ReleaseView, "release"),
        action("<id:pk>/withdraw/", WithdrawView, "withdraw"),
        action("<id:pk>/copy/<slug:fmt>/", download_copy, "download_copy"),
    )


# -- the dashboard panel -------------------------------------------------------------------------


def dashboard_context(today=None) -> dict:
    """Open requests due within a week or overdue: the first few, each carrying the count of
    them all (one query whatever the number of requests)."""
    today = today or timezone.localdate()
    shown = list(
        SubjectAccessRequest.objects.due_soon(today)
        .select_related("person")
        .annotate(due_count=Window(Count("pk")))
        .order_by("due_on", "pk")[:DASHBOARD_SHOWN]
    )
    return {"due_count": shown[0].due_count if shown else 0, "due": shown, "today": today}


class AccessRequestPanel(Component):
    name = "subject_access"
    order = 60
    template_name = "privacy/access/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        context = dashboard_context()
        request = (parent_context or {}).get("request")
        if request is not None:
            record(
                "privacy.access_dashboard.viewed",
                by=request.user,
                data={"due": context["due_count"]},
            )
        return context


def add_panel(request, panels) -> None:
    """The panel is for those who handle requests."""
    user = request.user
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR, *ACCESS_REQUEST_STAFF):
        panels.append(AccessRequestPanel())
