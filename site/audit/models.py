from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from . import registry


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )

    def for_model(self, model):
        """Entries about a whole listing of `model` (no single record)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id="",
        )


class AuditEntry(models.Model):
    """Who viewed or changed a sensitive record, and when: a registered action code and a small
    dict of ids and choices. Never the record's text, and never a person's name."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField("what", max_length=registry.CODE_MAX_LENGTH, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField("record", max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Free text written before action codes existed; new entries leave it empty.
    summary = models.CharField("older note", max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    # Nothing refers to an audit row, so Wagtail's reference index has nothing to learn from
    # it; skipping it keeps an audit write to one INSERT.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        # As every staff screen writes a moment: "Parent paused: Jo Bloggs, 4 Dec 2026, 14:05".
        when = timezone.localtime(self.at).strftime("%-d %b %Y, %H:%M")
        return (
            f"{self.label}: {self.object_repr}, {when}"
            if self.object_repr
            else f"{self.label}, {when}"
        )

    @property
    def label(self) -> str:
        return registry.label_for(self.action)

    def get_action_display(self) -> str:
        """The action in plain words (as a choice field's label is shown)."""
        return self.label

    @property
    def details(self) -> str:
        """The structured data as plain text ("page: 2, filters: kind=regular")."""

        def show(value):
            if isinstance(value, dict):
                return ", ".join(f"{k}={show(v)}" for k, v in value.items())
            if isinstance(value, list):
                return " and ".join(show(v) for v in value)
            return "yes" if value is True else "no" if value is False else str(value)

        return "; ".join(
            f"{key.replace('_', ' ')}: {show(value)}" for key, value in self.data.items()
        )
