"""The events area of the Wagtail admin: the event list and forms, and the registrations desk."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton

from pace_site.audit.history import AuditedHistoryView
from pace_site.audit.services import record
from pace_site.submissions.services import DuplicateSubmission, claim

from . import admin_urls, services
from .forms import EventAdminForm
from .models import Event


class EventIndexView(IndexView):
    def get_base_queryset(self):
        return Event.objects.with_counts()

    def get_list_more_buttons(self, instance):
        return [
            ListingButton(
                "Registrations",
                url=reverse("events_admin:registrations", args=[instance.pk]),
                icon_name="group",
                priority=5,
            ),
            *super().get_list_more_buttons(instance),
        ]


class OnceOnlySaveMixin:
    """The form's hidden key is claimed in the transaction that saves, so a double click on
    Save creates or changes the event once; the second click gets the same answer."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                claim(form.cleaned_data.get("submission_key"), by=self.request.user)
                return super().form_valid(form)
        except DuplicateSubmission:
            message = self.duplicate_message(form)
            if message:
                messages.success(self.request, message)
            return redirect(self.get_success_url())


class EventCreateView(OnceOnlySaveMixin, CreateView):
    def duplicate_message(self, form):
        return self.get_success_message(form.instance)

    def save_instance(self):
        instance = super().save_instance()
        record("events.event.created", instance, by=self.request.user)
        return instance


class EventDeleteView(DeleteView):
    def delete_action(self):
        with transaction.atomic():
            record("events.event.deleted", self.object, by=self.request.user)
            super().delete_action()


class EventEditView(OnceOnlySaveMixin, EditView):
    """Every saved change raises the event's SEQUENCE, so subscribed calendars update, and fills
    any new places from the waiting list."""

    def duplicate_message(self, form):
        return self.get_success_message()

    def save_instance(self):
        fields = [f.name for f in Event._meta.concrete_fields if f.name in self.form.changed_data]
        before = Event.objects.filter(pk=self.object.pk).values(*fields).first() or {}
        instance = super().save_instance()
        # A form reports a date and time as changed when only its seconds were dropped: keep
        # the fields whose stored value really differs.
        changed = [name for name in fields if before.get(name) != getattr(instance, name)]
        if changed:
            instance = services.update_event(event=instance, by=self.request.user, changed=changed)
        return instance


def _booking_summary(event) -> str:
    return f"{event.confirmed_count} of {event.capacity} booked, {event.waitlisted_count} waiting"


class EventViewSet(ModelViewSet):
    """Create, edit and find events. Publishing, registrations and cancelling are on the
    registrations desk (one click from the list)."""

    model = Event
    icon = "date"
    menu_label = "Events"
    menu_order = 300
    add_to_admin_menu = True
    url_prefix = "events"
    index_view_class = EventIndexView
    add_view_class = EventCreateView
    delete_view_class = EventDeleteView
    history_view_class = AuditedHistoryView
    edit_view_class = EventEditView
    list_display = [
        "title",
        "starts_at",
        "region",
        "kind",
        "audience",
        "status",
        Column("published_at", label="Published"),
        TitleColumn(
            "bookings",
            label="Registrations",
            accessor=_booking_summary,
            get_url=lambda event: reverse("events_admin:registrations", args=[event.pk]),
        ),
    ]
    list_filter = ["kind", "audience", "status", "region"]
    search_fields = ["title", "region"]
    ordering = ["-starts_at"]
    list_export = ["title", "kind", "audience", "region", "starts_at", "ends_at", "capacity"]
    edit_handler_panels = [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("title"),
                FieldPanel("description"),
                FieldPanel("audience"),
                FieldPanel("region"),
            ],
            heading="What and for whom",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldPanel("capacity"),
                FieldPanel("travel_support_offered"),
            ],
            heading="When and how many",
        ),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address")],
            heading="Venue (only people with a confirmed place see it)",
        ),
        InlinePanel("agenda_items", heading="Agenda", label="Session"),
    ]

    @property
    def edit_handler(self):
        return ObjectList(self.edit_handler_panels, base_form_class=EventAdminForm)


@hooks.register("register_admin_viewset")
def register_event_viewset():
    return EventViewSet("manage_events")


@hooks.register("register_admin_urls")
def register_events_desk():
    return [path("event-desk/", include(admin_urls, namespace="events_admin"))]
