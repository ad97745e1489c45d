"""Values written in place of a person when their rows are anonymised."""


def erased_email(row) -> str:
    """A unique address that reaches nobody (`.invalid` is reserved and never delivered)."""
    return f"erased-{row._meta.model_name}-{row.pk}@erased.invalid"


ERASED_NAME = "Erased"
