"""manage.py backup: an encrypted backup of the database and the uploaded files."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ...backup import require_backup_key


class Command(BaseCommand):
    help = (
        "Write an encrypted, compressed backup of the database and of the uploaded files to the "
        "backup folder (BACKUP_DIR), keeping the newest BACKUP_KEEP of each."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-media", action="store_true", help="Back up the database only.")

    def handle(self, *args, **options):
        require_backup_key()
        quiet = ["--quiet"] if options["verbosity"] < 1 else []
        call_command("dbbackup", "--encrypt", "--compress", "--clean", "--noinput", *quiet)
        if not options["no_media"]:
            call_command("mediabackup", "--encrypt", "--compress", "--clean", "--noinput", *quiet)
        self.stdout.write("Backup written and encrypted.")
