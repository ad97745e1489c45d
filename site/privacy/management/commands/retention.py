"""`manage.py retention [--dry-run]`: clear or remove records past their retention period."""

from django.core.management.base import BaseCommand

from pace_site.privacy import retention


class Command(BaseCommand):
    help = (
        "Anonymise or delete records past their retention period (as each app's privacy.py "
        "declares). With --dry-run, only say what would happen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would happen; change nothing."
        )
        parser.add_argument("--batch-size", type=int, default=retention.BATCH_SIZE)

    def handle(self, *args, dry_run=False, batch_size=retention.BATCH_SIZE, **options):
        if dry_run:
            self.stdout.write("Dry run: nothing is changed.")
            steps = retention.plan()
        else:
            steps = retention.run(batch_size=batch_size)
        for line in retention.describe(steps, done=not dry_run):
            self.stdout.write(line)
