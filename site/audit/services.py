from django.contrib.contenttypes.models import ContentType

from .models import Action, AuditEntry


def record(user, action: str | Action, obj, summary: str = "") -> AuditEntry:
    """Write one audit row. `summary` is a short description, never the sensitive text itself."""
    return AuditEntry.objects.create(
        user=user if (user is not None and user.is_authenticated) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        summary=summary[:200],
    )


def record_view(request, obj, summary: str = "") -> AuditEntry:
    return record(request.user, Action.VIEWED, obj, summary)


def record_export(user, model, spreadsheet_format: str) -> AuditEntry:
    """A listing of `model` left the system as a spreadsheet: who took it, and when."""
    return AuditEntry.objects.create(
        user=user if (user is not None and user.is_authenticated) else None,
        action=Action.EXPORTED,
        content_type=ContentType.objects.get_for_model(model),
        object_id="list",
        object_repr=f"{model._meta.verbose_name_plural} list",
        summary=f"exported as {spreadsheet_format}",
    )
