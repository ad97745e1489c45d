"""allauth adapters: no open sign-up, e-mail through the outbox, MFA secrets encrypted."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from pace_site import crypto


class AccountAdapter(DefaultAccountAdapter):
    # Sign-in refusals in plain words; neither says which of the two was wrong.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "That e-mail address and password don't match. Check them and try again."
        ),
        "too_many_login_attempts": _(
            "Too many tries. Please wait a few minutes, then try again, or call us for help."
        ),
    }

    def is_open_for_signup(self, request):
        # Parents and volunteers join by invitation only (see accounts.views.accept_invitation).
        return False

    def send_mail(self, template_prefix, email, context):
        """Account e-mails (password reset, address confirmation) go through the outbox too."""
        from pace_site.notifications.services import notify_address

        request = context.get("request") or getattr(self, "request", None)
        ctx = {"email": email, "site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", ctx, request).split())
        body = render_to_string(f"{template_prefix}_message.txt", ctx, request).strip()
        link = next(
            (str(ctx[key]) for key in ("password_reset_url", "activate_url") if ctx.get(key)), ""
        )
        notify_address(
            email,
            "account",
            subject=subject,
            body=body,
            link=link,
            urgent=True,
            carries_link=bool(link),
        )


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Staff accounts keep two-step sign-in on: it protects the families whose records you "
            "can open. To use a new phone, choose “Move to a new phone”."
        ),
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff never turn two-step sign-in off (an account left with its password alone could
        be taken over with the password); they move it to a new phone instead."""
        return not authenticator.user.is_staff_member

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
