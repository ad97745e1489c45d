from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def publish_scheduled_pages() -> None:
    """Publish pages whose scheduled time has come and unpublish expired ones (Wagtail's own
    command). Safe to run twice: it only acts on what is due, and marks it done."""
    call_command("publish_scheduled", verbosity=0)
