"""Every route declares who may use it, and each role gets what the declaration says.

The test walks the whole URL configuration. A view without a rule (and outside a delegated
library tree) fails the first test: add @public, @signed_in or @roles(...) to it.
"""

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)

from pace_site.access import DELEGATED, rule_of
from pace_site.accounts.roles import PORTAL_ROLES, Role

from .factories import make_user
from .helpers import sign_in

# Sample arguments for regex routes (path() routes get theirs from their converters).
REGEX_SAMPLES = {
    "wagtail_serve": [""],
    "serve_page": [""],
    "wagtaildocs_serve": ["999999", "missing.pdf"],
}


def walk(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def delegated_rule(route: str):
    for tree, rule in DELEGATED.items():
        if route.startswith(tree):
            return rule
    return None


def own_routes():
    """(route, url name, callback) for every view outside the delegated library trees."""
    for route, entry, namespace in walk():
        if delegated_rule(route) and rule_of(entry.callback) is None:
            continue
        name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
        yield route, name, entry


def test_every_route_declares_who_may_use_it():
    missing = [route for route, _name, entry in own_routes() if rule_of(entry.callback) is None]
    assert missing == [], f"Routes with no access rule: {missing}"


def sample_url(name, entry) -> str:
    converters = getattr(entry.pattern, "converters", {})
    if converters:
        kwargs = {}
        for key, converter in converters.items():
            if isinstance(converter, IntConverter):
                kwargs[key] = 999999
            elif isinstance(converter, UUIDConverter):
                kwargs[key] = uuid.UUID(int=0)
            elif isinstance(converter, SlugConverter | StringConverter | PathConverter):
                kwargs[key] = "unknown"
            else:
                raise AssertionError(f"No sample value for converter {converter!r} in {name}")
        return reverse(name, kwargs=kwargs)
    return reverse(name, args=REGEX_SAMPLES.get(entry.name, []))


def routes_to_check():
    return [pytest.param(name, entry, id=name) for _route, name, entry in own_routes()]


def is_login_redirect(response) -> bool:
    """A redirect to sign in that comes back to the page asked for (as LoginRequiredMiddleware does)."""
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    asked = response.wsgi_request.get_full_path()
    return location.path == reverse("account_login") and parse_qs(location.query).get("next") == [
        asked
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "entry"), routes_to_check())
def test_route_gives_each_role_what_its_rule_says(client, name, entry):
    rule = rule_of(entry.callback)
    url = sample_url(name, entry)

    anonymous = client.get(url)
    if rule.kind == "public":
        assert not is_login_redirect(anonymous) and anonymous.status_code != 403, (
            url,
            anonymous.status_code,
        )
    else:
        assert is_login_redirect(anonymous), (url, anonymous.status_code)

    for role in Role:
        user = make_user(role)
        client.logout()
        sign_in(client, user)
        response = client.get(url)
        if rule.allows(user):
            assert response.status_code != 403 and not is_login_redirect(response), (
                url,
                role,
                response.status_code,
            )
        elif url.startswith("/admin/") and response.status_code == 302:
            # Wagtail's admin turns a refusal into a redirect to its dashboard with a message.
            assert response["Location"] == "/admin/", (url, role, response["Location"])
        else:
            assert response.status_code == 403, (url, role, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_admin_tree_lets_in_staff_only(client, role):
    user = make_user(role)
    assert is_login_redirect(client.get("/admin/"))
    sign_in(client, user)
    response = client.get("/admin/")
    if role in PORTAL_ROLES:
        assert response.status_code == 403
        assert "This area is for Pace staff" in response.content.decode()
    else:
        assert response.status_code == 200


def test_delegated_trees_are_the_only_library_routes():
    library_routes = {route for route, entry, _ns in walk() if rule_of(entry.callback) is None}
    assert all(delegated_rule(route) for route in library_routes), sorted(
        r for r in library_routes if not delegated_rule(r)
    )
