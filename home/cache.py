"""Cache for rendered public pages, kept in the `pages` cache alias.

Only anonymous GET responses that set no cookie are stored, and only for visitors whose session is
empty (so no message or sign-in state can end up in a page someone else is served). Each key holds
a generation token of the whole site and of the page itself; purging a page means giving it (and
its ancestors, which list it) a new token, so old entries are never read again and expire on their
own. Nothing is ever flushed: in production the cache shares Redis with the Celery broker.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches

SITE_GENERATION = "pace:pages:generation"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _generation_key(page_id: int) -> str:
    return f"pace:page:{page_id}:generation"


def request_is_cacheable(request) -> bool:
    if request.method not in {"GET", "HEAD"} or getattr(request, "is_preview", False):
        return False
    if request.user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is None or session.is_empty()


def response_is_cacheable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def cache_key(page, request) -> str:
    tokens = page_cache().get_many([SITE_GENERATION, _generation_key(page.pk)])
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return ":".join(
        [
            "pace:page",
            str(page.pk),
            tokens.get(SITE_GENERATION, "0"),
            tokens.get(_generation_key(page.pk), "0"),
            digest,
        ]
    )


def purge_pages(page_ids) -> None:
    """Forget the cached responses of these pages."""
    token = uuid.uuid4().hex
    page_cache().set_many({_generation_key(pk): token for pk in page_ids}, timeout=None)


def purge_page_and_listings(page) -> None:
    """Forget a page and every page above it (its index, the home page), which list it."""
    purge_pages([page.pk, *page.get_ancestors().values_list("pk", flat=True)])


def purge_site() -> None:
    """Forget every cached page (a page moved, or a story must vanish everywhere at once)."""
    page_cache().set(SITE_GENERATION, uuid.uuid4().hex, timeout=None)


class CachedPageMixin:
    """Serve anonymous visitors from the page cache (see the module docstring for the rules)."""

    def serve(self, request, *args, **kwargs):
        if not request_is_cacheable(request):
            return super().serve(request, *args, **kwargs)
        key = cache_key(self, request)
        cached = page_cache().get(key)
        if cached is not None:
            return cached
        response = super().serve(request, *args, **kwargs)
        if request.method == "GET" and response_is_cacheable(response):

            def store(rendered):
                # Rendering may have asked for a CSRF token or touched the session: such a page
                # belongs to this visitor alone.
                session = getattr(request, "session", None)
                if (
                    response_is_cacheable(rendered)
                    and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                    and not (session is not None and session.modified)
                ):
                    page_cache().set(key, rendered, settings.PAGE_CACHE_SECONDS)

            if hasattr(response, "add_post_render_callback") and not response.is_rendered:
                response.add_post_render_callback(store)
            else:
                store(response)
        return response
