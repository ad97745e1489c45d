"""Personal data in the libraries' own tables (sign-in, sessions, Wagtail), declared by the
platform because those libraries cannot declare it themselves."""

from django.apps import apps

from .registry import Category, Erase, PersonalData, declare, not_personal

declare(
    PersonalData(
        "account.EmailAddress",
        heading="Your e-mail address for signing in",
        subject=("user",),
        category=Category.CONTACT,
        fields=("email", "verified", "primary"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        "mfa.Authenticator",
        heading="Your two-step sign-in",
        subject=("user",),
        category=Category.ACCOUNT,
        fields=("type", "created_at", "last_used_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        "wagtailusers.UserProfile",
        heading="Your settings in the staff workspace",
        subject=("user",),
        category=Category.ACCOUNT,
        fields=("preferred_language", "current_time_zone", "theme"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        "wagtailcore.PageSubscription",
        heading="Pages you follow in the staff workspace",
        subject=("user",),
        category=Category.ACCOUNT,
        fields=("page", "comment_notifications"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        "wagtailadmin.EditingSession",
        heading="Pages you were editing",
        subject=("user",),
        category=Category.ACCOUNT,
        fields=("last_seen_at",),
        erase=Erase.DELETE,
    ),
    PersonalData(
        "wagtailadmin.FormState",
        heading="Unsaved drafts in the staff workspace",
        subject=("user",),
        category=Category.ACCOUNT,
        fields=("data",),
        erase=Erase.DELETE,
    ),
    PersonalData(
        "wagtailcore.Comment",
        heading="Your comments on draft pages",
        subject=("user",),
        category=Category.PERSONAL,
        fields=("text", "created_at"),
        erase=Erase.ANONYMISE,
        anonymise={"text": ""},
        actors=("resolved_by",),
    ),
    PersonalData(
        "wagtailcore.CommentReply",
        heading="Your replies to comments on draft pages",
        subject=("user",),
        category=Category.PERSONAL,
        fields=("text", "created_at"),
        erase=Erase.ANONYMISE,
        anonymise={"text": ""},
    ),
)

not_personal(
    "sessions.Session",
    "Sign-in sessions: erasure ends every session of the person; expired ones are removed by "
    "Django's clearsessions.",
)
not_personal(
    "wagtailsearch.IndexEntry",
    "The public site's search index: rebuilt from pages, so erasing a story's pseudonym from the "
    "page and its revisions removes it here too.",
)
try:
    # Only on SQLite (the embedded default) does Wagtail define this table.
    apps.get_model("wagtailsearch", "SQLiteFTSIndexEntry")
except LookupError:
    pass
else:
    not_personal(
        "wagtailsearch.SQLiteFTSIndexEntry",
        "The search index's full-text part on SQLite; follows the index entries.",
    )
not_personal(
    "wagtailcore.Revision",
    "Saved versions of pages: a story's revisions are scrubbed when its teller is erased; "
    "otherwise only which editor saved them.",
    actors=("user",),
)
not_personal("wagtailcore.PageLogEntry", "History of page edits.", actors=("user",))
not_personal("wagtailcore.ModelLogEntry", "History of snippet edits.", actors=("user",))
not_personal("wagtailcore.Page", "Public pages, written by editors.", actors=("owner", "locked_by"))
not_personal(
    "wagtailcore.TaskState",
    "Moderation steps on pages (with the editor's comment).",
    actors=("finished_by",),
)
not_personal("wagtailcore.WorkflowState", "Moderation of pages.", actors=("requested_by",))
not_personal("wagtailcore.UploadedFile", "Files being uploaded.", actors=("uploaded_by_user",))
not_personal("wagtailcore.ReferenceIndex", "Which page refers to which object.")
not_personal("wagtaildocs.Document", "Public documents.", actors=("uploaded_by_user",))
not_personal("wagtailimages.Image", "Public images.", actors=("uploaded_by_user",))
not_personal("wagtailembeds.Embed", "Embedded media from other sites.")
not_personal("wagtailsearchpromotions.SearchPromotion", "Promoted search results.")

not_personal(
    "wagtailforms.FormSubmission",
    "Answers to public form pages; the site has no form page type, so nothing is stored here.",
)
