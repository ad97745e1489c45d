"""Demo data for the embedded default. Idempotent; refuses to run with DEBUG off."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pace_site.accounts.models import User
from pace_site.accounts.roles import STAFF_ROLES, Role
from pace_site.notifications.services import ensure_contact_rules

DEMO_PASSWORD = "pace-demo-password"  # noqa: S105 - demo only; the command refuses to run without DEBUG
# Demo staff sign in with two-step codes from this secret (`manage.py demo_code` prints one).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only, as above

DEMO_USERS = [
    ("parent@demo.pace.example", "Sam", Role.PARENT),
    ("befriender@demo.pace.example", "Alex", Role.BEFRIENDER),
    ("applicant@demo.pace.example", "Chloe", Role.APPLICANT),
    ("manager@demo.pace.example", "Priya", Role.PARTICIPATION_MANAGER),
    ("coordinator@demo.pace.example", "Dan", Role.BEFRIENDING_COORDINATOR),
    ("editor@demo.pace.example", "Eve", Role.EDITOR),
    ("admin@demo.pace.example", "Ade", Role.ADMINISTRATOR),
]


def ensure_user(email: str, name: str, role: Role) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("role_names", None)
    ensure_contact_rules(user)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if (
        role in STAFF_ROLES
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)
    return user


class Command(BaseCommand):
    help = "Create demo users for every role and the demo content of each app (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on: it creates accounts with a known password."
            )
        with transaction.atomic():
            users = {role: ensure_user(email, name, role) for email, name, role in DEMO_USERS}
            for config in apps.get_app_configs():
                seeder = getattr(config, "seed_demo", None)
                if seeder:
                    seeder(users=users, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready. Every demo account's password is {DEMO_PASSWORD!r}.")
        )
        for email, _name, role in DEMO_USERS:
            self.stdout.write(f"  {role:<24} {email}")
        self.stdout.write(
            "Staff accounts use two-step sign-in: `python manage.py demo_code` prints a code."
        )
