"""Re-encrypt every encrypted field with the newest key of FIELD_ENCRYPTION_KEY.

Put the new key first in FIELD_ENCRYPTION_KEY (keep the old ones after it), run this command,
then remove the old keys.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from pace_site.crypto import encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt all encrypted text with the newest key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        total = 0
        for model, names in encrypted_fields():
            count = 0
            queryset = model._default_manager.order_by("pk").only("pk", *names)
            for obj in queryset.iterator(chunk_size=batch_size):
                # Loading decrypts with whichever key fits; saving encrypts with the newest.
                with transaction.atomic():
                    model._default_manager.filter(pk=obj.pk).update(
                        **{n: getattr(obj, n) for n in names}
                    )
                count += 1
            total += count
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows."))
