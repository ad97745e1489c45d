from django.apps import AppConfig


class BefriendingConfig(AppConfig):
    name = "befriending"
    label = "befriending"
    verbose_name = "Befriending"
