"""Every route, every kind of person: who gets the page, who gets nothing.

The matrix below names every route of the project (the portal, the public site and our own
screens and listings under /admin/), with a real object behind it from a small world
(tests/access_world.py), and says who may see it. For each route and each person it asks
with GET and, for a route that acts, with POST too, and checks:

- the people allowed get the page with the object's own words in it (its *marker*);
- everyone else gets nothing: 403, 404, or a redirect to sign in (Wagtail's admin answers a
  refusal with a redirect to its dashboard), and the marker is nowhere in the answer;
- someone who holds the role but asks for another person's object gets a 404;
- a POST changes the data only for the people allowed to act, and changes nothing for anyone
  else (every table of the apps is compared before and after: a POST that wrote no row
  changed nothing; one that wrote rows is compared row by row with the world as it was made).

Staff sign in with a completed two-step sign-in. The world and the sign-ins are made once for
the module; each request runs in a savepoint that is rolled back, so every person meets the same
world. A route added without an entry here fails `test_every_route_is_in_the_matrix`; Wagtail's
and allauth's own routes are named in DELEGATED and checked only at the door.
"""

import contextlib
import dataclasses
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from pace_site.access import DELEGATED as DELEGATED_RULES
from pace_site.access import rule_of
from pace_site.accounts.roles import Role

from .access_world import (
    BEFRIENDERS,
    EVERYONE,
    PARENTS,
    PERSONA_NAMES,
    PERSONAS,
    PORTAL,
    SIGNED_IN,
    STAFF,
    build_world,
    sign_in_everyone,
)

# -- who -----------------------------------------------------------------------------------

PM = "participation_manager"
BC = "befriending_coordinator"
ADMIN = "administrator"
MANAGERS = frozenset({PM, ADMIN})
COORDINATORS = frozenset({BC, ADMIN})
NOBODY = frozenset()
SHARING_STAFF = frozenset({PM, BC, ADMIN})
PAYMENT_STAFF = frozenset({PM, "finance", ADMIN})

# -- the routes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """What one route gives each person.

    allow    who gets the page (status, with the marker in it when there is one)
    kwargs   the real object's URL arguments, from the world
    marker   words of that object that only the allowed may see
    page     who reaches the page but must not see the marker (their own, empty version)
    status   what the allowed get on GET (405 for a route that only takes POST)
    post     the form data of a route that acts; None for a route that only shows
    changes  who changes data with that POST (default: the allowed)
    override status for a person that is neither allowed nor refused (e.g. sent elsewhere)
    """

    allow: frozenset
    kwargs: Callable | None = None
    marker: Callable | str | None = None
    page: frozenset = NOBODY
    status: int = 200
    post: Callable | None = None
    changes: frozenset | None = None
    override: dict = field(default_factory=dict)
    query: str = ""

    def who_changes(self) -> frozenset:
        return self.allow if self.changes is None else self.changes


def key() -> str:
    return str(uuid.uuid4())


def pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def words(attr, name="title"):
    return lambda w: getattr(getattr(w, attr), name)


def today(days=0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def later(months: int, start_attr="match_a"):
    def make(w):
        from dateutil.relativedelta import relativedelta

        return (getattr(w, start_attr).started_on + relativedelta(months=months)).isoformat()

    return make


# Objects' words (their markers).
PARENT_A = words("parent_a", "preferred_name")
OFFERED = words("opportunity_offered")
SIGNED = words("opportunity_signed")
EVENT_A = words("event_parents")
BEFRIENDER_A = words("befriender_a", "name")
PARENT_A_ACCOUNT = lambda w: str(w.parent_a.user)  # noqa: E731


def own(attr):
    """kwargs for an admin view of one object, by pk."""
    return pk(attr)


# A generic ModelViewSet under /admin/<prefix>/: index, results, add, edit, delete, history,
# history-results, usage, copy, inspect. `rules` says who gets each view (absent: nobody).


def viewset(namespace, *, obj, marker, rules, add=None, edit=None, delete_obj=None):
    """Entries for a ModelViewSet's routes. `delete_obj` is a record nothing else points to
    (the delete view refuses records in use)."""
    entries = {}
    for view, allowed in rules.items():
        target = delete_obj if view == "delete" and delete_obj else obj
        kwargs = None if view in ("index", "index_results", "add") else pk(target)
        post = None
        if view == "add" and add is not None:
            post = add
        elif view == "edit" and edit is not None:
            post = edit
        elif view == "delete":
            post = lambda w: {}  # noqa: E731
        elif view == "copy" and add is not None:
            post = add
        shows_marker = view in ("index", "index_results", "edit", "inspect", "history") or (
            view == "delete" and not delete_obj
        )
        entries[f"{namespace}:{view}"] = Route(
            allow=allowed,
            kwargs=kwargs,
            marker=marker if shows_marker else None,
            post=post,
        )
    return entries


def closed_generic_views(namespace, obj, views=("add", "edit", "delete")):
    """Generic add/edit/delete views that nobody may use (changes go through the services)."""
    return {
        f"{namespace}:{view}": Route(
            allow=NOBODY,
            kwargs=None if view == "add" else pk(obj),
            post=lambda w: {},
        )
        for view in views
    }


MATRIX: dict[str, Route] = {
    # -- platform ------------------------------------------------------------------------
    "healthz": Route(allow=EVERYONE, marker='"status": "ok"'),
    "readyz": Route(allow=EVERYONE, marker='"database": "ok"'),
    # No worker or beat has been heard from in a test: the monitor asks for attention.
    "monitorz": Route(allow=EVERYONE, marker='"workers": "never seen"', status=503),
    "pace_site:portal_home": Route(
        # Parent A's name: on their own home page and on their befriender's match panel.
        allow=frozenset({"parent", "befriender"}),
        marker="Amaryllis",
        page=frozenset({"other_parent", "other_befriender", "applicant", ADMIN}),
    ),
    "pace_site:after_login": Route(allow=SIGNED_IN, status=302),
    # Anyone signed in moves their own two-step sign-in to a new phone. In the world only staff
    # have it on; the others are sent to set it up. The real move needs a code from the new
    # phone's key, kept in the session of the page that showed it: the matrix's POST (with wrong
    # codes) changes nothing for anyone (tests/platform/test_two_step_new_phone.py moves it).
    "pace_site:move_two_step": Route(
        allow=STAFF,
        marker="Move two-step sign-in to a new phone",
        post=lambda w: {"current_code": "000000", "code": "000000", "submission_key": key()},
        changes=NOBODY,
        override={persona: {"GET": 302, "POST": 302} for persona in PORTAL},
    ),
    # Exit this page's beacon: anyone may end their own session by POST (tested in
    # tests/platform/test_exit_this_page.py); a GET is refused (405).
    "pace_site:exit_this_page": Route(allow=EVERYONE, status=405),
    "accounts:accept_invitation": Route(
        allow=EVERYONE,
        kwargs=lambda w: {"token": w.invitation_token},
        marker=lambda w: w.invitation.email,
        post=lambda w: {
            "display_name": "Nasturtium",
            "password1": "a-long-new-password-91",
            "password2": "a-long-new-password-91",
            "submission_key": key(),
        },
    ),
    "invitations:invite": Route(
        allow=frozenset({PM, BC, ADMIN}),
        marker="E-mail address",
        # A parent's invitation: the coordinator invites volunteers only, so theirs does nothing.
        changes=frozenset({PM, ADMIN}),
        post=lambda w: {
            "email": "invitee-foxglove@example.org",
            "display_name": "Foxglove",
            "role": "Parent",
            "submission_key": key(),
        },
    ),
    "wagtailadmin_login": Route(allow=EVERYONE, status=302),
    "wagtailcore_login": Route(allow=EVERYONE, status=302),
    # -- messages and contact rules --------------------------------------------------------
    "notifications:inbox": Route(
        allow=frozenset({"parent"}),
        marker=words("message_a", "subject"),
        page=SIGNED_IN - {"parent"},
    ),
    "notifications:message": Route(
        allow=frozenset({"parent"}), kwargs=pk("message_a"), marker=words("message_a", "subject")
    ),
    "notifications:contact_rules": Route(
        allow=SIGNED_IN,
        marker="Quiet from",
        post=lambda w: {
            "email_allowed": "on",
            "discreet_mode": "on",
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "08:00",
            "submission_key": key(),
        },
    ),
    # -- participation: the parent's portal ------------------------------------------------
    "participation:opportunities": Route(
        allow=frozenset({"parent"}), marker=OFFERED, page=frozenset({"other_parent"})
    ),
    "participation:opportunity": Route(
        allow=frozenset({"parent"}),
        kwargs=pk("opportunity_offered"),
        marker=OFFERED,
        post=lambda w: {"way": "first_name", "submission_key": key()},
    ),
    "participation:withdraw_sign_up": Route(
        allow=frozenset({"parent"}),
        kwargs=pk("signup_a"),
        marker=SIGNED,
        post=lambda w: {"submission_key": key()},
    ),
    # Payments: each parent sees and chooses only their own (another's is a 404).
    "payments:mine": Route(
        allow=frozenset({"parent"}),
        marker="Saffron panel",
        page=frozenset({"other_parent", ADMIN}),  # their own (empty) list
    ),
    "payments:detail": Route(
        allow=frozenset({"parent"}),
        kwargs=pk("payment_a"),
        marker="Saffron panel",
        post=lambda w: {"method": "bank_transfer", "submission_key": key()},
    ),
    # Staff: managers and finance list and export; managers approve and cancel; finance marks
    # paid. The manager recorded the taking part, so their approval is refused (changes
    # nothing); the payment is not approved yet, so marking it paid is refused too.
    "payments_payments:index": Route(allow=PAYMENT_STAFF, marker="Saffron panel"),
    "payments_payments:index_results": Route(allow=PAYMENT_STAFF, marker="Saffron panel"),
    "payments_payments:approve": Route(
        allow=MANAGERS,
        kwargs=pk("payment_a"),
        marker="Saffron panel",
        post=lambda w: {"submission_key": key()},
        changes=frozenset({ADMIN}),
    ),
    "payments_payments:mark_paid": Route(
        allow=frozenset({"finance", ADMIN}),
        kwargs=pk("payment_a"),
        marker="Saffron panel",
        post=lambda w: {
            "paid_on": today(),
            "finance_reference": "BACS-1",
            "submission_key": key(),
        },
        changes=NOBODY,
    ),
    "payments_payments:cancel": Route(
        allow=MANAGERS,
        kwargs=pk("payment_a"),
        marker="Saffron panel",
        post=lambda w: {"reason": "Offered twice", "submission_key": key()},
    ),
    "participation:involvement": Route(
        allow=frozenset({"parent"}), marker=SIGNED, page=frozenset({"other_parent"})
    ),
    "participation:you_said_we_did": Route(
        allow=frozenset({"parent"}),
        marker="Guide Gardenia",
        page=frozenset({"other_parent"}),
    ),
    "participation:check_in": Route(
        allow=PARENTS,
        marker="How are you doing",
        post=lambda w: {"wellbeing": "4", "words": "Fine", "submission_key": key()},
    ),
    "participation:take_break": Route(
        allow=PARENTS,
        marker="Take a break",
        post=lambda w: {"action": "pause", "until": "", "submission_key": key()},
    ),
    "participation:interests": Route(
        allow=PARENTS,
        marker="Consultation",
        post=lambda w: {"interests": [], "submission_key": key()},
    ),
    "participation:private_dates": Route(
        allow=frozenset({"parent"}),
        marker="Anniversary Goldenrod",
        page=frozenset({"other_parent"}),
        post=lambda w: {"on": today(90), "note": "Another date", "submission_key": key()},
        changes=PARENTS,
    ),
    "participation:private_date_remove": Route(
        allow=PARENTS,
        status=405,
        post=lambda w: {"on": w.private_date_on.isoformat(), "submission_key": key()},
        changes=frozenset({"parent"}),
        override={ADMIN: {"GET": 405, "POST": 404}},
    ),
    "participation:consents": Route(
        allow=frozenset({"parent"}),
        marker="Photos at the Lilac day",
        page=frozenset({"other_parent"}),
        post=lambda w: {"purpose": "research", "detail": "A study", "submission_key": key()},
        changes=PARENTS,
    ),
    "participation:consent_renew": Route(
        allow=frozenset({"parent"}),
        kwargs=pk("consent_a"),
        status=405,
        post=lambda w: {"submission_key": key()},
    ),
    "participation:consent_withdraw": Route(
        allow=frozenset({"parent"}),
        kwargs=pk("consent_a"),
        marker="Photos at the Lilac day",
        post=lambda w: {"submission_key": key()},
    ),
    # -- information shared about a parent: only they (and staff, in the admin) see it ----------
    "privacy:shared": Route(
        allow=frozenset({"parent"}),
        marker="Juniper hearing",
        page=frozenset({"other_parent", ADMIN}),
    ),
    "privacy:ask_about_sharing": Route(
        allow=frozenset({"parent"}),
        kwargs=pk("sharing_a"),
        marker="Oakleaf Academy",
        post=lambda w: {"question": "Why was this shared?", "submission_key": key()},
    ),
    # -- befriending: the public form and the volunteer's portal ----------------------------
    "befriending:volunteer": Route(
        allow=EVERYONE,
        marker="Volunteer with us",
        post=lambda w: {
            "name": "Hollyhock Applicant",
            "email": "hollyhock@example.org",
            "phone": "",
            "region": "Leeds",
            "languages": "English",
            "gender": "not_said",
            "what_they_bring": "Time",
            "understands_checks": "on",
            "submission_key": key(),
        },
    ),
    "befriending:volunteer_thanks": Route(allow=EVERYONE, marker="Thank you"),
    "befriending:my_match": Route(
        allow=frozenset({"befriender"}),
        marker="Amaryllis",
        page=frozenset({"other_befriender", "applicant", ADMIN}),
    ),
    "befriending:withdraw_application": Route(
        allow=frozenset({"applicant"}),
        marker="Withdraw your application?",
        post=lambda w: {},
        # An active volunteer steps back through their coordinator: sent back to their page.
        override={"befriender": 302, "other_befriender": 302},
    ),
    "befriending:log_contact": Route(
        allow=BEFRIENDERS,
        marker="Log a contact",
        post=lambda w: {
            "happened_on": today(-1),
            "duration_minutes": "30",
            "method": "phone",
            "parent_mood": "well",
            "notes": "A call",
            "submission_key": key(),
        },
        override={ADMIN: 404},
    ),
    "befriending:contact_detail": Route(
        allow=frozenset({"befriender"}), kwargs=pk("contact_log_a"), marker="Ochre canal"
    ),
    "befriending:raise_concern": Route(
        allow=BEFRIENDERS,
        marker="Raise a concern",
        post=lambda w: {"urgency": "soon", "details": "Something", "submission_key": key()},
        override={ADMIN: 404},
    ),
    "befriending:concern_sent": Route(
        allow=BEFRIENDERS | {ADMIN}, marker="The befriending coordinator has been told"
    ),
    "befriending:my_record": Route(
        allow=frozenset({"befriender"}),
        marker="Certificate issued 17 March 2025",
        page=frozenset({"other_befriender"}),
        override={ADMIN: 404},
    ),
    "befriending:past_matches": Route(allow=BEFRIENDERS, marker="Past matches"),
    # -- data rights: a person's own information --------------------------------------------
    "privacy:my_data": Route(
        allow=frozenset({"parent"}),
        marker="Anniversary Goldenrod",
        page=PORTAL - {"parent"} | {ADMIN},
    ),
    "privacy:my_data_download": Route(
        allow=frozenset({"parent"}),
        kwargs=lambda w: {"fmt": "json"},
        marker="Anniversary Goldenrod",
        page=PORTAL - {"parent"} | {ADMIN},
    ),
    "privacy:ask_full_copy": Route(
        allow=PORTAL | {ADMIN},
        marker="Ask for a full copy",
        post=lambda w: {"submission_key": key()},
        # Parent B has asked already (their request is open): told so, nothing new.
        changes=PORTAL - {"other_parent"} | {ADMIN},
    ),
    "privacy:released_copy": Route(
        allow=frozenset({"parent"}), kwargs=pk("access_request_released"), marker="Amaryllis"
    ),
    "privacy:released_copy_download": Route(
        allow=frozenset({"parent"}),
        kwargs=lambda w: {"pk": w.access_request_released.pk, "fmt": "json"},
        marker="Amaryllis",
    ),
    # -- events ----------------------------------------------------------------------------
    "events:public_list": Route(allow=EVERYONE, marker=words("event_public")),
    "events:public_ics": Route(
        allow=EVERYONE, kwargs=pk("event_public"), marker=words("event_public")
    ),
    "events:list": Route(allow=PARENTS, marker=EVENT_A, page=SIGNED_IN - PARENTS),
    "events:replace_calendar": Route(
        allow=SIGNED_IN, status=405, post=lambda w: {"submission_key": key()}
    ),
    "events:detail": Route(
        allow=PARENTS,
        kwargs=pk("event_parents"),
        marker=EVENT_A,
        post=lambda w: {"submission_key": key(), "photo_consent": ""},
        changes=frozenset({"other_parent"}),  # parent A is booked already
    ),
    "events:cancel": Route(
        allow=frozenset({"parent"}),
        kwargs=pk("event_parents"),
        marker=EVENT_A,
        post=lambda w: {"submission_key": key()},
        override={"other_parent": 302},  # not booked: sent back to the event
    ),
    "events:ics": Route(allow=PARENTS, kwargs=pk("event_parents"), marker=EVENT_A),
    "events:feedback": Route(
        allow=frozenset({"parent"}),
        kwargs=pk("event_past"),
        marker=words("event_past"),
        post=lambda w: {
            "felt_less_alone": "yes",
            "met_someone_who_understands": "yes",
            "more_confident": "yes",
            "anything_to_change": "",
            "submission_key": key(),
        },
    ),
    "events:feed": Route(
        allow=EVERYONE, kwargs=lambda w: {"token": w.feed_a.token}, marker=EVENT_A
    ),
    # -- public site -----------------------------------------------------------------------
    "search:search": Route(allow=EVERYONE, marker="Search", query="?query=Aubergine"),
    "home:robots_txt": Route(allow=EVERYONE, marker="User-agent"),
    "home:sitemap": Route(allow=EVERYONE, marker="<urlset"),
    "home:news_rss": Route(allow=EVERYONE, marker="<rss"),
    "home:news_atom": Route(allow=EVERYONE, marker="<feed"),
    "home:stories_rss": Route(allow=EVERYONE, marker="<rss"),
    "home:serve_page": Route(allow=EVERYONE, kwargs=lambda w: [""], marker=words("home")),
    "wagtail_serve": Route(allow=EVERYONE, kwargs=lambda w: [""], marker=words("home")),
    "wagtaildocs_serve": Route(
        allow=EVERYONE,
        kwargs=lambda w: [w.document.pk, w.document.filename],
        marker="Quillwort leaflet text",
    ),
    "wagtaildocs_authenticate_with_password": Route(
        allow=EVERYONE,
        kwargs=lambda w: {"restriction_id": w.collection_restriction.pk},
        marker="password",
    ),
    "wagtailcore_authenticate_with_password": Route(
        allow=EVERYONE,
        kwargs=lambda w: {
            "page_view_restriction_id": w.page_restriction.pk,
            "page_id": w.restricted_page.pk,
        },
        marker="password",
    ),
    # -- participation: the manager's screens ----------------------------------------------
    "participation_parents:inspect": Route(allow=MANAGERS, kwargs=pk("parent_a"), marker=PARENT_A),
    "participation_parents:pause": Route(
        allow=MANAGERS,
        kwargs=pk("parent_a"),
        marker=PARENT_A,
        post=lambda w: {"until": today(30), "reason": "Rest", "submission_key": key()},
    ),
    "participation_parents:resume": Route(
        allow=MANAGERS,
        kwargs=pk("parent_c"),
        marker=words("parent_c", "preferred_name"),
        post=lambda w: {"submission_key": key()},
    ),
    "participation_parents:give_consent": Route(
        allow=MANAGERS,
        kwargs=pk("parent_a"),
        marker=PARENT_A,
        post=lambda w: {
            "purpose": "newsletter",
            "detail": "",
            "how": "phone",
            "submission_key": key(),
        },
    ),
    "participation_consents:withdraw": Route(
        allow=MANAGERS,
        kwargs=pk("consent_a"),
        marker=PARENT_A,
        post=lambda w: {"how": "phone", "submission_key": key()},
    ),
    "participation_parents:leave": Route(
        allow=MANAGERS,
        kwargs=pk("parent_a"),
        marker=PARENT_A,
        post=lambda w: {"submission_key": key()},
    ),
    "participation_parents:log_check_in": Route(
        allow=MANAGERS,
        kwargs=pk("parent_a"),
        marker=PARENT_A,
        post=lambda w: {
            "kind": "regular",
            "channel": "phone",
            "happened_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "wellbeing": "4",
            "notes": "",
            "next_due_on": today(28),
            "submission_key": key(),
        },
    ),
    "participation_check_ins:inspect": Route(
        allow=MANAGERS, kwargs=pk("check_in_a"), marker="Saffron hearing"
    ),
    "participation_check_ins:follow_up": Route(
        allow=MANAGERS,
        kwargs=pk("check_in_a"),
        status=405,
        post=lambda w: {"note": "Rang back", "submission_key": key()},
    ),
    "participation_pauses:inspect": Route(
        allow=MANAGERS, kwargs=pk("pause_c"), marker="Vermilion court date"
    ),
    "participation_opportunities:inspect": Route(
        allow=MANAGERS, kwargs=pk("opportunity_signed"), marker=SIGNED
    ),
    "participation_opportunities:set_status": Route(
        allow=MANAGERS,
        kwargs=pk("opportunity_signed"),
        status=405,
        post=lambda w: {"status": "closed", "submission_key": key()},
    ),
    "participation_opportunities:cancel": Route(
        allow=MANAGERS, kwargs=pk("opportunity_signed"), marker="This cannot be undone"
    ),
    "participation_opportunities:record_change": Route(
        allow=MANAGERS,
        kwargs=pk("opportunity_done"),
        marker="Consultation Foxglove",
        post=lambda w: {
            "kind": "policy",
            "title": "Policy Hollyhock",
            "description": "We changed how we ask parents.",
            "changed_on": today(),
            "sign_ups": [w.signup_done.pk],
            "submission_key": key(),
        },
    ),
    "participation_opportunities:publish": Route(
        allow=MANAGERS,
        kwargs=pk("opportunity_draft"),
        status=405,
        post=lambda w: {"submission_key": key()},
    ),
    "participation_opportunities:offer": Route(
        allow=MANAGERS,
        kwargs=pk("opportunity_offered"),
        status=405,
        post=lambda w: {"parent": w.parent_a.pk, "submission_key": key()},
    ),
    "participation_sign_ups:confirm": Route(
        allow=MANAGERS,
        kwargs=pk("signup_a"),
        marker=PARENT_A,
        post=lambda w: {"submission_key": key()},
    ),
    "participation_sign_ups:decide": Route(
        allow=MANAGERS,
        kwargs=pk("signup_a"),
        status=405,
        post=lambda w: {"decision": "waitlisted", "submission_key": key()},
    ),
    # -- befriending: the coordinator's screens --------------------------------------------
    "befriending_volunteers:inspect": Route(
        allow=COORDINATORS, kwargs=pk("befriender_a"), marker=BEFRIENDER_A
    ),
    "befriending_volunteers:move": Route(
        allow=COORDINATORS,
        kwargs=pk("befriender_a"),
        post=lambda w: {"to": "paused", "reason": "", "submission_key": key()},
    ),
    "befriending_volunteers:capacity": Route(
        allow=COORDINATORS,
        kwargs=pk("befriender_a"),
        post=lambda w: {"max_active_matches": "2", "submission_key": key()},
    ),
    "befriending_volunteers:dbs": Route(
        allow=COORDINATORS,
        kwargs=pk("befriender_a"),
        post=lambda w: {
            "certificate_number": "001234567890",
            "issued_on": today(-30),
            "submission_key": key(),
        },
    ),
    "befriending_volunteers:training": Route(
        allow=COORDINATORS,
        kwargs=pk("befriender_a"),
        post=lambda w: {
            "module": "safeguarding",
            "completed_on": today(-1),
            "submission_key": key(),
        },
    ),
    "befriending_volunteers:supervision": Route(
        allow=COORDINATORS,
        kwargs=pk("befriender_a"),
        post=lambda w: {"held_on": today(-1), "notes": "Fine", "submission_key": key()},
    ),
    "befriending_referrals:refer": Route(
        allow=COORDINATORS,
        marker="Refer a parent",
        post=lambda w: {
            "parent": w.parent_c.pk,
            "hopes": "Company",
            "preferred_gender": "any",
            "preferred_language": "",
            "region": "Leeds",
            "submission_key": key(),
        },
    ),
    "befriending_referrals:inspect": Route(
        allow=COORDINATORS, kwargs=pk("referral_d"), marker="Dandelion"
    ),
    "befriending_referrals:propose": Route(
        allow=COORDINATORS,
        kwargs=pk("referral_d"),
        status=405,
        post=lambda w: {"befriender": w.befriender_spare.pk, "submission_key": key()},
    ),
    "befriending_referrals:close": Route(
        allow=COORDINATORS,
        kwargs=pk("referral_d"),
        post=lambda w: {"submission_key": key()},
    ),
    "befriending_matches:inspect": Route(
        allow=COORDINATORS, kwargs=pk("match_a"), marker=BEFRIENDER_A
    ),
    "befriending_matches:introduce": Route(
        allow=COORDINATORS,
        kwargs=pk("match_proposed"),
        post=lambda w: {"introduction_on": today(-1), "submission_key": key()},
    ),
    "befriending_matches:start": Route(
        allow=COORDINATORS,
        kwargs=pk("match_proposed"),
        post=lambda w: {
            "started_on": today(),
            "planned_end_on": today(365),
            "how_often": "Weekly",
            "contact_method": "phone",
            "where": "",
            "submission_key": key(),
        },
    ),
    "befriending_matches:change_end": Route(
        allow=COORDINATORS,
        kwargs=pk("match_a"),
        post=lambda w: {"planned_end_on": later(9)(w), "submission_key": key()},
    ),
    "befriending_matches:arrangements": Route(
        allow=COORDINATORS,
        kwargs=pk("match_a"),
        post=lambda w: {
            "how_often": "Fortnightly",
            "contact_method": "phone",
            "where": "",
            "submission_key": key(),
        },
    ),
    "befriending_matches:end": Route(
        allow=COORDINATORS,
        kwargs=pk("match_a"),
        post=lambda w: {
            "ended_on": today(),
            "reason": "parent",
            "summary": "Ended well",
            "submission_key": key(),
        },
    ),
    "befriending_reviews:complete": Route(
        allow=COORDINATORS,
        kwargs=pk("review_a"),
        post=lambda w: {
            "completed_on": today(),
            "outcome": "continue",
            "next_steps": "",
            "submission_key": key(),
        },
    ),
    "befriending_contact_logs:inspect": Route(
        allow=COORDINATORS, kwargs=pk("contact_log_a"), marker="Ochre canal"
    ),
    "privacy_sharing:inspect": Route(
        allow=SHARING_STAFF, kwargs=pk("sharing_a"), marker="Wisteria note"
    ),
    "privacy_sharing:record": Route(
        allow=SHARING_STAFF,
        kwargs=lambda w: {"person": w.parent_a.user.pk},
        marker=PARENT_A_ACCOUNT,
        post=lambda w: {
            "partner_kind": "health",
            "partner_name": "Elm Surgery",
            "shared_on": today(),
            "what": "Her phone number",
            "why": "To book a visit",
            "basis": "legal_duty",
            "consent": "",
            "basis_other": "",
            "staff_note": "",
            "submission_key": key(),
        },
    ),
    "privacy_sharing:review": Route(
        allow=SHARING_STAFF,
        kwargs=pk("sharing_a"),
        marker="Review sharing without permission",
        post=lambda w: {"note": "Right to share", "submission_key": key()},
        # The coordinator recorded it: a second person reviews it.
        changes=MANAGERS,
    ),
    "befriending_concerns:inspect": Route(
        allow=COORDINATORS, kwargs=pk("concern_a"), marker="Cobalt car"
    ),
    "befriending_concerns:take_in_hand": Route(
        allow=COORDINATORS,
        kwargs=pk("concern_a"),
        post=lambda w: {"submission_key": key()},
    ),
    "befriending_concerns:close": Route(
        allow=COORDINATORS,
        kwargs=pk("concern_a"),
        post=lambda w: {"outcome": "Spoke to the police", "submission_key": key()},
    ),
    # -- events: the registrations desk (each event's record page) and its actions ------------
    "events_events:inspect": Route(allow=MANAGERS, kwargs=pk("event_parents"), marker="Amaryllis"),
    "events_events:publish": Route(
        allow=MANAGERS,
        kwargs=pk("event_draft"),
        status=405,
        post=lambda w: {"submission_key": key()},
    ),
    "events_events:cancel": Route(
        allow=MANAGERS,
        kwargs=pk("event_parents"),
        marker=EVENT_A,
        post=lambda w: {"submission_key": key()},
    ),
    "events_events:attendance": Route(
        allow=MANAGERS,
        kwargs=pk("event_parents"),
        marker="Amaryllis",
        post=lambda w: {
            "registration": w.registration_a.pk,
            "attended": "yes",
            "submission_key": key(),
        },
    ),
    "events_events:venue_list": Route(
        allow=MANAGERS, kwargs=pk("event_parents"), marker="No nuts Quokka"
    ),
    "events_events:approve_travel": Route(
        allow=MANAGERS,
        kwargs=lambda w: {"pk": w.event_parents.pk, "registration": w.registration_a.pk},
        status=405,
        post=lambda w: {"amount": "20.00", "submission_key": key()},
    ),
}

# -- our listings (Wagtail ModelViewSets) ----------------------------------------------------

MATRIX.update(
    viewset(
        "participation_parents",
        obj="parent_a",
        delete_obj="parent_e",
        marker=PARENT_A,
        rules={
            "index": MANAGERS,
            "index_results": MANAGERS,
            "add": MANAGERS,
            "edit": MANAGERS,
            "delete": frozenset({ADMIN}),
            "history": MANAGERS,
            "history_results": MANAGERS,
            "usage": MANAGERS,
        },
        add=lambda w: {
            "user": w.parent_user_free.pk,
            "preferred_name": "Sage New",
            "pseudonym": "",
            "region": "Leeds",
            "joined_on": today(),
            "check_in_every_weeks": "6",
        },
        edit=lambda w: {
            "user": w.parent_a.user.pk,
            "preferred_name": "Amaryllis Renamed",
            "pseudonym": "",
            "region": "Leeds",
            "joined_on": w.parent_a.joined_on.isoformat(),
            "check_in_every_weeks": "6",
        },
    )
)
MATRIX.update(
    viewset(
        "participation_opportunities",
        obj="opportunity_signed",
        delete_obj="opportunity_b",
        marker=SIGNED,
        rules={
            "index": MANAGERS,
            "index_results": MANAGERS,
            "add": MANAGERS,
            "edit": MANAGERS,
            "delete": frozenset({ADMIN}),
            "history": MANAGERS,
            "history_results": MANAGERS,
            "usage": MANAGERS,
            "copy": MANAGERS,
        },
        add=lambda w: {
            "title": "New opportunity",
            "activity_type": w.opportunity_signed.activity_type_id,
            "partner": "",
            "description": "About it",
            "respond_by": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%d %H:%M"),
            "places": "1",
            "expenses": "",
            "place": "",
        },
        edit=lambda w: {
            "title": "Renamed opportunity",
            "activity_type": w.opportunity_signed.activity_type_id,
            "partner": "",
            "description": "About it",
            "respond_by": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%d %H:%M"),
            "places": "3",
            "expenses": "",
            "place": "",
        },
    )
)
for _namespace, _obj, _marker in (
    ("participation_sign_ups", "signup_a", PARENT_A),
    ("participation_check_ins", "check_in_a", PARENT_A),
    ("participation_pauses", "pause_c", words("parent_c", "preferred_name")),
    ("participation_consents", "consent_a", PARENT_A),
):
    # Read-only listings: rows change only through the screens that call the services.
    MATRIX.update(
        viewset(
            _namespace,
            obj=_obj,
            marker=_marker,
            rules={"index": MANAGERS, "index_results": MANAGERS},
        )
    )
    MATRIX.update(
        closed_generic_views(
            _namespace, _obj, ("add", "edit", "delete", "history", "history_results", "usage")
        )
    )
MATRIX.update(
    viewset(
        "participation_activity_types",
        obj="activity_unused",
        marker="Fundraising",
        rules={
            "index": MANAGERS,
            "index_results": MANAGERS,
            "add": MANAGERS,
            "edit": MANAGERS,
            "delete": frozenset({ADMIN}),
            "history": MANAGERS,
            "history_results": MANAGERS,
            "usage": MANAGERS,
        },
        add=lambda w: {"name": "Panel", "description": "", "needs_readiness": ""},
        edit=lambda w: {"name": "Fundraising", "description": "Changed", "needs_readiness": ""},
    )
)
MATRIX.update(
    closed_generic_views(
        "payments_payments",
        "payment_a",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)
MATRIX.update(
    viewset(
        "participation_payment_rates",
        obj="rate_a",
        marker="Peer mentoring Marigold",
        rules={
            "index": MANAGERS,
            "index_results": MANAGERS,
            "add": MANAGERS,
            "edit": MANAGERS,
            "delete": frozenset({ADMIN}),
            "history": MANAGERS,
            "history_results": MANAGERS,
            "usage": MANAGERS,
        },
        add=lambda w: {
            "activity_type": str(w.rate_type.pk),
            "length": "full_day",
            "amount_pence": "15000",
            "effective_from": "2026-02-01",
        },
        edit=lambda w: {
            "activity_type": str(w.rate_type.pk),
            "length": "half_day",
            "amount_pence": "13000",
            "effective_from": "2026-01-01",
        },
    )
)
for _namespace, _obj, _marker in (
    ("befriending_concerns", "concern_a", BEFRIENDER_A),
    ("befriending_referrals", "referral_d", "Dandelion"),
    ("befriending_matches", "match_a", BEFRIENDER_A),
    ("befriending_reviews", "review_a", BEFRIENDER_A),
    ("befriending_volunteers", "befriender_a", BEFRIENDER_A),
    ("befriending_contact_logs", "contact_log_a", BEFRIENDER_A),
):
    MATRIX.update(
        viewset(
            _namespace,
            obj=_obj,
            marker=_marker,
            rules={"index": COORDINATORS, "index_results": COORDINATORS},
        )
    )
    MATRIX.update(
        closed_generic_views(
            _namespace, _obj, ("add", "edit", "delete", "history", "history_results", "usage")
        )
    )
MATRIX.update(
    viewset(
        "privacy_sharing",
        obj="sharing_a",
        marker="Oakleaf Academy",
        rules={"index": SHARING_STAFF, "index_results": SHARING_STAFF},
    )
)
MATRIX.update(
    closed_generic_views(
        "privacy_sharing",
        "sharing_a",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)
# -- the support line's tally: staff of both programmes record contacts and remove mistakes -------
MATRIX.update(
    {
        "support_line_contacts:record": Route(
            allow=SHARING_STAFF,
            marker="Record a support line contact",
            post=lambda w: {
                "happened_on": today(),
                "channel": "email",
                "caller": "professional",
                "concern": "not_sure",
                "minutes": "15",
                "region": "",
                "referred_to": "none",
                "submission_key": key(),
            },
        ),
        "support_line_contacts:remove": Route(
            allow=SHARING_STAFF,
            kwargs=pk("support_contact_a"),
            marker="Remove it",
            post=lambda w: {"submission_key": key()},
        ),
    }
)
MATRIX.update(
    viewset(
        "support_line_contacts",
        obj="support_contact_a",
        marker="Larkspur Vale",
        rules={"index": SHARING_STAFF, "index_results": SHARING_STAFF},
    )
)
MATRIX.update(
    closed_generic_views(
        "support_line_contacts",
        "support_contact_a",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)
# -- outcome questionnaires: the parent's own pages, and the staff's questionnaires, moments and
# answers to follow up ----------------------------------------------------------------------
QUESTIONNAIRE_STAFF = frozenset({PM, BC, ADMIN})
OUTCOMES_PAGE = frozenset({"other_parent", "befriender", "other_befriender", ADMIN})
MATRIX.update(
    {
        "outcomes:my_questions": Route(
            allow=frozenset({"parent"}), marker="Questionnaire Marigold", page=OUTCOMES_PAGE
        ),
        "outcomes:my_answers": Route(
            allow=frozenset({"parent"}), marker="Statement Calendula", page=OUTCOMES_PAGE
        ),
        "outcomes:questionnaire": Route(
            allow=frozenset({"parent"}),
            kwargs=pk("invitation_a"),
            marker="Statement Calendula",
            post=lambda w: {f"q{w.question.pk}": "4", "submission_key": key()},
        ),
        "outcomes:put_off": Route(
            allow=frozenset({"parent"}),
            kwargs=pk("invitation_a"),
            status=405,
            post=lambda w: {"submission_key": key()},
        ),
        "outcomes:thanks": Route(
            allow=frozenset({"parent"}),
            kwargs=pk("invitation_answered"),
            marker="Ask Pace to ring me",
            post=lambda w: {"submission_key": key()},
        ),
        "outcomes_follow_ups:done": Route(
            allow=MANAGERS,
            kwargs=pk("follow_up_a"),
            marker="Mark as done",
            post=lambda w: {"submission_key": key()},
        ),
    }
)
MATRIX.update(
    viewset(
        "outcomes_questionnaires",
        obj="questionnaire",
        marker="Questionnaire Marigold",
        rules={
            "index": QUESTIONNAIRE_STAFF,
            "index_results": QUESTIONNAIRE_STAFF,
            "add": QUESTIONNAIRE_STAFF,
            "edit": QUESTIONNAIRE_STAFF,
            "history": QUESTIONNAIRE_STAFF,
            "history_results": QUESTIONNAIRE_STAFF,
            "usage": QUESTIONNAIRE_STAFF,
        },
    )
)
MATRIX.update(closed_generic_views("outcomes_questionnaires", "questionnaire", ("delete",)))
MATRIX.update(
    viewset(
        "outcomes_moments",
        obj="moment",
        marker="Moment Snapdragon",
        rules={
            "index": QUESTIONNAIRE_STAFF,
            "index_results": QUESTIONNAIRE_STAFF,
            "edit": QUESTIONNAIRE_STAFF,
            "history": QUESTIONNAIRE_STAFF,
            "history_results": QUESTIONNAIRE_STAFF,
            "usage": QUESTIONNAIRE_STAFF,
        },
        edit=lambda w: {"is_on": "on", "questionnaire": w.questionnaire.pk},
    )
)
MATRIX.update(closed_generic_views("outcomes_moments", "moment", ("add", "delete")))
MATRIX.update(
    viewset(
        "outcomes_follow_ups",
        obj="follow_up_a",
        marker=lambda w: w.parent_a.user.display_name,
        rules={"index": MANAGERS, "index_results": MANAGERS},
    )
)
# Coordinators follow up volunteers' answers: they reach the listing, without a parent's.
for _view in ("index", "index_results"):
    MATRIX[f"outcomes_follow_ups:{_view}"] = dataclasses.replace(
        MATRIX[f"outcomes_follow_ups:{_view}"], page=frozenset({BC})
    )
MATRIX.update(
    closed_generic_views(
        "outcomes_follow_ups",
        "follow_up_a",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)
# -- the outcomes report: the page, its choices saved to run again, the saved definitions --------
MATRIX.update(
    {
        "outcomes_reports:run": Route(allow=QUESTIONNAIRE_STAFF, marker="About these figures"),
        "outcomes_reports:save": Route(
            allow=QUESTIONNAIRE_STAFF,
            marker="Save this report to run again",
            post=lambda w: {
                "name": "Report Lupin",
                "period": "last_quarter",
                "submission_key": key(),
            },
        ),
        "outcomes_reports:run_saved": Route(
            allow=QUESTIONNAIRE_STAFF, kwargs=pk("saved_report"), status=302
        ),
    }
)
MATRIX.update(
    viewset(
        "outcomes_reports",
        obj="saved_report",
        marker="Report Foxglove",
        rules={
            "index": QUESTIONNAIRE_STAFF,
            "index_results": QUESTIONNAIRE_STAFF,
        },
    )
)
# Definitions are only saved from the report page; their history needs a change permission
# nobody holds.
MATRIX.update(
    closed_generic_views(
        "outcomes_reports",
        "saved_report",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)
MATRIX.update(
    viewset(
        "events_events",
        obj="event_parents",
        delete_obj="event_draft",
        marker=EVENT_A,
        rules={
            "index": MANAGERS,
            "index_results": MANAGERS,
            "add": MANAGERS,
            "edit": MANAGERS,
            "delete": frozenset({ADMIN}),
            "history": MANAGERS,
            "history_results": MANAGERS,
            "usage": MANAGERS,
            "copy": MANAGERS,
        },
    )
)
MATRIX.update(
    viewset(
        "audit",
        obj="audit_entry",
        marker="timeline viewed",
        rules={
            "index": frozenset({ADMIN}),
            "index_results": frozenset({ADMIN}),
            "inspect": frozenset({ADMIN}),
        },
    )
)
# The audit trail is read-only, for Administrators too.
MATRIX.update(
    closed_generic_views(
        "audit",
        "audit_entry",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)
# Data rights: the breach log, for Administrators only.
MATRIX.update(
    viewset(
        "privacy_breaches",
        obj="breach",
        # The listing names a breach by its number; its page says what happened.
        marker=lambda w: str(w.breach),
        rules={
            "index": frozenset({ADMIN}),
            "index_results": frozenset({ADMIN}),
            "inspect": frozenset({ADMIN}),
        },
    )
)
MATRIX.update(
    closed_generic_views(
        "privacy_breaches",
        "breach",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)
# Data rights: one person's audit history, for Administrators only, read-only.
MATRIX.update(
    viewset(
        "privacy_audit_viewer",
        obj="audit_entry",
        marker="Choose a person to see who looked at or changed their records",
        rules={"index": frozenset({ADMIN}), "index_results": frozenset({ADMIN})},
    )
)
MATRIX.update(
    closed_generic_views(
        "privacy_audit_viewer",
        "audit_entry",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)
MATRIX.update(
    {
        "privacy_breaches:record": Route(
            allow=frozenset({ADMIN}),
            marker="Record a data breach",
            post=lambda w: {
                "what_happened": "A phone with messages was lost.",
                "discovered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "others_affected": "1",
                "data_kinds": ["contact"],
                "submission_key": key(),
            },
        ),
        "privacy_breaches:assess": Route(
            allow=frozenset({ADMIN}),
            kwargs=pk("breach"),
            post=lambda w: {
                "risk": "risk",
                "notes": "Addresses seen.",
                "must_report": "yes",
                "submission_key": key(),
            },
        ),
        "privacy_breaches:reported": Route(
            allow=frozenset({ADMIN}),
            kwargs=pk("breach_to_report"),
            post=lambda w: {
                "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "reference": "ICO-12",
                "submission_key": key(),
            },
        ),
        "privacy_breaches:people_told": Route(
            allow=frozenset({ADMIN}),
            kwargs=pk("breach"),
            post=lambda w: {
                "told_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "how": "phone",
                "submission_key": key(),
            },
        ),
        "privacy_breaches:close": Route(
            allow=frozenset({ADMIN}),
            kwargs=pk("breach_decided"),
            post=lambda w: {"submission_key": key()},
        ),
    }
)
MATRIX.update(
    viewset(
        "contact_rules",
        obj="contact_rules_a",
        marker="Amaryllis",
        rules={
            "index": frozenset({PM, BC, ADMIN}),
            "index_results": frozenset({PM, BC, ADMIN}),
            "edit": frozenset({PM, BC, ADMIN}),
            # Rows come with the person: nobody makes, copies or deletes one here.
            "add": NOBODY,
            "delete": NOBODY,
            "history": frozenset({PM, BC, ADMIN}),
            "history_results": frozenset({PM, BC, ADMIN}),
            "usage": frozenset({PM, BC, ADMIN}),
        },
        # The narrow change: more careful (e-mail off), with a reason.
        edit=lambda w: {
            "discreet_mode": "on",
            "quiet_hours_start": "21:00",
            "quiet_hours_end": "08:00",
            "reason": "She asked on the phone for no e-mails for now.",
        },
    )
)

# -- data rights: erasure and correction -------------------------------------------------------
_ASKERS = PORTAL | {ADMIN}
MATRIX.update(
    {
        # Parent A already has an open request: theirs is refused and changes nothing.
        "privacy:erasure": Route(
            allow=_ASKERS,
            post=lambda w: {"understood": "on", "submission_key": key()},
            changes=_ASKERS - {"parent"},
        ),
        "privacy:erasure_request": Route(
            allow=frozenset({"parent"}),
            kwargs=pk("erasure_a"),
            marker="3 February 2026",
            post=lambda w: {"submission_key": key()},
        ),
        "privacy:correction": Route(
            allow=frozenset({"parent"}),
            marker="Quinse",
            page=_ASKERS - {"parent"},
            post=lambda w: {"what_is_wrong": "My date of birth", "submission_key": key()},
            changes=_ASKERS,
        ),
        "privacy_erasure_requests:record": Route(
            allow=frozenset({PM, BC, ADMIN}),
            marker="Record the request",
            post=lambda w: {
                "person": w.parent_b.user.pk,
                "how": "phone",
                "received_on": today(),
                "submission_key": key(),
            },
        ),
        "privacy_erasure_requests:record_for": Route(
            allow=frozenset({PM, BC, ADMIN}),
            kwargs=lambda w: {"model": "befriending.Befriender", "pk": w.befriender_unlinked.pk},
            marker="Mallow Unlinked",
            post=lambda w: {"how": "letter", "received_on": today(), "submission_key": key()},
        ),
        "privacy_erasure_requests:propose": Route(
            allow=frozenset({PM, BC, ADMIN}),
            kwargs=pk("erasure_a"),
            marker="Amaryllis",
            post=lambda w: {"submission_key": key()},
        ),
        "privacy_erasure_requests:approve": Route(
            allow=frozenset({ADMIN}),
            kwargs=pk("erasure_proposed"),
            marker="Eglantine",
            post=lambda w: {"submission_key": key()},
        ),
        "privacy_erasure_requests:refuse": Route(
            allow=frozenset({PM, BC, ADMIN}),
            kwargs=pk("erasure_a"),
            post=lambda w: {"reason": "We must keep it for now.", "submission_key": key()},
        ),
        "privacy_erasure_requests:withdraw": Route(
            allow=frozenset({PM, BC, ADMIN}),
            kwargs=pk("erasure_a"),
            post=lambda w: {"submission_key": key()},
        ),
        "privacy_corrections:record": Route(
            allow=frozenset({PM, BC, ADMIN}),
            marker="Record the request",
            post=lambda w: {
                "person": w.parent_b.user.pk,
                "how": "letter",
                "received_on": today(),
                "what_is_wrong": "Their region",
                "submission_key": key(),
            },
        ),
        "privacy_corrections:answer": Route(
            allow=frozenset({PM, BC, ADMIN}),
            kwargs=pk("correction_a"),
            post=lambda w: {"corrected": "yes", "reply": "Put right.", "submission_key": key()},
        ),
    }
)
for _namespace, _obj, _marker in (
    ("privacy_erasure_requests", "erasure_a", "Amaryllis"),
    ("privacy_corrections", "correction_a", "Amaryllis"),
):
    MATRIX.update(
        viewset(
            _namespace,
            obj=_obj,
            marker=_marker,
            rules={
                "index": frozenset({PM, BC, ADMIN}),
                "index_results": frozenset({PM, BC, ADMIN}),
                "inspect": frozenset({PM, BC, ADMIN}),
            },
        )
    )
    MATRIX.update(
        closed_generic_views(
            _namespace, _obj, ("add", "edit", "delete", "history", "history_results", "usage")
        )
    )


# -- data rights: subject access requests (seen and opened by managers and coordinators;
# reviewed, released and downloaded by Administrators only) ----------------------------------
SAR_STAFF = frozenset({PM, BC, ADMIN})
MATRIX.update(
    {
        "privacy_access_requests:index": Route(allow=SAR_STAFF, marker="Bramble"),
        "privacy_access_requests:index_results": Route(allow=SAR_STAFF, marker="Bramble"),
        "privacy_access_requests:inspect": Route(
            allow=SAR_STAFF, kwargs=pk("access_request_open"), marker="Bramble"
        ),
        "privacy_access_requests:open": Route(
            allow=SAR_STAFF,
            marker="Open a subject access request",
            post=lambda w: {
                "person": w.parent_e.user.pk,
                "received_on": today(-1),
                "received_how": "letter",
                "submission_key": key(),
            },
        ),
        "privacy_access_requests:identity": Route(
            allow=SAR_STAFF,
            kwargs=pk("access_request_open"),
            marker="Record the identity check",
            post=lambda w: {"how": "called_back", "submission_key": key()},
        ),
        "privacy_access_requests:extend": Route(
            allow=SAR_STAFF,
            kwargs=pk("access_request_open"),
            marker="Extend a complex request",
            post=lambda w: {"months": "1", "reason": "Many records", "submission_key": key()},
        ),
        "privacy_access_requests:withdraw": Route(
            allow=SAR_STAFF,
            kwargs=pk("access_request_open"),
            marker="Mark the request withdrawn",
            post=lambda w: {"submission_key": key()},
        ),
        "privacy_access_requests:review": Route(
            allow=frozenset({ADMIN}),
            kwargs=pk("access_request_open"),
            marker="Review the copy",
            post=lambda w: {"submission_key": key()},
        ),
        "privacy_access_requests:release": Route(
            allow=frozenset({ADMIN}),
            kwargs=pk("access_request_reviewed"),
            marker="Release the copy",
            post=lambda w: {"how": "email", "submission_key": key()},
        ),
        "privacy_access_requests:download_copy": Route(
            allow=frozenset({ADMIN}),
            kwargs=lambda w: {"pk": w.access_request_reviewed.pk, "fmt": "json"},
            marker="Dandelion",
        ),
    }
)
MATRIX.update(
    closed_generic_views(
        "privacy_access_requests",
        "access_request_open",
        ("add", "edit", "delete", "history", "history_results", "usage"),
    )
)

# -- delegated: Wagtail's and allauth's own routes -------------------------------------------
# They enforce their own access (Wagtail's permissions, allauth's flows); the whole /admin/
# tree is closed to everyone but staff with two-step sign-in (StaffAdminMiddleware), which
# test_delegated_admin_routes_are_closed_to_everyone_but_staff checks for each of them.
# Listed by route, so a new library route, or one of ours, shows up as missing.

WAGTAIL_CORE_PREFIXES = (
    "admin/api/",
    "admin/pages/",
    "admin/choose-",
    "admin/tag-autocomplete/",
    "admin/collections/",
    "admin/workflows/",
    "admin/reports/",
    "admin/editing-sessions/",
    "admin/forms/",
    "admin/redirects/",
    "admin/settings/",
    "admin/searchpicks/",
    "admin/embeds/",
    "admin/snippets/",
    "admin/documents/",
    "admin/images/",
    "admin/sites/",
    "admin/users/",
    "admin/groups/",
    "admin/password_reset/",
)
WAGTAIL_CORE_ROUTES = {
    "admin/",
    "admin/test404/",
    "admin/failwhale/",
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
    "admin/account/",
    "admin/logout/",
    "admin/dismissibles/",
    "admin/block-preview/",
    "admin/sprite/",
    "admin/jsi18n/",
    "admin/^.*/$",
}
ALLAUTH_PREFIX = "accounts/"


def is_delegated(route: str) -> bool:
    if route.startswith(ALLAUTH_PREFIX):
        return True
    return route in WAGTAIL_CORE_ROUTES or route.startswith(WAGTAIL_CORE_PREFIXES)


# -- walking the URL configuration ----------------------------------------------------------


def walk(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def first_routes() -> dict[str, tuple[str, URLPattern]]:
    """url name -> (route, pattern), for the pattern that wins (the first of a name)."""
    found = {}
    for route, name, entry in walk():
        if name and name not in found:
            found[name] = (route, entry)
    return found


def test_every_route_is_in_the_matrix():
    routed = list(walk())
    names = {name for _route, name, _entry in routed}
    missing = sorted(
        f"{route} ({name})"
        for route, name, _entry in routed
        if name not in MATRIX and not is_delegated(route)
    )
    assert missing == [], f"Routes with no entry in the access matrix: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert stale == [], f"Matrix entries for routes that no longer exist: {stale}"


def test_every_own_view_declares_who_may_use_it():
    """Our views (outside the ViewSets, whose Wagtail views check model permissions) carry
    exactly one rule from pace_site.access."""
    own_modules = ("pace_site.", "participation.", "befriending.", "events.", "home.", "search.")
    missing = sorted(
        route
        for route, _name, entry in walk()
        if not is_delegated(route)
        and getattr(entry.callback, "__module__", "").startswith(own_modules)
        and not getattr(entry.callback, "view_class", None)
        and rule_of(entry.callback) is None
    )
    assert missing == [], f"Views with no access rule: {missing}"


def test_delegated_trees_are_declared():
    assert set(DELEGATED_RULES) == {"accounts/", "admin/"}


# -- the world, made once ------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        sign_in_everyone(w, Client)
        w.fingerprint = fingerprint()
        yield w
        transaction.set_rollback(True)


APP_LABELS_NOT_COMPARED = {"audit", "sessions", "admin", "contenttypes"}
_compared: list[str] = []
_fingerprint_sql: list[str] = []


def compared_tables() -> list[str]:
    """Every table of the product and its libraries (audit entries and sessions aside)."""
    if not _compared:
        _compared.extend(
            sorted(
                {
                    model._meta.db_table
                    for config in apps.get_app_configs()
                    if config.label not in APP_LABELS_NOT_COMPARED
                    for model in config.get_models(include_auto_created=True)
                    if not model._meta.proxy and model._meta.managed
                }
            )
        )
    return _compared


def fingerprint() -> str:
    """One digest of every row of every compared table."""
    if not _fingerprint_sql:
        quote = connection.ops.quote_name
        digest = "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t)"
        parts = [digest.format(quote(table)) for table in compared_tables()]
        _fingerprint_sql.append("SELECT " + ", ".join(parts))
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql[0])
        row = cursor.fetchone()
    return hashlib.sha256("".join(row).encode()).hexdigest()


def rows_written() -> int:
    """Rows inserted, updated or deleted in the compared tables so far in this transaction,
    savepoints that are still open included (PostgreSQL's own count)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_xact_user_tables WHERE relname = ANY(%s)",
            [compared_tables()],
        )
        return int(cursor.fetchone()[0])


@contextlib.contextmanager
def changes_seen(w, *, compare: bool = True):
    """Runs the block in a savepoint that is rolled back after, and says whether the block
    changed any data. Every block starts from the same database (the world as it was made),
    whose fingerprint is taken once; a block that wrote no row changed nothing, and a block
    that wrote some is compared row by row, so that writing the same values counts as no
    change."""
    seen = SimpleNamespace(changed=False)
    with transaction.atomic():
        written = rows_written() if compare else 0
        yield seen
        if compare and rows_written() != written:
            seen.changed = fingerprint() != w.fingerprint
        transaction.set_rollback(True)


def url_for(name: str, route: Route, w) -> str:
    kwargs = route.kwargs(w) if route.kwargs else {}
    args, kwargs = (kwargs, {}) if isinstance(kwargs, list) else ((), kwargs)
    return reverse(name, args=args, kwargs=kwargs) + route.query


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def is_login_redirect(response) -> bool:
    """A redirect to sign in that comes back to the page asked for."""
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    return location.path == reverse("account_login") and parse_qs(location.query).get("next") == [
        response.wsgi_request.path
    ]


def is_refusal(response, url: str) -> bool:
    if response.status_code == 403:
        return True
    # Wagtail's admin answers a refusal with a redirect to its dashboard and a message.
    return (
        url.startswith("/admin/")
        and response.status_code == 302
        and response["Location"]
        in (
            "/admin/",
            reverse("wagtailadmin_home"),
        )
    )


def rule_passes(name: str, persona: str, w) -> bool:
    """Whether the persona holds a role the route's access rule lets through."""
    _route, entry = ROUTES[name]
    rule = rule_of(entry.callback)
    user = w.users[persona]
    if rule is None or user is None:
        return False
    return rule.allows(user)


def overridden(route: Route, persona: str, method: str) -> int | None:
    status = route.override.get(persona)
    return status.get(method) if isinstance(status, dict) else status


def expected(name: str, route: Route, persona: str, method: str, w) -> str:
    if overridden(route, persona, method) is not None:
        return "override"
    if persona in route.allow:
        return "allowed"
    if persona in route.page:
        return "page"
    if persona == "anonymous":
        return "sign_in"
    if rule_passes(name, persona, w):
        return "not_found"
    return "refused"


def ask(w, persona: str, method: str, url: str, data=None):
    client = Client(raise_request_exception=True)
    if persona != "anonymous":
        client.cookies = w.sessions[persona]
        client.cookies = type(client.cookies)(client.cookies)  # a copy per request
    if method == "GET":
        return client.get(url)
    return client.post(url, data)


def check(name, route, persona, method, w) -> str | None:
    """One request in its own savepoint, rolled back after; returns what went wrong, if
    anything."""
    url = url_for(name, route, w)
    marker = route.marker(w) if callable(route.marker) else route.marker
    outcome = expected(name, route, persona, method, w)
    with changes_seen(w, compare=method == "POST") as seen:
        response = ask(w, persona, method, url, route.post(w) if method == "POST" else None)
        body = body_of(response)
    where = f"{method} {url} as {persona}"
    if outcome == "allowed":
        problem = allowed_problem(route, method, response, body, marker)
    else:
        problem = refused_problem(route, persona, method, outcome, response, url)
        if problem is None and marker and marker in body:
            problem = f"the answer shows {marker!r}"
    if problem is None and method == "POST":
        problem = post_problem(route, persona, seen.changed, response, body)
    return f"{where}: {problem}" if problem else None


def allowed_problem(route, method, response, body, marker) -> str | None:
    status = response.status_code
    if method != "GET":
        if status not in (200, 302, 400) or is_login_redirect(response):
            return f"{status}, expected the action to be taken"
        return None
    if status != route.status:
        return f"{status}, expected {route.status}"
    if marker and route.status == 200 and marker not in body:
        return f"the page lacks {marker!r}"
    return None


def refused_problem(route, persona, method, outcome, response, url) -> str | None:
    status = response.status_code
    if outcome == "override":
        wanted = overridden(route, persona, method)
        return None if status == wanted else f"{status}, expected {wanted}"
    if outcome == "page":
        ok = method != "GET" or status == 200
        return None if ok else f"{status}, expected their own page (200)"
    if outcome == "sign_in":
        ok = is_login_redirect(response)
        return None if ok else f"{status}, expected a redirect to sign in"
    if outcome == "not_found":
        return None if status == 404 else f"{status}, expected 404 (someone else's object)"
    return None if is_refusal(response, url) else f"{status}, expected a refusal (403)"


def post_problem(route, persona, changed, response, body) -> str | None:
    should = persona in route.who_changes()
    if changed and not should:
        return "the POST changed data"
    if should and not changed:
        return (
            "the POST by someone allowed changed nothing (check the test data): "
            f"{response.status_code} {response.get('Location', '')} {why_not(response, body)}"
        )
    return None


def why_not(response, body: str) -> str:
    """The form errors or messages of an answer, to say why an action did nothing."""
    context = response.context
    found = []
    if context is not None:
        flat = {}
        for layer in getattr(context, "dicts", None) or list(context):
            flat.update(layer if isinstance(layer, dict) else layer.flatten())
        for key_name, value in flat.items():
            if hasattr(value, "is_bound") and getattr(value, "errors", None):
                found.append(f"{key_name}: {dict(value.errors)}")
        found += [str(m) for m in context.get("messages", [])]
    return "; ".join(found)[:600]


ROUTES = first_routes()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_route_gives_each_person_what_the_matrix_says(world, name):
    route = MATRIX[name]
    methods = ["GET"] + (["POST"] if route.post else [])
    problems = [
        problem
        for persona in PERSONA_NAMES
        for method in methods
        if (problem := check(name, route, persona, method, world))
    ]
    assert problems == [], "\n".join(problems)


# -- the delegated trees, at the door ------------------------------------------------------

# Sign-in and sign-out stay open (our sign-in answers them); Wagtail's password reset is closed
# by our own views and tested in tests/platform.
OPEN_ADMIN_ROUTES = ("admin/login/", "admin/logout/", "admin/password_reset/")
SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=0))}


def delegated_admin_urls():
    urls = []
    for route, name, entry in walk():
        if not route.startswith("admin/") or not is_delegated(route):
            continue
        converters = getattr(entry.pattern, "converters", {})
        if "^" in route or route.startswith(OPEN_ADMIN_ROUTES):
            continue  # regex routes (the catch-all, the API) and the open sign-in paths
        path = "/" + route
        for key_name, converter in converters.items():
            kind = type(converter).__name__.replace("Converter", "").lower()
            value = SAMPLE.get(kind, "1")
            path = path.replace(f"<{kind}:{key_name}>", value)
            path = path.replace(f"<{key_name}>", value)
        urls.append(pytest.param(path, id=name or route))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("url", delegated_admin_urls())
def test_delegated_admin_routes_are_closed_to_everyone_but_staff(world, url):
    """Wagtail's own routes: the anonymous visitor is sent to sign in, parents and volunteers
    get the staff-only page, for GET and POST alike, and nothing changes."""
    problems = []
    for persona in ["anonymous", *sorted(PORTAL)]:
        for method in ("GET", "POST"):
            with changes_seen(world, compare=method == "POST") as seen:
                response = ask(world, persona, method, url, {})
            if persona == "anonymous":
                ok = is_login_redirect(response)
            else:
                ok = response.status_code == 403 and "This area is for Pace staff" in body_of(
                    response
                )
            if not ok:
                problems.append(f"{method} {url} as {persona}: {response.status_code}")
            if seen.changed:
                problems.append(f"{method} {url} as {persona}: changed data")
    assert problems == [], "\n".join(problems)


def test_matrix_has_a_column_for_every_role():
    covered = {role for persona in PERSONAS for role in persona.roles}
    assert covered == set(Role), f"Roles without a column: {set(Role) - covered}"
