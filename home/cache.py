"""Cache for rendered public pages, kept in the `pages` cache alias.

The lookup happens before Wagtail routes the request (`serve_page` in home/views.py), so a hit
costs no database query. Only anonymous GET responses of page types that opt in
(`CachedPageMixin`) are stored, only when they set no cookie, and only for visitors whose session
is empty: no message, CSRF token or sign-in state can end up in a page someone else is served.

Each key holds a generation token of the whole site and one of the request's path; purging a page
gives its path (and its ancestors' paths, whose pages list it) a new token, so old entries are
never read again and expire on their own. Nothing is flushed: in production the cache shares
Redis with the Celery broker.

A purge can be missed (Redis unreachable at that moment, a reaction failing), so a hit is also
checked against the database before it is served (`Validity`): the page must still be live and
public, and no parent's permission for a story may have ended since the copy was made. That costs
two small queries, and it is what keeps a withdrawn story or a newly private page from being
served from the cache for a single request.
"""

import hashlib
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Exists, Max, Q
from wagtail.models import Page, PageViewRestriction

from participation.models import Consent, ConsentPurpose

SITE_GENERATION = "pace:pages:generation"
RESTRICTED_SECTIONS = "pace:pages:restricted-sections"
RESTRICTED_SECTIONS_SECONDS = 60
CACHEABLE_ATTRIBUTE = "pace_page_cacheable"
VALIDITY_ATTRIBUTE = "pace_page_validity"


def story_consents_state() -> str:
    """Changes whenever a story permission is withdrawn or removed (one aggregate query)."""
    state = Consent.objects.filter(purpose=ConsentPurpose.STORY).aggregate(
        total=Count("pk"), withdrawn=Count("withdrawn_at"), latest=Max("withdrawn_at")
    )
    return f"{state['total']}:{state['withdrawn']}:{state['latest']}"


def _ancestor_paths(tree_path: str) -> list[str]:
    step = Page.steplen
    return [tree_path[:end] for end in range(step, len(tree_path) + 1, step)]


@dataclass(frozen=True)
class Validity:
    """What a cached copy of a page relied on when it was made."""

    tree_path: str
    consents: str

    @classmethod
    def of(cls, page) -> "Validity":
        return cls(tree_path=page.path, consents=story_consents_state())

    def still_holds(self) -> bool:
        """Still live, still public (no restriction on it or above it), no story permission
        ended since: two small queries."""
        restricted = PageViewRestriction.objects.filter(
            page__path__in=_ancestor_paths(self.tree_path)
        )
        open_and_live = list(
            Page.objects.filter(path=self.tree_path, live=True)
            .annotate(is_restricted=Exists(restricted))
            .values_list("is_restricted", flat=True)
        )
        if open_and_live != [False]:
            return False
        return self.consents == story_consents_state()


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
    """The stored response for this request, or None. Also returns the key to store under.

    A stored copy is served only while what it relied on still holds (see Validity)."""
    if not request_is_cacheable(request):
        return None, None
    key = cache_key(request)
    entry = page_cache().get(key)
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], Validity)):
        return None, key
    response, validity = entry
    if not validity.still_holds():
        return None, key
    return response, key


def store_when_rendered(request, response, key) -> None:
    if key is None or request.method != "GET":
        return

    def store(rendered):
        validity = getattr(rendered, VALIDITY_ATTRIBUTE, None)
        if validity is not None and response_is_cacheable(request, rendered):
            delattr(rendered, VALIDITY_ATTRIBUTE)
            page_cache().set(key, (rendered, validity), settings.PAGE_CACHE_SECONDS)

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
    """Forget every cached page (a page moved, or a story must vanish everywhere at once), and
    the list of restricted sections (a restriction changed, or a page moved with its own)."""
    page_cache().set(SITE_GENERATION, uuid.uuid4().hex, timeout=None)
    page_cache().delete(RESTRICTED_SECTIONS)


def restricted_sections() -> list[str]:
    """The tree paths of the pages with a view restriction (each restricts its descendants
    too): one query, then kept in the page cache until a restriction changes or a page moves
    (`purge_site`), and at most a minute, in case that purge was missed or a request read the
    list just before a new restriction was committed. (A restricted page itself is always
    checked by Wagtail's routing; this list only keeps it out of listings and search.)"""
    paths = page_cache().get(RESTRICTED_SECTIONS)
    if not isinstance(paths, list):
        paths = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
        page_cache().set(RESTRICTED_SECTIONS, paths, RESTRICTED_SECTIONS_SECONDS)
    return paths


def private_sections_q() -> Q:
    """Pages in or under a restricted section, as Wagtail's `PageQuerySet.private_q` has it
    (nothing at all when the site has no restricted page)."""
    q = Q()
    for path in restricted_sections():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


class CachedPageMixin:
    """Page types whose anonymous responses may be cached (see the module docstring)."""

    def serve(self, request, *args, **kwargs):
        # Read before rendering: a permission withdrawn meanwhile makes the copy stale at once.
        validity = Validity.of(self)
        response = super().serve(request, *args, **kwargs)
        setattr(response, CACHEABLE_ATTRIBUTE, True)
        setattr(response, VALIDITY_ATTRIBUTE, validity)
        return response
