"""The support line in the staff workspace: the tally of contacts, a form to add one, and a way
to take out one recorded by mistake."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from pace_site.accounts.roles import Role
from pace_site.workspace import (
    ServiceActionView,
    ServiceFormView,
    StaffIndexView,
    StaffViewSet,
    YesNoColumn,
    acting,
    action,
)

from . import services
from .forms import SupportContactForm
from .models import SupportContact

SUPPORT_LINE_STAFF = (Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR)


class RecordContactView(ServiceFormView):
    form_class = SupportContactForm
    header_icon = "mail"
    page_title = _("Record a support line contact")
    intro = _(
        "A tally for the outcomes report: write no name, number or anything they said. "
        "Case notes belong in the case record."
    )
    submit_label = _("Record the contact")
    success_message = _("Contact recorded.")

    def get_initial(self) -> dict:
        return {"happened_on": timezone.localdate()}

    def get_success_url(self) -> str:
        return reverse(self.index_url_name)

    def act(self, **data: Any) -> SupportContact:
        return services.record_contact(by=acting(self.request), **data)


class RemoveContactView(ServiceActionView):
    header_icon = "bin"
    page_title = _("Remove %(object)s from the tally")
    intro = _("Only for a contact recorded by mistake, such as the same call twice.")
    submit_label = _("Remove it")
    success_message = _("Removed from the tally.")
    destructive = True

    def get_success_url(self) -> str:
        return reverse(self.index_url_name)

    def act(self, obj: Any, **data: Any) -> None:  # type: ignore[override]
        services.remove_contact(obj, by=acting(self.request))


class SupportContactIndexView(StaffIndexView):
    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        return [
            HeaderButton(
                _("Record a contact"),
                url=reverse("support_line_contacts:record"),
                icon_name="plus",
            )
        ]

    def get_list_buttons(self, instance: SupportContact) -> list[ListingButton]:
        return [
            ListingButton(
                _("Remove"),
                url=reverse("support_line_contacts:remove", args=[instance.pk]),
                icon_name="bin",
                attrs={"aria-label": _("Remove %(contact)s (a mistake)") % {"contact": instance}},
            )
        ]


class SupportContactViewSet(StaffViewSet):
    model = SupportContact
    url_prefix = "support-line"
    roles = SUPPORT_LINE_STAFF
    icon = "mail"
    menu_label = "Support line"
    menu_order = 880
    add_to_admin_menu = True
    index_view_class = SupportContactIndexView
    actions = (
        action("record/", RecordContactView, "record"),
        action("<id:pk>/remove/", RemoveContactView, "remove"),
    )
    list_display = [
        "happened_on",
        "channel",
        "caller",
        "concern",
        Column("minutes", label=_("Minutes")),
        "region",
        YesNoColumn("first_contact", label=_("First time")),
        "referred_to",
    ]
    list_filter = ["channel", "caller", "concern", "referred_to"]
    list_export = [
        "happened_on",
        "channel",
        "caller",
        "concern",
        "minutes",
        "region",
        "first_contact",
        "referred_to",
    ]
    ordering = ["-happened_on", "-pk"]
