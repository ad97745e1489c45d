from django.conf import settings
from django.db import models
from django.utils import timezone


class SubmissionKeyQuerySet(models.QuerySet):
    def older_than(self, moment):
        return self.filter(used_at__lt=moment)


class SubmissionKey(models.Model):
    """A form submission that has been acted on. The key is the primary key, so two requests
    carrying the same key cannot both act: the second waits for the first and is refused."""

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="submission_keys",
    )
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = SubmissionKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "form submission"

    def __str__(self):
        return f"submission {self.key}"
