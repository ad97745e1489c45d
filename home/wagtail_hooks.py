from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .models import CONSENT_REFUSAL, StoryPage


@hooks.register("before_publish_page")
def refuse_story_without_consent(request, page):
    """The admin's own publish path: say why, and keep the story as a draft."""
    specific = page.specific
    if isinstance(specific, StoryPage) and not specific.has_active_consent:
        messages.error(request, CONSENT_REFUSAL)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("insert_global_admin_js")
def label_multiple_upload_inputs():
    """Labels the file input of Wagtail's "Add multiple" images and documents pages."""
    return format_html('<script src="{}" defer></script>', static("home/js/admin-upload-labels.js"))
