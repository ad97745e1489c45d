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
