"""Data-rights tasks run by Celery beat."""

from celery import shared_task

from . import retention


@shared_task
def apply_retention() -> dict[str, int]:
    """Nightly: anonymise or delete what is past its retention period. Safe to run twice: rows
    already done are not touched again. It does not fan out one task per row: each batch is one
    set-wide update or delete in its own transaction, cheaper than a task per row."""
    return retention.counts(retention.run())
