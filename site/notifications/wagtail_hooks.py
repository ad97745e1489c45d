from django import forms
from django.core.exceptions import ValidationError
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import EditView

from pace_site.audit.services import record
from pace_site.forms import plain_text
from pace_site.workspace import StaffViewSet

from .models import ContactRules
from .services import ContactRulesError, change_contact_rules, loosening


class ContactRulesStaffForm(WagtailAdminModelForm):
    """The narrow staff action: the same four settings (never the person), and why."""

    reason = forms.CharField(
        label="Why are you changing this?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Kept (encrypted) with the change, for the record. The person is told what changed. "
            "You can make their contact more careful only (discreet e-mails on, e-mail off, "
            "quiet hours); only they can loosen it, from their own page."
        ),
        validators=[plain_text],
    )

    class Meta:
        model = ContactRules
        fields = ["email_allowed", "discreet_mode", "quiet_hours_start", "quiet_hours_end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The person's own page speaks to them ("Send me e-mails"); staff read about them.
        self.fields["email_allowed"].label = "Send them e-mails"
        self.fields["email_allowed"].help_text = "If off, messages wait in their portal."
        self.fields["discreet_mode"].help_text = (
            "E-mails come from 'Notifications' with a plain subject and say only that there "
            "is a message to read after signing in."
        )
        self.fields["quiet_hours_start"].help_text = "No e-mails from this time…"
        # What the row holds now, before this form's values are put on the instance.
        self.saved = ContactRules.objects.get(pk=self.instance.pk) if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        if self.saved is not None and not self.errors:
            values = {field: cleaned.get(field) for field in ContactRules.FIELDS}
            problem = loosening(self.saved, values)
            if problem:
                raise forms.ValidationError(problem)
        return cleaned


class ContactRulesEditView(EditView):
    """One person's contact rules (discreet mode, quiet hours): each opening is audited, and a
    change goes through notifications.services.change_contact_rules (more careful only, with a
    reason, audited, the person told)."""

    changes: dict | None = None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record("notifications.contact_rules.viewed", self.object, by=request.user)
        return response

    def save_instance(self):
        values = {field: self.form.cleaned_data[field] for field in ContactRules.FIELDS}
        try:
            self.changes = change_contact_rules(
                self.object.user,
                values,
                by=self.request.user,
                reason=self.form.cleaned_data["reason"],
            )
        except ContactRulesError as error:  # a change made meanwhile by the person themselves
            raise ValidationError(str(error)) from error
        return ContactRules.objects.get(pk=self.object.pk)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self):
        if not self.changes:
            return "Nothing was changed."
        return "Saved. The person has been told what changed."


class ContactRulesViewSet(StaffViewSet):
    """Staff with the permission can see a person's contact rules and make them more careful."""

    model = ContactRules
    url_prefix = "contact_rules"
    # Rows come with the person: nobody adds, copies or deletes one, so no row can be made for,
    # or moved to, someone else.
    allowed_actions = frozenset({"view", "change"})
    list_select_related = ("user",)
    list_audit_code = "notifications.contact_rules_list.viewed"
    icon = "mail"
    menu_label = "Contact rules"
    menu_order = 910
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["user", "email_allowed", "discreet_mode", "describe_quiet_hours", "updated_at"]
    list_filter = ["email_allowed", "discreet_mode"]
    search_fields = ["user__email", "user__display_name"]
    form_fields = ["email_allowed", "discreet_mode", "quiet_hours_start", "quiet_hours_end"]

    edit_view_class = ContactRulesEditView

    def get_form_class(self, for_update=False):
        return ContactRulesStaffForm


@hooks.register("register_admin_viewset")
def register_contact_rules_viewset():
    return ContactRulesViewSet("contact_rules")
