"""Demo data for the embedded default. Idempotent; refuses to run with DEBUG off."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pace_site.demo import DEMO_PASSWORD, DEMO_USERS, seed_all


class Command(BaseCommand):
    help = "Create demo users for every role and the demo content of each app (development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on: it creates accounts with a known password."
            )
        seed_all(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready. Every demo account's password is {DEMO_PASSWORD!r}.")
        )
        for email, _name, role in DEMO_USERS:
            self.stdout.write(f"  {role:<24} {email}")
        self.stdout.write(
            "Staff accounts use two-step sign-in: `python manage.py demo_code` prints a code."
        )
