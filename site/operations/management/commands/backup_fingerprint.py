"""manage.py backup_fingerprint: what the database holds, as counts and digests, for comparing a
restore with its source. Prints no personal data."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...backup import Fingerprint, fingerprint


class Command(BaseCommand):
    help = (
        "Print the database's fingerprint (row counts, digests of decrypted samples) as JSON, or "
        "compare it with one saved before a backup (--compare FILE): exits 1 on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--compare", help="A fingerprint saved from the source database.")

    def handle(self, *args, **options):
        here = fingerprint()
        if not options["compare"]:
            self.stdout.write(json.dumps(here.as_dict(), indent=1, sort_keys=True))
            return
        try:
            before = Fingerprint.from_dict(json.loads(Path(options["compare"]).read_text()))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the saved fingerprint: {error}") from error
        differences = before.differences(here)
        rows = sum(here.counts.values())
        if differences:
            for line in differences:
                self.stderr.write(line)
            raise CommandError(f"The restore differs from its source in {len(differences)} ways.")
        self.stdout.write(
            f"The restore matches its source: {len(here.counts)} tables, {rows} rows, "
            f"{len(here.samples)} encrypted columns decrypted and compared."
        )
