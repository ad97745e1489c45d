"""manage.py restore: a backup made by `manage.py backup`, into an empty database."""

import getpass
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Restore an encrypted backup into the configured database, which must be empty, and its "
        "uploaded files into MEDIA_ROOT. Needs the backup key's private half in the GnuPG keyring "
        "(GNUPGHOME) and the FIELD_ENCRYPTION_KEY the data was written with."
    )

    def add_arguments(self, parser):
        parser.add_argument("database_file", help="The database backup (.psql.gz.gpg or similar).")
        parser.add_argument("--media-file", help="The uploaded files' backup (.tar.gz.gpg).")
        parser.add_argument(
            "--passphrase-file",
            help="A file holding the private key's passphrase (else it is asked for).",
        )

    def handle(self, *args, **options):
        for name in [options["database_file"], options["media_file"]]:
            if name and not Path(name).is_file():
                raise CommandError(f"There is no backup file at {name}.")
        if connection.introspection.table_names():
            raise CommandError(
                "The database is not empty. Restore into a new, empty database, check it, and "
                "only then point the site at it: a restore never overwrites live data."
            )
        passphrase = ["--passphrase", self.passphrase(options["passphrase_file"])]
        call_command(
            "dbrestore",
            "--input-path",
            options["database_file"],
            "--decrypt",
            "--uncompress",
            "--noinput",
            *passphrase,
        )
        if options["media_file"]:
            call_command(
                "mediarestore",
                "--input-path",
                options["media_file"],
                "--decrypt",
                "--uncompress",
                "--noinput",
                *passphrase,
            )
        self.stdout.write("Restored. Check it with `manage.py backup_fingerprint` before use.")

    def passphrase(self, path: str | None) -> str:
        if path:
            try:
                return Path(path).read_text().strip()
            except OSError as error:
                raise CommandError(f"Cannot read the passphrase file: {error}") from error
        if not sys.stdin.isatty():
            raise CommandError("Give the backup key's passphrase with --passphrase-file.")
        return getpass.getpass("The backup key's passphrase: ")
