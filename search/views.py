"""Public site search over live, public pages, with editors' promoted results first."""

import re

from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from home.cache import private_sections_q
from home.models import StoryPage, paginate
from pace_site.access import public

from .highlight import highlight

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# Quotes, brackets, stars and the like are operators to the search engines underneath (SQLite's
# full-text search fails on a lone quote); people mean words, so only words are searched for.
NOT_A_WORD = re.compile(r"[^\w\s'-]+")


def searchable_pages():
    """Live, public pages, without stories whose parent's permission has lapsed."""
    hidden_stories = StoryPage.objects.exclude(
        pk__in=StoryPage.objects.with_consent().values("pk")
    ).values("pk")
    # `.public()`, from the cached list of restricted sections.
    return Page.objects.live().exclude(private_sections_q()).exclude(pk__in=hidden_stories)


def summary_of(page) -> str:
    return page.search_description or getattr(page, "summary", "") or ""


@public
@require_GET
def search(request):
    # Control characters (a NUL byte, say) mean nothing in a search and upset the database.
    query = "".join(ch for ch in request.GET.get("query", "") if ch.isprintable()).strip()
    error = ""
    if len(query) > MAX_QUERY_LENGTH:
        error = f"Please search for something shorter (up to {MAX_QUERY_LENGTH} characters)."
        query = ""
    promotions, results = [], None
    if query:
        promotions = [
            {"page": promo.page.specific, "description": promo.description}
            for promo in SearchPromotion.objects.filter(
                query__query_string=normalise_query_string(query), page__live=True
            )
            .filter(page__in=searchable_pages())
            .select_related("page")
            .order_by("sort_order")
        ]
        promoted_ids = {p["page"].pk for p in promotions}
        words = " ".join(NOT_A_WORD.sub(" ", query).split())
        found = (
            searchable_pages().exclude(pk__in=promoted_ids).specific().search(words)
            if words
            else Page.objects.none()
        )
        results = paginate(request, found, RESULTS_PER_PAGE)
        for promo in promotions:
            promo["summary"] = highlight(promo["description"] or summary_of(promo["page"]), query)
        results.object_list = [
            {"page": page, "summary": highlight(summary_of(page), query)}
            for page in results.object_list
        ]
    return render(
        request,
        "search/public/search.html",
        {
            "query": query,
            "error": error,
            "promotions": promotions if (results is None or results.number == 1) else [],
            "results": results,
            "total": (results.paginator.count if results else 0) + len(promotions),
            "query_string": urlencode({"query": query}) if query else "",
        },
    )
