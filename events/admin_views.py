"""Staff screens in the Wagtail admin: registrations, travel approval, venue list, attendance,
cancellation and feedback. Participation managers (and Administrators) only."""

import csv
from collections import Counter, defaultdict
from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.audit.services import record, record_view
from pace_site.spreadsheets import safe_cell
from pace_site.submissions.services import DuplicateSubmission

from . import services
from .forms import OnceOnlyForm, TravelApprovalForm
from .models import (
    Answer,
    Event,
    Feedback,
    Registration,
    RegistrationStatus,
    RoomPreference,
)

STAFF = (Role.PARTICIPATION_MANAGER,)
EXPIRED = "This form has expired. Please try again."


def _event(pk) -> Event:
    return get_object_or_404(Event.objects.with_counts(), pk=pk)


def feedback_summary(event: Event) -> dict:
    """Counts of each answer (one query for the counts, one for the comments)."""
    questions = [
        ("felt_less_alone", "Feel less alone"),
        ("met_someone_who_understands", "Met someone who understands"),
        ("more_confident", "Feel more confident"),
    ]
    aggregates = {}
    for field, _label in questions:
        for answer in Answer.values:
            aggregates[f"{field}__{answer}"] = Count("pk", filter=Q(**{field: answer}))
    feedback = Feedback.objects.filter(registration__event=event)
    counts = feedback.aggregate(total=Count("pk"), **aggregates)
    total = counts.pop("total")
    rows = []
    for field, label in questions:
        answers = [
            {
                "label": Answer(answer).label,
                "count": counts[f"{field}__{answer}"],
                "percent": round(100 * counts[f"{field}__{answer}"] / total) if total else 0,
            }
            for answer in Answer.values
        ]
        rows.append({"label": label, "answers": answers})
    comments = [
        text for text in feedback.values_list("anything_to_change", flat=True) if text.strip()
    ]
    return {"total": total, "rows": rows, "comments": comments}


@roles(*STAFF)
def registrations(request, pk):
    """Everyone registered for one event, with counts, needs and travel support."""
    # Queries: session, user, groups, event with counts, registrations with people,
    # feedback counts, feedback comments, audit entry (+ content type, cached after the first).
    event = _event(pk)
    rows = list(Registration.objects.filter(event=event).for_staff_list())
    record_view(request, "events.registration_list.viewed", event)
    travel_asked = sum(
        (r.travel_support_requested or 0) for r in rows if r.status != RegistrationStatus.CANCELLED
    )
    travel_approved = sum(
        (r.travel_support_approved or 0) for r in rows if r.status != RegistrationStatus.CANCELLED
    )
    position = 0
    for row in rows:
        if row.status == RegistrationStatus.WAITLISTED:
            position += 1
            row.position = position
    return render(
        request,
        "events/admin/registrations.html",
        {
            "event": event,
            "rows": rows,
            "travel_asked": travel_asked,
            "travel_approved": travel_approved,
            "feedback": feedback_summary(event) if event.has_ended() else None,
            "approval_form": TravelApprovalForm(),
        },
    )


@roles(*STAFF)
@require_POST
def publish(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = OnceOnlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, EXPIRED)
        return redirect("events_admin:registrations", pk=pk)
    try:
        services.publish_event(
            event=event, by=request.user, submission_key=form.cleaned_data["submission_key"]
        )
    except services.EventError as error:
        messages.error(request, str(error))
    except DuplicateSubmission:  # a second click: published once, the same answer
        messages.success(request, "Published. The people it is for have been told.")
    else:
        messages.success(request, "Published. The people it is for have been told.")
    return redirect("events_admin:registrations", pk=pk)


@roles(*STAFF)
def cancel_event(request, pk):
    """Asks first; then everyone registered is told and calendars show it as cancelled."""
    event = _event(pk)
    if request.method == "POST":
        form = OnceOnlyForm(request.POST)
        if not form.is_valid():
            messages.error(request, EXPIRED)
            return redirect("events_admin:registrations", pk=pk)
        try:
            services.cancel_event(
                event=event, by=request.user, submission_key=form.cleaned_data["submission_key"]
            )
        except services.EventError as error:
            messages.error(request, str(error))
        except DuplicateSubmission:  # a second click: cancelled once, the same answer
            messages.success(request, "The event is cancelled. Everyone registered has been told.")
        else:
            messages.success(request, "The event is cancelled. Everyone registered has been told.")
        return redirect("events_admin:registrations", pk=pk)
    return render(request, "events/admin/cancel_event.html", {"event": event})


@roles(*STAFF)
@require_POST
def approve_travel(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    form = TravelApprovalForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errors in form.errors.values() for e in errors)
        messages.error(request, f"Travel support not approved: {errors}")
    else:
        try:
            services.approve_travel(
                registration=registration,
                amount=form.cleaned_data["amount"],
                by=request.user,
                submission_key=form.cleaned_data["submission_key"],
            )
        except services.EventError as error:
            messages.error(request, str(error))
        except DuplicateSubmission:  # a second click: approved once, the same answer
            messages.success(
                request,
                f"Approved £{form.cleaned_data['amount']} for {registration.person_name()}.",
            )
        else:
            messages.success(
                request,
                f"Approved £{form.cleaned_data['amount']} for {registration.person_name()}.",
            )
    return redirect("events_admin:registrations", pk=registration.event_id)


@roles(*STAFF)
def attendance(request, pk):
    """A phone-sized list for the day: tap Here or Not here for each person with a place."""
    event = _event(pk)
    if request.method == "POST":
        raw = request.POST.get("registration", "")
        registration = (
            Registration.objects.filter(event=event, pk=int(raw)).first()
            if raw.isdigit() and len(raw) < 12
            else None
        )
        form = OnceOnlyForm(request.POST)
        if registration is None:
            messages.error(request, "Choose a person to mark.")
        elif not form.is_valid():
            messages.error(request, EXPIRED)
        else:
            try:
                services.mark_attendance(
                    registration=registration,
                    attended=request.POST.get("attended") == "yes",
                    by=request.user,
                    submission_key=form.cleaned_data["submission_key"],
                )
            except services.EventError as error:
                messages.error(request, str(error))
            except DuplicateSubmission:
                pass  # marked by the first click; the page answers the same
        anchor = f"#person-{registration.pk}" if registration else ""
        return redirect(request.path + anchor)
    rows = (
        Registration.objects.filter(event=event)
        .holding_places()
        .select_related("user", "user__parent")
        .order_by("user__display_name", "pk")
    )
    rows = sorted(rows, key=lambda r: r.person_name().lower())
    record("events.attendance_list.viewed", event, by=request.user, data={"rows": len(rows)})
    return render(
        request,
        "events/admin/attendance.html",
        {
            "event": event,
            "rows": rows,
            "here": sum(r.status == RegistrationStatus.ATTENDED for r in rows),
        },
    )


def _safe(value) -> str:
    return safe_cell("" if value is None else str(value))


@roles(*STAFF)
def venue_list(request, pk):
    """The list for the venue: numbers, food and access needs, and for residentials the nights
    and the room plan. Names only where the venue needs them (rooms); audited."""
    event = _event(pk)
    people = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("user", "user__parent")
        .order_by("pk")
    )
    record(
        "events.registration_list.exported",
        event,
        by=request.user,
        data={"rows": len(people)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="venue-list-event-{event.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    writer.writerow([_safe(event.title)])
    writer.writerow(["From", f"{starts:%A %-d %B %Y %H:%M}", "to", f"{ends:%A %-d %B %Y %H:%M}"])
    writer.writerow(
        ["Venue", _safe(event.venue_name), _safe(" ".join(event.venue_address.split()))]
    )
    writer.writerow([])
    writer.writerow(["Numbers"])
    writer.writerow(["People coming", len(people)])
    writer.writerow(["Places", event.capacity])
    writer.writerow(["On the waiting list", event.waitlisted_count])
    writer.writerow(["With food or drink needs", sum(bool(p.dietary_needs) for p in people)])
    writer.writerow(["With access needs", sum(bool(p.access_needs) for p in people)])
    if event.is_residential:
        nights = Counter()
        for person in people:
            if person.arrival_on and person.departure_on:
                day = person.arrival_on
                while day < person.departure_on:
                    nights[day] += 1
                    day += timedelta(days=1)
        for night in sorted(nights):
            writer.writerow([f"Staying the night of {night:%A %-d %B}", nights[night]])
    writer.writerow([])
    writer.writerow(["Food and drink"])
    for person in people:
        if person.dietary_needs:
            writer.writerow([_safe(person.person_name()), _safe(person.dietary_needs)])
    writer.writerow([])
    writer.writerow(["Access"])
    for person in people:
        if person.access_needs:
            writer.writerow([_safe(person.person_name()), _safe(person.access_needs)])
    if event.is_residential:
        writer.writerow([])
        writer.writerow(["Room plan"])
        writer.writerow(["Name", "Room", "Sharing with", "Arrives", "Leaves", "Nights"])
        groups = defaultdict(list)
        for person in people:
            groups[person.room_preference].append(person)
        for preference in [*RoomPreference.values, ""]:
            for person in groups.get(preference, []):
                writer.writerow(
                    [
                        _safe(person.person_name()),
                        RoomPreference(preference).label if preference else "not given",
                        _safe(person.room_notes),
                        f"{person.arrival_on:%a %-d %b}" if person.arrival_on else "",
                        f"{person.departure_on:%a %-d %b}" if person.departure_on else "",
                        person.nights if person.nights is not None else "",
                    ]
                )
    return response
