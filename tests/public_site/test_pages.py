"""Page types create, render and validate."""

import datetime
import gc
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from home.blocks import BodyBlock, ImageBlock
from home.cache import purge_site
from home.models import StoryPage
from tests.helpers import scripts_besides_our_own

from .factories import (
    GuidePageFactory,
    NewsPageFactory,
    StandardPageFactory,
    StoryPageFactory,
    make_story_consent,
)

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL.rstrip("/")


HELPLINE_LINK = (
    '<p class="callout__phone">Call Pace: <a href="tel:01132403040">0113 240 3040</a></p>'
)


def section(html: str, start: str, end: str) -> str:
    """The part of the page from `start` to the next `end` (fails if it is not there)."""
    assert start in html, start
    rest = html.split(start, 1)[1]
    return rest.split(end, 1)[0]


def text(response) -> str:
    return response.content.decode()


def test_home_page_shows_routes_helpline_featured_guides_and_stories(
    client, home, debt_bondage_guide, story, news_item
):
    debt_bondage_guide.is_featured = True
    debt_bondage_guide.save_revision().publish()
    story.is_featured = True
    story.save_revision().publish()
    home.routes = [
        (
            "route",
            {
                "heading": "I'm a parent",
                "text": "Start here.",
                "page": debt_bondage_guide.get_parent(),
                "query": "audience=parents",
                "link_text": "Guides for parents",
            },
        )
    ]
    home.save_revision().publish()

    html = text(client.get("/"))
    assert "I&#x27;m a parent" in html
    assert 'href="/guides/?audience=parents"' in html
    # The helpline box itself, not the footer (which has the number on every page).
    box = section(
        html, '<aside class="helpline-first" aria-labelledby="helpline-heading">', "</aside>"
    )
    assert 'Call Pace on <a href="tel:01132403040">0113 240 3040</a>' in box
    assert "Open Monday to Friday, 9am to 5pm." in box
    # It comes before the routes, so a phone shows it in the first screen.
    assert html.index("helpline-heading") < html.index("I&#x27;m a parent")
    assert "Debt Bondage Guide" in html
    assert "Joe finds his voice" in html
    assert "CEO update" in html
    assert "Exit this page" in html
    assert '<meta name="robots" content="index, follow">' in html


def test_guide_shows_contents_download_credit_and_dates(client, debt_bondage_guide):
    debt_bondage_guide.partners.create(name="Home Office")
    debt_bondage_guide.last_reviewed_on = datetime.date(2026, 1, 5)
    debt_bondage_guide.save_revision().publish()

    html = text(client.get("/guides/debt-bondage-guide/"))
    assert '<a href="#section-what-debt-bondage-is" data-in-page>What debt bondage is</a>' in html
    assert '<h2 id="section-what-debt-bondage-is">What debt bondage is</h2>' in html
    document = debt_bondage_guide.document
    assert f'href="/documents/{document.pk}/{document.filename}"' in html
    assert "PDF, " in html and "bytes" in html
    assert "Written with parents." in html
    assert "Home Office" in html
    assert "5 January 2026" in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<link rel="canonical" href="{SITE}/guides/debt-bondage-guide/">' in html
    # Breadcrumbs lead back through the index.
    assert '<a href="/guides/">Guides</a>' in html


def test_guide_index_filters_by_audience_and_topic(client, guides):
    for_parents = GuidePageFactory(parent=guides, title="For parents", audience="parents")
    for_parents.topics.add("online harm")
    for_parents.save_revision().publish()
    GuidePageFactory(parent=guides, title="For professionals", audience="professionals")
    GuidePageFactory(parent=guides, title="For everyone", audience="both")

    html = text(client.get("/guides/?audience=parents"))
    assert "For parents" in html and "For everyone" in html
    assert "For professionals" not in html

    html = text(client.get("/guides/?topic=online-harm"))
    assert "For parents" in html
    assert "For everyone" not in html

    # Unknown filters and page numbers are ignored, not errors.
    response = client.get("/guides/?audience=<script>&topic=nope&page=abc")
    assert response.status_code == 200
    assert scripts_besides_our_own(text(response)) == 0
    assert "For professionals" in text(response)


def test_story_shows_content_warning_before_the_story_and_the_transcript(
    client, story_index, story_consent
):
    media = Document(title="Joe talking")
    media.file.save("joe.mp3", ContentFile(b"ID3 not really audio"), save=False)
    media.save()
    StoryPageFactory(
        parent=story_index,
        title="Joe speaks",
        slug="joe-speaks",
        consent=story_consent,
        content_warning="This story mentions violence.",
        media=media,
        transcript="Hello, I am Joe.",
    )
    html = text(client.get("/stories/joe-speaks/"))
    assert html.index("This story mentions violence.") < html.index("Text about what happened.")
    assert '<details class="story__reveal">' in html
    assert f'<audio controls preload="none" src="{media.url}"' in html
    assert "Hello, I am Joe." in html
    assert "Joe is a pseudonym" in html


def test_standard_and_news_pages_render(client, home, news_index):
    StandardPageFactory(parent=home, title="Get help", slug="support")
    NewsPageFactory(parent=news_index, title="Parents as partners", slug="partners")
    assert "Text about about us." in text(client.get("/support/"))
    news_html = text(client.get("/news/"))
    assert "Parents as partners" in news_html
    assert 'href="/feeds/news.rss"' in news_html
    assert "Text about update." in text(client.get("/news/partners/"))


def test_image_block_requires_alt_text():
    with pytest.raises(ValidationError):
        ImageBlock().clean({"image": None, "alt_text": "", "caption": ""})
    stream = BodyBlock()
    with pytest.raises(ValidationError):
        stream.clean(stream.to_python([{"type": "image", "value": {"alt_text": ""}}]))


def test_story_with_media_needs_a_transcript_and_an_audio_or_video_file(story):
    document = Document(title="Not audio")
    document.file.save("notes.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    story.media = document
    story.transcript = "   "
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert set(error.value.message_dict) == {"media", "transcript"}


def test_guide_refuses_a_future_review_date_and_a_non_pdf_download(debt_bondage_guide):
    debt_bondage_guide.last_reviewed_on = timezone.localdate() + datetime.timedelta(days=1)
    other = Document(title="Word file")
    other.file.save("guide.docx", ContentFile(b"PK"), save=False)
    other.save()
    debt_bondage_guide.document = other
    with pytest.raises(ValidationError) as error:
        debt_bondage_guide.full_clean()
    assert set(error.value.message_dict) == {"last_reviewed_on", "document"}


def test_story_without_consent_cannot_be_published(story_index):
    draft = StoryPageFactory(parent=story_index, title="No consent", publish=False)
    with pytest.raises(ValidationError) as error:
        draft.save_revision().publish()
    assert "needs the parent's active permission" in str(error.value)
    assert not StoryPage.objects.get(pk=draft.pk).live


def test_story_with_withdrawn_or_other_purpose_consent_cannot_be_published(story_index):
    withdrawn = make_story_consent(withdrawn_at=timezone.now())
    draft = StoryPageFactory(parent=story_index, consent=withdrawn, publish=False)
    with pytest.raises(ValidationError):
        draft.save_revision().publish()

    photos = make_story_consent(purpose="photos")
    draft.consent = photos
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "consent" in error.value.message_dict
    assert not StoryPage.objects.get(pk=draft.pk).live


def test_robots_and_sitemap(client, debt_bondage_guide):
    robots = text(client.get("/robots.txt"))
    assert "Disallow: /admin/" in robots and "Disallow: /my/" in robots
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    sitemap = text(client.get("/sitemap.xml"))
    assert f"{SITE}/guides/debt-bondage-guide/" in sitemap


def test_news_feeds(client, news_item):
    rss = client.get("/feeds/news.rss")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "CEO update" in text(rss)
    atom = client.get("/feeds/news.atom")
    assert "http://www.w3.org/2005/Atom" in text(atom)
    assert client.post("/feeds/news.rss").status_code == 405


def test_missing_page_is_the_styled_404_with_exit_this_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "find that page" in text(response)
    assert "Exit this page" in text(response)


def png_image(title="A calm room"):
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#2c4f7c").save(buffer, "PNG")
    from django.core.files.images import ImageFile

    image = Image.objects.create(title=title, file=ImageFile(buffer, name="room.png"))
    image.file.close()
    return image


# Wagtail's rendition code leaves a SpooledTemporaryFile for the garbage collector to close.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_every_block_renders_and_a_deleted_document_or_image_leaves_no_hole(client, home):
    from .factories import make_pdf_document

    image, document = png_image(), make_pdf_document("Leaflet")
    StandardPageFactory(
        parent=home,
        title="All the blocks",
        slug="blocks",
        body=[
            ("heading", "A heading"),
            ("paragraph", "<p>Some <b>text</b>.</p>"),
            ("pull_quote", {"quote": "I was heard.", "attribution": "Joe, a parent"}),
            ("callout", {"heading": "Call us", "text": "<p>Any time.</p>", "show_helpline": True}),
            ("image", {"image": image, "alt_text": "An empty, calm room", "caption": ""}),
            ("document", {"document": document, "title": "Our leaflet"}),
            (
                "accordion",
                {"heading": "FAQ", "items": [{"question": "Why?", "answer": "<p>Because.</p>"}]},
            ),
            ("statistic", {"figure": "96%", "label": "felt less isolated", "source": ""}),
        ],
    )
    html = text(client.get("/blocks/"))
    for expected in [
        '<h2 id="section-a-heading">A heading</h2>',
        "<b>text</b>",
        "I was heard.",
        "Joe, a parent",
        'alt="An empty, calm room"',
        f'<a href="{document.url}">Our leaflet</a>',
        "(PDF, ",
        "<summary>Why?</summary>",
        '<strong class="statistic__figure">96%</strong>',
    ]:
        assert expected in html, expected
    # The callout that asks for it shows the helpline (the footer's number does not count).
    assert HELPLINE_LINK in section(
        html, '<aside class="callout" aria-label="Call us">', "</aside>"
    )

    image.delete()
    document.delete()
    purge_site()
    html = text(client.get("/blocks/"))
    assert "Our leaflet" not in html and "An empty, calm room" not in html
    assert "I was heard." in html
    gc.collect()  # close Wagtail's leftover temporary file here, under this test's filters
