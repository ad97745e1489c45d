from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pace_site.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its action codes in its own `audit.py`.
        autodiscover_modules("audit")
