from django.contrib import messages
from django.shortcuts import redirect
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
