"""How every view declares who may use it.

Each view carries exactly one rule, set by one of the decorators below:

    @public                      anyone, signed in or not
    @signed_in                   any signed-in person
    @roles(Role.PARENT, ...)     signed-in people holding one of these roles (Administrators too)

A signed-in person without the role gets 403; an anonymous visitor is sent to sign in. Objects
that belong to someone else are fetched through scoped querysets and give 404 (STYLE 4).
`tests/test_access_matrix.py` walks every URL pattern and fails on a view without a rule.

Whole URL trees mounted from libraries declare their rule in DELEGATED below.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied

from .accounts.roles import Role


@dataclass(frozen=True)
class AccessRule:
    kind: str  # "public", "signed_in" or "roles"
    roles: frozenset = frozenset()

    def allows(self, user) -> bool:
        if self.kind == "public":
            return True
        if not user.is_authenticated:
            return False
        if self.kind == "signed_in":
            return True
        return user.is_superuser or bool(user.role_names & (self.roles | {Role.ADMINISTRATOR}))

    def __str__(self) -> str:
        if self.kind == "roles":
            return "roles: " + ", ".join(sorted(self.roles))
        return self.kind


def _mark(view, rule: AccessRule):
    view.access_rule = rule
    return view


def public(view):
    """Anyone may use this view; LoginRequiredMiddleware lets it through."""
    return _mark(login_not_required(view), AccessRule("public"))


def signed_in(view):
    """Any signed-in person may use this view."""
    return _mark(view, AccessRule("signed_in"))


def roles(*allowed: Role):
    """Only signed-in people with one of these roles (or Administrators) may use this view."""
    rule = AccessRule("roles", frozenset(allowed))

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule.allows(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapped, rule)

    return decorator


def rule_of(view) -> AccessRule | None:
    return getattr(view, "access_rule", None)


# URL trees served by libraries, which enforce their own access. Their rule is stated here.
DELEGATED = {
    "accounts/": AccessRule("public"),  # django-allauth: sign-in, reset, MFA; gates its own pages
    "admin/": AccessRule(
        "roles",
        frozenset(
            {
                Role.PARTICIPATION_MANAGER,
                Role.BEFRIENDING_COORDINATOR,
                Role.EDITOR,
                Role.ADMINISTRATOR,
            }
        ),
    ),  # Wagtail admin: StaffAdminMiddleware lets in staff with MFA only
}
