"""Events in the staff workspace (/admin/events/events/): the listing, the event forms, the
registrations desk (each event's record page) and its actions: publish and invite, cancel,
attendance on the day, travel approval and the venue list. Participation managers (and
Administrators) only."""

import csv
from collections import Counter, defaultdict
from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CopyView, CreateView, DeleteView, EditView

from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.spreadsheets import safe_cell
from pace_site.submissions.services import DuplicateSubmission, claim
from pace_site.workspace import (
    RecordView,
    ServiceActionView,
    StaffIndexView,
    StaffViewSet,
    action,
)
from pace_site.workspace.views import RecordMixin

from . import services
from .forms import AttendanceForm, EventAdminForm, TravelApprovalForm
from .models import Answer, Event, Feedback, Registration, RegistrationStatus, RoomPreference

# -- the registrations desk: an event's record page -----------------------------------------------

FEEDBACK_QUESTIONS = [
    ("felt_less_alone", "Feel less alone"),
    ("met_someone_who_understands", "Met someone who understands"),
    ("more_confident", "Feel more confident"),
]


def feedback_summary(event: Event) -> dict:
    """Counts of each answer (one query for the counts, one for the comments)."""
    aggregates = {
        f"{field}__{answer}": Count("pk", filter=Q(**{field: answer}))
        for field, _label in FEEDBACK_QUESTIONS
        for answer in Answer.values
    }
    feedback = Feedback.objects.filter(registration__event=event)
    counts = feedback.aggregate(total=Count("pk"), **aggregates)
    total = counts.pop("total")
    rows = [
        {
            "label": label,
            "answers": [
                {
                    "label": Answer(answer).label,
                    "count": counts[f"{field}__{answer}"],
                    "percent": round(100 * counts[f"{field}__{answer}"] / total) if total else 0,
                }
                for answer in Answer.values
            ],
        }
        for field, label in FEEDBACK_QUESTIONS
    ]
    comments = [
        text for text in feedback.values_list("anything_to_change", flat=True) if text.strip()
    ]
    return {"total": total, "rows": rows, "comments": comments}


class EventRecordMixin(RecordMixin):
    """The event with its places taken and waiting list counted."""

    def get_queryset(self):
        return super().get_queryset().with_places_taken()


class RegistrationsDeskView(EventRecordMixin, RecordView):
    """Everyone registered for one event, with counts, needs and travel support (audited)."""

    template_name = "events/admin/registrations.html"
    audit_code = "events.registration_list.viewed"

    def get_context_data(self, **kwargs):
        # Queries: session, user, groups, event with counts, registrations with people,
        # feedback counts, feedback comments, audit entry (+ content type, cached after the first).
        context = super().get_context_data(**kwargs)
        event = self.object
        rows = list(Registration.objects.filter(event=event).for_staff_list())
        held = [r for r in rows if r.status != RegistrationStatus.CANCELLED]
        position = 0
        for row in rows:
            if row.status == RegistrationStatus.WAITLISTED:
                position += 1
                row.position = position
        context.update(
            {
                "event": event,
                "rows": rows,
                "confirmed": sum(r.status == RegistrationStatus.CONFIRMED for r in rows),
                "attended": sum(r.status == RegistrationStatus.ATTENDED for r in rows),
                "travel_asked": sum((r.travel_support_requested or 0) for r in held),
                "travel_approved": sum((r.travel_support_approved or 0) for r in held),
                "feedback": feedback_summary(event) if event.has_ended() else None,
                "approval_form": TravelApprovalForm(),
            }
        )
        return context


# -- its actions ----------------------------------------------------------------------------------


class PublishEventView(ServiceActionView):
    """Publish and invite: a button on the desk."""

    http_method_names = ["post"]
    success_message = "Published. The people it is for have been told."

    def act(self, obj, **data):
        return services.publish_event(obj, by=self.request.user)


class CancelEventView(EventRecordMixin, ServiceActionView):
    """Asks first; then everyone registered is told and calendars show it as cancelled."""

    template_name = "events/admin/cancel_event.html"
    page_title = "Cancel this event?"
    destructive = True
    header_icon = "warning"
    submit_label = "Yes, cancel the event and tell everyone"
    success_message = "The event is cancelled. Everyone registered has been told."

    def act(self, obj, **data):
        return services.cancel_event(obj, by=self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "event": self.object}


class ApproveTravelView(ServiceActionView):
    """Approve (all or part of) one person's travel support: a form in the desk's table."""

    http_method_names = ["post"]
    form_class = TravelApprovalForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.registration = get_object_or_404(
            Registration.objects.visible_to(request.user).select_related("user", "user__parent"),
            event=self.object,
            pk=kwargs["registration"],
        )

    def get_form(self):
        self.form = super().get_form()
        return self.form

    def act(self, obj, *, amount):
        return services.approve_travel(self.registration, amount=amount, by=self.request.user)

    def get_success_message(self, result) -> str:
        amount = self.form.cleaned_data["amount"]
        return f"Approved £{amount} for {self.registration.person_name()}."

    def form_invalid(self, form, *, refused: bool = False):
        if not refused:
            errors = "; ".join(e for errors in form.errors.values() for e in errors)
            messages.error(self.request, f"Travel support not approved: {errors}")
        return redirect(self.get_cancel_url())


class AttendanceView(ServiceActionView):
    """A phone-sized list for the day: tap Here or Not here for each person with a place."""

    template_name = "events/admin/attendance.html"
    form_class = AttendanceForm
    success_message = ""  # the list itself shows the change

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.object}

    def get_form(self):
        self.form = super().get_form()
        return self.form

    def act(self, obj, *, registration, attended):
        return services.mark_attendance(registration, attended=attended, by=self.request.user)

    def get_cancel_url(self) -> str:
        return reverse("events_events:attendance", args=[self.object.pk])

    def get_success_url(self) -> str:
        return f"{self.get_cancel_url()}#person-{self.form.cleaned_data['registration'].pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = (
            Registration.objects.filter(event=self.object)
            .holding_places()
            .select_related("user", "user__parent")
            .order_by("user__display_name", "pk")
        )
        rows = sorted(rows, key=lambda r: r.person_name().lower())
        record(
            "events.attendance_list.viewed",
            self.object,
            by=self.request.user,
            data={"rows": len(rows)},
        )
        context.update(
            {
                "event": self.object,
                "rows": rows,
                "here": sum(r.status == RegistrationStatus.ATTENDED for r in rows),
            }
        )
        return context


def _csv_cell(value) -> str:
    return safe_cell("" if value is None else str(value))


def _nights_rows(people) -> list[list]:
    nights = Counter()
    for person in people:
        if person.arrival_on and person.departure_on:
            day = person.arrival_on
            while day < person.departure_on:
                nights[day] += 1
                day += timedelta(days=1)
    return [[f"Staying the night of {night:%A %-d %B}", nights[night]] for night in sorted(nights)]


def _room_plan_rows(people) -> list[list]:
    groups = defaultdict(list)
    for person in people:
        groups[person.room_preference].append(person)
    return [
        [
            _csv_cell(person.person_name()),
            RoomPreference(preference).label if preference else "not given",
            _csv_cell(person.room_notes),
            f"{person.arrival_on:%a %-d %b}" if person.arrival_on else "",
            f"{person.departure_on:%a %-d %b}" if person.departure_on else "",
            person.nights if person.nights is not None else "",
        ]
        for preference in [*RoomPreference.values, ""]
        for person in groups.get(preference, [])
    ]


def venue_list_rows(event: Event, people: list[Registration]) -> list[list]:
    """The venue list's rows: numbers, food and access needs, and for residentials the nights
    and the room plan. Names only where the venue needs them; cells defused."""
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    rows = [
        [_csv_cell(event.title)],
        ["From", f"{starts:%A %-d %B %Y %H:%M}", "to", f"{ends:%A %-d %B %Y %H:%M}"],
        ["Venue", _csv_cell(event.venue_name), _csv_cell(" ".join(event.venue_address.split()))],
        [],
        ["Numbers"],
        ["People coming", len(people)],
        ["Places", event.capacity],
        ["On the waiting list", event.waitlisted_count],
        ["With food or drink needs", sum(bool(p.dietary_needs) for p in people)],
        ["With access needs", sum(bool(p.access_needs) for p in people)],
    ]
    if event.is_residential:
        rows += _nights_rows(people)
    rows += [[], ["Food and drink"]]
    rows += [
        [_csv_cell(p.person_name()), _csv_cell(p.dietary_needs)] for p in people if p.dietary_needs
    ]
    rows += [[], ["Access"]]
    rows += [
        [_csv_cell(p.person_name()), _csv_cell(p.access_needs)] for p in people if p.access_needs
    ]
    if event.is_residential:
        rows += [[], ["Room plan"], ["Name", "Room", "Sharing with", "Arrives", "Leaves", "Nights"]]
        rows += _room_plan_rows(people)
    return rows


class VenueListView(EventRecordMixin, View):
    """The list for the venue as a CSV file (audited)."""

    success_url_name = ""

    def get(self, request, *args, **kwargs):
        event = self.get_object()
        people = list(
            Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
            .select_related("user", "user__parent")
            .order_by("pk")
        )
        record(
            "events.registration_list.exported", event, by=request.user, data={"rows": len(people)}
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="venue-list-event-{event.pk}.csv"'
        response["Cache-Control"] = "private, no-store"
        csv.writer(response).writerows(venue_list_rows(event, people))
        return response


# -- the listing and the event forms --------------------------------------------------------------


class EventIndexView(StaffIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_places_taken()


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


class EventCopyView(EventCreateView, CopyView):
    """A new event from an existing one's details: created and audited like any other."""


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
            instance = services.update_event(instance, by=self.request.user, changed=changed)
        return instance


def _booking_summary(event) -> str:
    return f"{event.places_taken} of {event.capacity} booked, {event.waitlisted_count} waiting"


class EventViewSet(StaffViewSet):
    """Create, edit and find events; each event's page is its registrations desk, with
    publishing, cancelling, attendance, travel approval and the venue list."""

    model = Event
    roles = (Role.PARTICIPATION_MANAGER,)
    allowed_actions = frozenset({"view", "add", "change", "delete"})
    copy_view_enabled = True
    icon = "date"
    menu_label = "Events"
    menu_order = 300
    add_to_admin_menu = True
    url_prefix = "events/events"
    index_view_class = EventIndexView
    add_view_class = EventCreateView
    copy_view_class = EventCopyView
    edit_view_class = EventEditView
    delete_view_class = EventDeleteView
    record_view_class = RegistrationsDeskView
    actions = (
        action("<id:pk>/publish/", PublishEventView, "publish"),
        action("<id:pk>/cancel/", CancelEventView, "cancel"),
        action("<id:pk>/attendance/", AttendanceView, "attendance"),
        action("<id:pk>/venue-list.csv", VenueListView, "venue_list"),
        action("<id:pk>/approve-travel/<id:registration>/", ApproveTravelView, "approve_travel"),
    )
    list_display = [
        "title",
        "starts_at",
        "region",
        "kind",
        "audience",
        "status",
        Column("published_at", label="Published"),
        Column("bookings", label="Registrations", accessor=_booking_summary),
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
