"""The demo cast shared by every app's demo data (`manage.py seed_demo`, development only).

Every demo account is made by `ensure_user`; staff and the people who sign in to the demo share
one password, and staff one two-step secret (`manage.py demo_code` prints a code). The parents
of the demo are participation's (`participation.demo.cast()`): other apps' demos use them.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.core.management.base import OutputWrapper

from pace_site.accounts.models import User
from pace_site.accounts.roles import STAFF_ROLES, Role
from pace_site.notifications.services import ensure_contact_rules

DEMO_PASSWORD = "pace-demo-password"  # noqa: S105 - demo only; seed_demo refuses to run without DEBUG
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only, as above

# The accounts the demo signs in with, one for each role.
DEMO_USERS = [
    ("parent@demo.pace.example", "Sam", Role.PARENT),
    ("befriender@demo.pace.example", "Alex", Role.BEFRIENDER),
    ("applicant@demo.pace.example", "Chloe", Role.APPLICANT),
    ("manager@demo.pace.example", "Priya", Role.PARTICIPATION_MANAGER),
    ("coordinator@demo.pace.example", "Dan", Role.BEFRIENDING_COORDINATOR),
    ("finance@demo.pace.example", "Femi", Role.FINANCE),
    ("editor@demo.pace.example", "Eve", Role.EDITOR),
    ("admin@demo.pace.example", "Ade", Role.ADMINISTRATOR),
]


def ensure_user(email: str, name: str, role: Role, *, can_sign_in: bool = True) -> User:
    """The demo account with this address, made once: in `role`'s group, with a verified
    address and contact rules, the demo password (or none, for the many demo people who never
    sign in), and two-step sign-in for staff."""
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if created:
        if can_sign_in:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("role_names", None)
    ensure_contact_rules(user)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if (
        can_sign_in
        and role in STAFF_ROLES
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)
    return user


def seed_all(stdout: OutputWrapper) -> dict[Role, User]:
    """Every demo account and every app's demo content, in one transaction. Idempotent. Callers
    decide whether demo accounts may exist here (`seed_demo` needs DEBUG; the benchmarks and the
    drills seed their own throwaway databases)."""
    from django.apps import apps
    from django.db import transaction

    with transaction.atomic():
        users = {role: ensure_user(email, name, role) for email, name, role in DEMO_USERS}
        for config in apps.get_app_configs():
            seeder = getattr(config, "seed_demo", None)
            if seeder:
                seeder(users=users, stdout=stdout)
    return users
