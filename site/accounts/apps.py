from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pace_site.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .permissions import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="pace-sync-role-permissions")
