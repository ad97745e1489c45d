"""Which permissions each role's group holds.

The groups themselves are created by a data migration. Permissions for models are only created
after migrations have run (post_migrate), so they are synced here, idempotently, from each app's
`role_permissions` attribute on its AppConfig: {Role: ["app_label.codename", ...]}.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from .roles import STAFF_ROLES, Role

PLATFORM_PERMISSIONS = {
    Role.PARTICIPATION_MANAGER: [
        "wagtailadmin.access_admin",
        "notifications.view_contactrules",
        "notifications.change_contactrules",
        "accounts.add_invitation",
        "accounts.view_invitation",
    ],
    Role.BEFRIENDING_COORDINATOR: [
        "wagtailadmin.access_admin",
        "notifications.view_contactrules",
        "notifications.change_contactrules",
        "accounts.add_invitation",
        "accounts.view_invitation",
    ],
    Role.FINANCE: ["wagtailadmin.access_admin"],
    Role.EDITOR: [
        "wagtailadmin.access_admin",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ],
    Role.ADMINISTRATOR: ["wagtailadmin.access_admin"],
}


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def sync_role_permissions(sender=None, **kwargs):
    """Give each role's group the permissions declared for it. Safe to run any number of times."""
    # post_migrate is sent once for each app; the sync is whole, so it runs once, for the last.
    with_models = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if sender is not None and with_models and sender is not with_models[-1]:
        return
    # The groups come from a data migration; they are re-made here too because a database flush
    # (between transactional tests, or by `manage.py flush`) empties them and emits post_migrate.
    declared: dict[str, set[str]] = {
        role: set(perms) for role, perms in PLATFORM_PERMISSIONS.items()
    }
    for config in global_apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            declared.setdefault(role, set()).update(perms)
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role)
        if role == Role.ADMINISTRATOR:
            wanted = set(Permission.objects.all())
        else:
            wanted = {p for p in (_permission(d) for d in declared.get(role, ())) if p}
        if role not in STAFF_ROLES:
            wanted = {p for p in wanted if p.codename != "access_admin"}
        group.permissions.set(wanted)
