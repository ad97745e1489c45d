from celery import shared_task

from .services import forget_old_keys


@shared_task
def forget_old_submission_keys() -> int:
    return forget_old_keys()
