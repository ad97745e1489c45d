"""Submission keys record that a form was sent once; they name the account that sent it."""

from pace_site.privacy.registry import Category, Erase, PersonalData, declare

declare(
    PersonalData(
        "submissions.SubmissionKey",
        heading="Forms you sent (so that a second click does nothing)",
        subject=("user",),
        category=Category.ACCOUNT,
        fields=("used_at",),
        # Kept for a few days by the submissions sweep (`forget_old_keys`).
        erase=Erase.DELETE,
    ),
)
