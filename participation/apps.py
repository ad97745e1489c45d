from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    """The core parent group: parents, opportunities, sign-ups, pauses, check-ins and consent."""

    name = "participation"
    label = "participation"
    verbose_name = "Parent participation"
