from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from pace_site.listings import StaffIndexView

from .models import ContactRules


class ContactRulesIndexView(StaffIndexView):
    select_related = ("user",)


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


@hooks.register("register_admin_viewset")
def register_contact_rules_viewset():
    return ContactRulesViewSet("contact_rules")
