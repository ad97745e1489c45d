from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from pace_site.listings import StaffIndexView

from .models import AuditEntry


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Nobody adds, edits or deletes audit rows through the admin."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class AuditEntryIndexView(StaffIndexView):
    select_related = ("user",)


class AuditEntryViewSet(ModelViewSet):
    """The audit trail, read-only, for Administrators (who hold every permission)."""

    model = AuditEntry
    index_view_class = AuditEntryIndexView
    icon = "history"
    menu_label = "Audit trail"
    menu_order = 950
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["at", "user", "action", "object_repr", "summary"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "summary"]
    list_export = ["at", "user", "action", "object_repr", "summary"]
    form_fields = ["summary"]

    @property
    def permission_policy(self):
        return ReadOnlyPolicy(self.model)


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit")
