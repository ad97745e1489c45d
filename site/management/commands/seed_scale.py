"""Ten years of records for measuring; refuses to run with DEBUG off."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pace_site.scale import SIZES, seed_scale


class Command(BaseCommand):
    help = (
        "Add ten years of records (parents, check-ins, befrienders, contact logs, events and "
        "registrations) for measuring speed at scale (development only). Run seed_demo first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=sorted(SIZES),
            default="full",
            help="small (tests), medium, or full: 10,000 parents, 200,000 check-ins, "
            "2,000 befrienders, 20,000 contact logs, 1,000 events, 50,000 registrations.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_scale only runs with DEBUG on: it creates accounts with a known password."
            )
        started = time.perf_counter()
        seed_scale(SIZES[options["size"]], self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Scale data ready in {time.perf_counter() - started:.1f} s.")
        )
