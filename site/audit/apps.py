from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pace_site.audit"
    label = "audit"
    verbose_name = "Audit trail"
