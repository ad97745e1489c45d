"""Claiming a form submission so that it is acted on once.

A form that creates or changes something carries a hidden, random `submission_key` (see
`pace_site.submissions.forms.OnceOnlyFormMixin`). The service that acts on it calls
`claim(key, by=user)` first, inside its own transaction. A second request with the same key (a
double click, a second tab, the browser resending) raises `DuplicateSubmission`, and the
transaction rolls back; the view then answers exactly as it did the first time.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SubmissionKey

KEEP_FOR = timedelta(days=30)


class DuplicateSubmission(Exception):
    """This form submission has been acted on already."""


def claim(key: UUID | None, *, by) -> None:
    """Record that submission `key` is being acted on; raise DuplicateSubmission if it was.

    Call inside the transaction that makes the change, before making it. A `None` key (a caller
    that is not a form, such as a task or an admin action) claims nothing.
    """
    if key is None:
        return
    user = by if (by is not None and by.is_authenticated) else None
    try:
        with transaction.atomic():
            SubmissionKey.objects.create(key=key, user=user)
    except IntegrityError as error:
        raise DuplicateSubmission from error


@contextmanager
def once(key: UUID | None, *, by) -> Iterator[None]:
    """Act on a form submission once: claim its key and make the change in one transaction.

        with once(form.cleaned_data["submission_key"], by=request.user):
            services.pause_parent(...)

    A repeat of the same submission raises DuplicateSubmission before the body runs, so the
    view answers as it did the first time. If the body raises, the key is released with the
    rest of the transaction and the form can be sent again.
    """
    with transaction.atomic():
        claim(key, by=by)
        yield


def was_used(key: UUID | None) -> bool:
    """Whether a form with this key was acted on already (a resend after the first answer)."""
    return key is not None and SubmissionKey.objects.filter(key=key).exists()


def forget_old_keys() -> int:
    """Delete keys older than KEEP_FOR; a form that old has long expired."""
    deleted, _ = SubmissionKey.objects.older_than(timezone.now() - KEEP_FOR).delete()
    return deleted
