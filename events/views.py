"""Portal pages for people who come to events, the public events page and the calendar files."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pace_site.access import public, signed_in
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.submissions.services import DuplicateSubmission, was_used

from . import services
from .calendar import (
    build_calendar,
    cached_calendar,
    event_item,
    fingerprint,
    personal_items,
    public_event_item,
)
from .forms import FeedbackForm, RegistrationForm
from .models import Event, Feedback, Registration, RegistrationStatus

FEED_NAME = "Pace"
EXPIRED = gettext_lazy("This form has expired. Please try again.")


def _own_registration(user, event) -> Registration | None:
    return (
        Registration.objects.for_user(user)
        .filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


@signed_in
def event_list(request):
    """Upcoming events meant for this person, with their own place on each; their past events."""
    # Queries: session, user, groups, events page (count + rows), own registrations on the page,
    # past registrations with events and feedback, calendar feed.
    now = timezone.now()
    events = Event.objects.for_person(request.user).upcoming(now).order_by("starts_at", "pk")
    page = Paginator(events, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    mine = {
        r.event_id: r
        for r in Registration.objects.for_user(request.user)
        .filter(event__in=[e.pk for e in page.object_list])
        .exclude(status=RegistrationStatus.CANCELLED)
    }
    for event in page.object_list:
        event.mine = mine.get(event.pk)
        if event.mine is not None:
            event.mine.event = event
    past = (
        Registration.objects.for_user(request.user)
        .filter(
            event__ends_at__lt=now,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED],
        )
        .select_related("event", "feedback")
        .order_by("-event__starts_at")[:10]
    )
    feed = services.calendar_feed_for(request.user)
    return render(
        request,
        "events/portal/event_list.html",
        {
            "page": page,
            "past": past,
            "feed_url": _feed_url(request, feed.token),
            "webcal_url": "webcal://" + _feed_url(request, feed.token).split("://", 1)[1],
        },
    )


def _feed_url(request, token: str) -> str:
    from django.urls import reverse

    return request.build_absolute_uri(reverse("events:feed", kwargs={"token": token}))


@signed_in
def event_detail(request, pk):
    """One event; the venue only with a confirmed place. Registering posts here."""
    event = get_object_or_404(Event.objects.for_person(request.user), pk=pk)
    registration = _own_registration(request.user, event)
    if registration is not None:
        registration.event = event
    form = None
    if registration is not None and request.method == "POST":
        # The booking form again (a second click, the browser resending): answer as the first
        # time if that is what it is, without booking anything more.
        again = RegistrationForm(request.POST, event=event)
        if again.is_valid() and was_used(again.cleaned_data["submission_key"]):
            _tell_booked(request, registration)
            return redirect("events:detail", pk=event.pk)
    if registration is None and event.registration_is_open():
        form = RegistrationForm(
            request.POST if request.method == "POST" else None, event=event, label_suffix=""
        )
        if request.method == "POST" and form.is_valid():
            booked = _book(request, event, form)
            if booked:
                return redirect("events:detail", pk=event.pk)
    elif request.method == "POST":
        if registration is not None:
            messages.info(request, _("You are already registered for this event."))
        else:
            messages.error(request, _("Registration for this event is not open."))
        return redirect("events:detail", pk=event.pk)
    ended = event.has_ended()
    return render(
        request,
        "events/portal/event_detail.html",
        {
            "event": event,
            "ended": ended,
            "registration": registration,
            "position": registration and not ended and services.waitlist_position(registration),
            "show_venue": registration is not None and registration.holds_place,
            # Each day in order, and each day's sessions by time.
            "agenda": event.agenda_items.order_by("day", "starts_at", "sort_order"),
            "ask_feedback": registration is not None
            and registration.may_give_feedback
            and not Feedback.objects.filter(registration=registration).exists(),
            "form": form,
        },
    )


def _book(request, event, form) -> Registration | None:
    """Book the place; a refusal (closed meanwhile, already booked) goes onto the form. The
    same form sent twice at once books once, and both get the first answer."""
    try:
        registration = services.register(
            event,
            user=request.user,
            needs=form.needs(),
            submission_key=form.cleaned_data["submission_key"],
        )
    except services.EventError as error:
        form.add_error(None, str(error))
        return None
    except DuplicateSubmission:
        registration = _own_registration(request.user, event)
        if registration is None:  # booked and given up meanwhile
            return None
    _tell_booked(request, registration)
    return registration


def _tell_booked(request, registration) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You have a place. We look forward to seeing you."))
    else:
        messages.info(
            request,
            _(
                "The event is full, so you are on the waiting list. "
                "We will tell you as soon as a place is free."
            ),
        )


@signed_in
def cancel(request, pk):
    """Give up one's own place or leave the waiting list (asks first)."""
    event = get_object_or_404(Event.objects.for_person(request.user), pk=pk)
    registration = _own_registration(request.user, event)
    if request.method == "POST":
        form = OnceOnlyForm(request.POST)
        if not form.is_valid():
            messages.error(request, EXPIRED)
            return redirect("events:detail", pk=event.pk)
        # A second click finds the booking cancelled already: that is done, not an error.
        registration = registration or _last_registration(request.user, event)
        if registration is None:
            messages.info(request, _("You are not registered for this event."))
            return redirect("events:detail", pk=event.pk)
        try:
            services.cancel_registration(
                registration,
                by=request.user,
                submission_key=form.cleaned_data["submission_key"],
            )
        except services.EventError as error:
            messages.error(request, str(error))
        except DuplicateSubmission:
            messages.success(request, NO_LONGER_BOOKED)
        else:
            messages.success(request, NO_LONGER_BOOKED)
        return redirect("events:detail", pk=event.pk)
    if registration is None:
        messages.info(request, _("You are not registered for this event."))
        return redirect("events:detail", pk=event.pk)
    return render(
        request, "events/portal/cancel.html", {"event": event, "registration": registration}
    )


NO_LONGER_BOOKED = gettext_lazy("Done. You are no longer booked. Thank you for letting us know.")


def _last_registration(user, event) -> Registration | None:
    return Registration.objects.for_user(user).filter(event=event).order_by("-pk").first()


@signed_in
def event_ics(request, pk):
    """This event as a calendar file for the person (venue only with a confirmed place)."""
    event = get_object_or_404(Event.objects.for_person(request.user), pk=pk)
    registration = _own_registration(request.user, event)
    show_venue = registration is not None and registration.holds_place
    return _ics_response(build_calendar([event_item(event, show_venue=show_venue)]), event)


@public
def public_event_ics(request, pk):
    """A public event as a calendar file, without the venue."""
    event = get_object_or_404(Event.objects.public(), pk=pk)
    return _ics_response(build_calendar([public_event_item(event)]), event)


def _ics_response(body: bytes, event=None, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = filename or f"pace-event-{event.pk}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@public
@never_cache
def feed(request, token):
    """The person's calendar subscription. The token is the credential: compared safely,
    never logged; an unknown or replaced token is a 404."""
    user = services.feed_owner(token)
    if user is None:
        response = HttpResponseNotFound(b"Not found", content_type="text/plain")
        # The path holds the token: keep it out of Django's "Not Found: <path>" log line.
        response._has_been_logged = True
        return response
    items = personal_items(user)
    etag = f'"{fingerprint(items, name=FEED_NAME)}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    body = cached_calendar(items, name=FEED_NAME, key=etag.strip('"'))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Content-Disposition"] = 'inline; filename="pace.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@signed_in
@require_POST
def replace_calendar_link(request):
    """Make a new calendar address; the old one stops working. A second click makes no other."""
    form = OnceOnlyForm(request.POST)
    if not form.is_valid():
        messages.error(request, EXPIRED)
        return redirect("events:list")
    with contextlib.suppress(DuplicateSubmission):  # made by the first click: the same answer
        services.replace_calendar_token(
            request.user, by=request.user, submission_key=form.cleaned_data["submission_key"]
        )
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old one no longer works: "
            "add the new one to your calendar app."
        ),
    )
    return redirect("events:list")


@signed_in
def feedback(request, pk):
    """A short form for someone who came to the event, once."""
    event = get_object_or_404(Event.objects.for_person(request.user), pk=pk)
    registration = (
        Registration.objects.for_user(request.user)
        .filter(event=event, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED])
        .first()
    )
    if registration is None:
        raise Http404
    form = FeedbackForm(request.POST if request.method == "POST" else None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(
                registration,
                answers=form.answers(),
                by=request.user,
                submission_key=form.cleaned_data["submission_key"],
            )
        except services.EventError as error:
            if Feedback.objects.filter(registration=registration).exists():
                messages.info(request, str(error))
                return redirect("events:list")
            form.add_error(None, str(error))
        except DuplicateSubmission:  # the same answers again: taken once, thanked the same
            messages.success(request, THANKS_FOR_FEEDBACK)
            return redirect("events:list")
        else:
            messages.success(request, THANKS_FOR_FEEDBACK)
            return redirect("events:list")
    elif Feedback.objects.filter(registration=registration).exists():
        messages.info(request, _("Thank you, we already have your feedback for this event."))
        return redirect("events:list")
    return render(request, "events/portal/feedback.html", {"event": event, "form": form})


THANKS_FOR_FEEDBACK = gettext_lazy("Thank you. Your answers help us plan the next one.")


@public
def public_events(request):
    """Public events (training open to professionals and the like), without private details."""
    # Queries: events page (count + rows). No venue, no numbers.
    events = (
        Event.objects.public()
        .upcoming()
        .only("pk", "title", "kind", "description", "region", "starts_at", "ends_at")
        .order_by("starts_at", "pk")
    )
    page = Paginator(events, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/public/event_list.html", {"page": page})
