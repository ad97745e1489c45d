from wagtail import hooks
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from pace_site.audit.services import record
from pace_site.listings import StaffIndexView

from .models import ContactRules


class ContactRulesIndexView(StaffIndexView):
    select_related = ("user",)
    audit_code = "notifications.contact_rules_list.viewed"


class ContactRulesEditView(EditView):
    """One person's contact rules (discreet mode, quiet hours): each opening is audited."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record("notifications.contact_rules.viewed", self.object, by=request.user)
        return response


class ContactRulesViewSet(ModelViewSet):
    """Staff with the permission can see and change a person's contact rules."""

    model = ContactRules
    icon = "mail"
    menu_label = "Contact rules"
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["user", "email_allowed", "discreet_mode", "describe_quiet_hours", "updated_at"]
    list_filter = ["email_allowed", "discreet_mode"]
    search_fields = ["user__email", "user__display_name"]
    form_fields = ["user", "email_allowed", "discreet_mode", "quiet_hours_start", "quiet_hours_end"]

    index_view_class = ContactRulesIndexView
    edit_view_class = ContactRulesEditView


@hooks.register("register_admin_viewset")
def register_contact_rules_viewset():
    return ContactRulesViewSet("contact_rules")
