"""One person's audit history: every entry about any of their records, and every entry they
made. Their records are found through the registry of personal data (each table's
`rows_for(user)`), so a new table with personal data is included without a change here."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from pace_site.audit.models import AuditEntry

from .registry import personal_data


def about(user: Any) -> Q:
    """Audit entries about `user`'s rows, or made by them. No query of its own (beyond the
    cached content types): each table's rows are a subquery."""
    query = Q(user=user)
    for entry in personal_data():
        if not entry.subject:
            continue
        model = entry.model_class
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        ids = (
            model._default_manager.filter(entry.subject_filter(user))
            .annotate(id_text=Cast("pk", CharField()))
            .values("id_text")
        )
        query |= Q(content_type=content_type, object_id__in=ids)
    return query


def history(user: Any) -> QuerySet:
    """Newest first."""
    return AuditEntry.objects.filter(about(user)).order_by("-at", "-pk")
