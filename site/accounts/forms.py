from allauth.account import forms as account_forms
from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import AuthenticateForm as MFAAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as MFAReauthenticateForm
from allauth.mfa.base.internal.flows import check_rate_limit
from allauth.mfa.totp.forms import ActivateTOTPForm as MFAActivateTOTPForm
from allauth.mfa.totp.internal import auth as totp_auth
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from pace_site.forms import PersonNameField
from pace_site.submissions.forms import OnceOnlyFormMixin

from .roles import Role


class AcceptInvitationForm(forms.Form):
    display_name = PersonNameField(
        label=_("What should we call you?"),
        required=False,
        help_text=_("A first name or a nickname is fine."),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few words together are easy to remember."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        if p1:
            from .models import User

            try:
                password_validation.validate_password(p1, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InviteForm(OnceOnlyFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    display_name = PersonNameField(label=_("Name"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, allowed_roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_roles is not None:
            role = self.fields["role"]
            assert isinstance(role, forms.ChoiceField)
            role.choices = [(r.value, r.label) for r in Role if r in allowed_roles]


class PlainWordsMixin:
    """allauth's account forms in the product's words: sentence-case labels, and no placeholder
    repeating the label (it vanishes as you type, and is read out twice)."""

    labels: dict = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]


EMAIL_LABEL = _("E-mail address")
NEW_PASSWORDS = {"password1": _("New password"), "password2": _("Type the new password again")}


class LoginForm(PlainWordsMixin, account_forms.LoginForm):
    labels = {"login": EMAIL_LABEL, "password": _("Password")}


class ChangePasswordForm(PlainWordsMixin, account_forms.ChangePasswordForm):
    labels = {"oldpassword": _("Your current password"), **NEW_PASSWORDS}


class SetPasswordForm(PlainWordsMixin, account_forms.SetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Type the password again")}


class ResetPasswordKeyForm(PlainWordsMixin, account_forms.ResetPasswordKeyForm):
    labels = NEW_PASSWORDS


class AddEmailForm(PlainWordsMixin, account_forms.AddEmailForm):
    labels = {"email": EMAIL_LABEL}


class ReauthenticateForm(PlainWordsMixin, account_forms.ReauthenticateForm):
    labels = {"password": _("Your password")}


class AuthenticateForm(PlainWordsMixin, MFAAuthenticateForm):
    labels = {"code": _("Code")}


class CodeReauthenticateForm(PlainWordsMixin, MFAReauthenticateForm):
    labels = {"code": _("Code")}


class ActivateTOTPForm(PlainWordsMixin, MFAActivateTOTPForm):
    labels = {"code": _("Code from the app")}


class MoveTOTPForm(OnceOnlyFormMixin):
    """Two-step sign-in moved to a new phone in one step: a code from the old phone (or a backup
    code) proves it is the account's holder, a code from the new phone proves the app is set up.
    The account is never without two-step sign-in on the way."""

    current_code = forms.CharField(
        label=_("A code from your old phone, or a backup code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    code = forms.CharField(
        label=_("The code your new phone shows"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        # The new key is kept in the session from the page that showed it to the form sent.
        self.secret = totp_auth.get_totp_secret(regenerate=not self.is_bound)

    def clean_current_code(self) -> str:
        code = self.cleaned_data["current_code"].strip()
        check = MFAAuthenticateForm({"code": code}, user=self.user)
        if not check.is_valid():
            raise forms.ValidationError(check.errors["code"])
        return code

    def clean_code(self) -> str:
        clear_limit = check_rate_limit(self.user, error_key="rate_limited")
        code = self.cleaned_data["code"].strip()
        if not totp_auth.validate_totp_code(self.secret, code):
            raise get_mfa_adapter().validation_error("incorrect_code")
        clear_limit()
        return code


class PasswordResetRequestForm(PlainWordsMixin, ResetPasswordForm):
    """allauth's reset form without the account lookup: the request is stored and a background
    task mails the link, so a known and an unknown address cost the same and read the same."""

    labels = {"email": EMAIL_LABEL}

    def clean_email(self) -> str:
        self.users: list = []
        return get_adapter().clean_email(self.cleaned_data["email"].lower())

    def save(self, request, **kwargs) -> str:
        from .services import request_password_reset

        email = self.cleaned_data["email"]
        request_password_reset(email=email)
        return email
