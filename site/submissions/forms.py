from uuid import uuid4

from django import forms


class OnceOnlyFormMixin(forms.Form):
    """Adds the hidden `submission_key` that makes a form act once (see services.claim).

    The key is new each time the form is shown; a post without one is refused with a message
    asking the person to try again (a form from before this rule, or a hand-made request).
    """

    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        initial=uuid4,
        error_messages={
            "required": "This form has expired. Please try again.",
            "invalid": "This form has expired. Please try again.",
        },
    )

    @property
    def key(self):
        """The submission's key, once the form is valid (for `once()` or a service's claim)."""
        return self.cleaned_data["submission_key"]

    @property
    def action_data(self) -> dict:
        """The cleaned data without the key: what the service acts on."""
        return {k: v for k, v in self.cleaned_data.items() if k != "submission_key"}


class OnceOnlyForm(OnceOnlyFormMixin):
    """A one-button form ("Yes, withdraw", "I'm ready to come back"): only the key."""
