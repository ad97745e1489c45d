"""Cache for rendered public pages, kept in the `pages` cache alias.

The lookup happens before Wagtail routes the request (`serve_page` in home/views.py), so a hit
costs no database query. Only anonymous GET responses of page types that opt in
(`CachedPageMixin`) are stored, only when they set no cookie, and only for visitors whose session
is empty: no message, CSRF token or sign-in state can end up in a page someone else is served.

Each key holds a generation token of the whole site and one of the request's path; purging a page
gives its path (and its ancestors' paths, whose pages list it) a new token, so old entries are
never read again and expire on their own. Nothing is flushed: in production the cache shares
Redis with the Celery broker.
"""

import hashlib
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches

SITE_GENERATION = "pace:pages:generation"
CACHEABLE_ATTRIBUTE = "pace_page_cacheable"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _path_generation_key(path: str) -> str:
    return "pace:path:" + hashlib.sha256(path.encode()).hexdigest()[:32]


def request_is_cacheable(request) -> bool:
    if request.method not in {"GET", "HEAD"} or getattr(request, "is_preview", False):
        return False
    if request.user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is None or session.is_empty()


def response_is_cacheable(request, response) -> bool:
    """A page that opted in, rendered for nobody in particular."""
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    return (
        getattr(response, CACHEABLE_ATTRIBUTE, False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        # Rendering may have asked for a CSRF token or touched the session.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
    )


def cache_key(request) -> str:
    path_key = _path_generation_key(request.path)
    tokens = page_cache().get_many([SITE_GENERATION, path_key])
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return ":".join(
        [
            "pace:page",
            tokens.get(SITE_GENERATION, "0"),
            tokens.get(path_key, "0"),
            hashlib.sha256(address.encode()).hexdigest()[:32],
        ]
    )


def cached_response(request):
    """The stored response for this request, or None. Also returns the key to store under."""
    if not request_is_cacheable(request):
        return None, None
    key = cache_key(request)
    return page_cache().get(key), key


def store_when_rendered(request, response, key) -> None:
    if key is None or request.method != "GET":
        return

    def store(rendered):
        if response_is_cacheable(request, rendered):
            page_cache().set(key, rendered, settings.PAGE_CACHE_SECONDS)

    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(store)
    else:
        store(response)


def _path_of(page) -> str | None:
    url = page.get_url()
    return urlsplit(url).path if url else None


def purge_paths(paths) -> None:
    token = uuid.uuid4().hex
    page_cache().set_many({_path_generation_key(p): token for p in paths if p}, timeout=None)


def purge_page_and_listings(page) -> None:
    """Forget a page and every page above it (its index, the home page), which list it."""
    pages = [page, *page.get_ancestors().filter(depth__gt=1)]
    purge_paths([_path_of(p) for p in pages])


def purge_site() -> None:
    """Forget every cached page (a page moved, or a story must vanish everywhere at once)."""
    page_cache().set(SITE_GENERATION, uuid.uuid4().hex, timeout=None)


class CachedPageMixin:
    """Page types whose anonymous responses may be cached (see the module docstring)."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        setattr(response, CACHEABLE_ATTRIBUTE, True)
        return response
