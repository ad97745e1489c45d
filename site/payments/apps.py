from django.apps import AppConfig

from pace_site.accounts.roles import Role

_SEE_PAYMENTS = ["payments.view_payment"]


class PaymentsConfig(AppConfig):
    """Payments to parents and volunteers: what is owed, how they chose to be paid, and when
    finance paid it. No bank details are ever stored here."""

    name = "pace_site.payments"
    label = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        Role.PARTICIPATION_MANAGER: _SEE_PAYMENTS,
        Role.FINANCE: _SEE_PAYMENTS,
    }

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app registers what it pays for in its own `payments.py`.
        autodiscover_modules("payments")
