from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "pace_site.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from . import signals

        signals.connect()
