"""The record page and the action page of the staff workspace.

`RecordView` is a record's own page (Wagtail's inspect view with the app's template): the rows of
a listing link to it, and its buttons lead to the record's actions.

`ServiceActionView` is one action on one record, always the same shape: GET shows the form (or
a confirmation with one button); POST with a valid form runs the app's service once, says how
it went and goes back to the record's page. `ServiceFormView` is the same without a record (a
new referral). A refusal from the service (the app's `ServiceError`) is shown as a message and
changes nothing; the same form sent twice is acted on once and answered the same way
(`pace_site.submissions`).
"""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import InspectView

from pace_site.audit.services import record_view
from pace_site.services import ServiceError
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.submissions.services import DuplicateSubmission, once

if TYPE_CHECKING:
    from pace_site.accounts.models import User


def acting(request: HttpRequest) -> "User":
    """The signed-in member of staff who is acting (every workspace route has an access rule,
    so nobody else reaches a view), typed for the services' `by`."""
    return cast("User", request.user)


def scoped(model: type[models.Model], user: Any) -> models.QuerySet:
    """The records of `model` this person may reach: the model's `visible_to(user)` where it
    has one (STYLE 4: someone else's record is a 404), otherwise all of them."""
    manager = model._default_manager
    visible_to = getattr(manager, "visible_to", None)
    return visible_to(user) if visible_to is not None else manager.all()


class RecordMixin:
    """Finds the record named in the URL among those the person may reach."""

    model: type[models.Model] | None = None  # set by the viewset
    select_related: tuple[str, ...] = ()
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_queryset(self) -> models.QuerySet:
        assert self.model is not None, "the viewset gives each record view its model"
        queryset = scoped(self.model, self.request.user)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def get_object(self, queryset: models.QuerySet | None = None) -> models.Model:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


class RecordView(RecordMixin, InspectView):
    """A record's page in the workspace. Set `template_name` and, for a sensitive record,
    `audit_code` (each opening writes one audit row); add to the page with
    `get_context_data`."""

    audit_code: str | None = None
    page_title = ""

    def get_page_title(self) -> str:
        return str(self.object)

    def get_page_subtitle(self) -> str:
        return ""

    def get_fields(self) -> list[str]:
        return []  # the app's template shows the record; Wagtail's field table is not used

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.audit_code:
            record_view(request, self.audit_code, self.object, self.audit_data())
        return super().get(request, *args, **kwargs)

    def audit_data(self) -> dict | None:
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["header_title"] = self.get_page_title()
        return context


class ServiceFormView(TemplateView):
    """One staff action through a service: GET shows the form (or a confirmation with one
    button), POST with a valid form runs `act(**data)` once, says how it went and goes on to
    `get_success_url()`.

    Set `form_class` (default: a one-button confirmation), `submit_label`, `success_message`
    (empty: no message, for an action whose next page shows the change itself) and the words
    of the page (`page_title`, `intro`). A form with mistakes is shown again with them (400).
    A refusal from the service (the app's `ServiceError`) is shown as a message and changes
    nothing: on the form page, or back on the record's page with `refusal_goes_back`. A form
    that lives on the record's page (`form_on_record_page`, and every one-button form) has its
    mistakes said on that page. The same form sent twice is acted on once and answered the
    same way; `duplicate_result(data)` may find what the first one made.
    """

    template_name = "workspace/action.html"
    form_class: type[forms.Form] = OnceOnlyForm
    model: type[models.Model] | None = None  # set by the viewset
    page_title: Any = ""  # words, or lazily translated words
    intro: Any = ""
    submit_label = _("Save")
    success_message = _("Saved.")
    header_icon = ""
    success_url_name = ""
    index_url_name = ""
    refusal_goes_back = False
    form_on_record_page = False
    # An action that cannot be undone: its button looks serious (Wagtail's "no" style).
    destructive = False
    object: models.Model | None = None
    result: Any = None

    # -- what a subclass provides ---------------------------------------------------------

    def act(self, **data: Any) -> Any:
        raise NotImplementedError

    def duplicate_result(self, data: dict[str, Any]) -> Any:
        return None

    def get_initial(self) -> dict:
        return {}

    def get_form_kwargs(self) -> dict:
        return {
            "data": self.request.POST if self.request.method == "POST" else None,
            "initial": self.get_initial(),
        }

    def get_form(self) -> forms.Form:
        return self.form_class(**self.get_form_kwargs())

    def get_success_url(self) -> str:
        """The page of the record the action made (the viewset's record page), if it made one;
        otherwise the page named by `success_url_name` as it is."""
        made = getattr(self.result, "pk", None)
        return reverse(self.success_url_name, args=[made] if made is not None else None)

    def get_cancel_url(self) -> str:
        """Back: to the listing the action belongs to (set by the viewset)."""
        return reverse(self.index_url_name) if self.index_url_name else self.get_success_url()

    def get_success_message(self, result: Any) -> str:
        return self.words(self.success_message)

    def words(self, text: Any) -> str:
        return str(text) % {"object": self.object} if "%(object)s" in str(text) else str(text)

    # -- the one shape ----------------------------------------------------------------------

    def perform(self, data: dict[str, Any]) -> Any:
        return self.act(**data)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        data = form.action_data if hasattr(form, "action_data") else dict(form.cleaned_data)
        try:
            with once(getattr(form, "key", None), by=request.user):
                self.result = self.perform(data)
        except DuplicateSubmission:
            # The same form again (a double click, a second tab): answered as the first time.
            self.result = self.duplicate_result(data)
        except ServiceError as error:
            messages.error(request, str(error))
            return self.form_invalid(form, refused=True)
        message = self.get_success_message(self.result)
        if message:
            messages.success(request, message)
        return redirect(self.get_success_url())

    def form_invalid(self, form: forms.Form, *, refused: bool = False) -> HttpResponseBase:
        on_record_page = self.form_on_record_page or all(field.is_hidden for field in form)
        if on_record_page or (refused and self.refusal_goes_back):
            if not refused:
                for error in form.errors.values():
                    messages.error(self.request, " ".join(str(e) for e in error))
            return redirect(self.get_cancel_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        title = self.words(self.page_title)
        context.update(
            {
                "object": self.object,
                "header_title": title,
                "page_title": title,
                "header_icon": self.header_icon,
                "intro": self.words(self.intro),
                "submit_label": self.words(self.submit_label),
                "destructive": self.destructive,
                "cancel_url": self.get_cancel_url(),
            }
        )
        return context


class ServiceActionView(RecordMixin, ServiceFormView):
    """One staff action on one record (found among those the person may reach): `act(obj,
    **data)`; it goes back to the record's page (`success_url_name`, set by the viewset)."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def act(self, obj: Any, **data: Any) -> Any:  # type: ignore[override]
        raise NotImplementedError

    def perform(self, data: dict[str, Any]) -> Any:
        return self.act(self.object, **data)

    def get_success_url(self) -> str:
        assert self.object is not None
        return reverse(self.success_url_name, args=[self.object.pk])

    def get_cancel_url(self) -> str:
        return self.get_success_url()  # back to the record
