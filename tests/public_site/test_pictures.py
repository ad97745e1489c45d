"""Pages' pictures: described or marked as decoration, responsive AVIF/WebP/JPEG, lazy below."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from home.demo import DEMO_IMAGES, PICTURES, demo_image

from .factories import GuidePageFactory

pytestmark = [
    pytest.mark.django_db,
    # Wagtail's rendition code leaves a SpooledTemporaryFile for the garbage collector.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]

PHONE_BUDGET = 60 * 1024  # bytes: no picture heavier than this at a phone's width


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, flags=re.S)


def img_tag(picture: str) -> str:
    return re.search(r"<img [^>]*>", picture).group(0)


def test_a_picture_needs_a_description_unless_it_is_only_decoration(guides):
    guide = GuidePageFactory(parent=guides, slug="pictured")
    guide.picture = demo_image("path-in-the-morning.png")
    with pytest.raises(ValidationError) as error:
        guide.full_clean()
    assert "picture_alt" in error.value.message_dict
    guide.picture_alt = "A path through hills"
    guide.full_clean()
    guide.picture_alt, guide.picture_is_decorative = "", True
    guide.full_clean()
    assert guide.picture_alt_text == ""


def test_page_picture_is_responsive_described_and_first_screen(client, guides):
    guide = GuidePageFactory(parent=guides, slug="pictured")
    guide.picture = demo_image("path-in-the-morning.png")
    guide.picture_alt = "A path through hills on a clear morning"
    guide.save_revision().publish()

    html = client.get(guide.url).content.decode()
    [top] = pictures(html)
    assert '<source sizes="' in top and 'type="image/avif"' in top and 'type="image/webp"' in top
    assert top.count(" 400w") == 3 and top.count(" 800w") == 3 and top.count(" 1200w") == 3
    img = img_tag(top)
    assert 'alt="A path through hills on a clear morning"' in img
    assert 'width="400"' in img and 'height="200"' in img and ".jpg" in img
    assert 'loading="lazy"' not in img  # the first screen's picture comes at once

    # On the guides page, the guide's card picture is decoration and waits until scrolled to.
    [card] = pictures(client.get(guides.url).content.decode())
    card_img = img_tag(card)
    assert 'alt=""' in card_img and 'loading="lazy"' in card_img
    assert 'width="400"' in card_img and 'height="200"' in card_img


def test_a_decorative_picture_has_empty_alt(client, story):
    story.picture = demo_image("circles-close.png")
    story.picture_is_decorative = True
    story.picture_alt = "ignored"
    story.save_revision().publish()
    [top] = pictures(client.get(story.url).content.decode())
    assert 'alt=""' in img_tag(top)


def test_no_rendition_for_a_phone_is_heavier_than_60_kb(client, guides):
    guide = GuidePageFactory(parent=guides, slug="pictured")
    guide.picture = demo_image("home-at-dawn.png")
    guide.picture_alt = "A house"
    guide.save_revision().publish()
    client.get(guide.url)
    client.get(guides.url)
    sizes = {r.filter_spec: r.file.size for r in guide.picture.renditions.all()}
    assert len(sizes) == 4 * 3  # widths 400, 600, 800 and 1200, each in AVIF, WebP and JPEG
    assert max(sizes.values()) < PHONE_BUDGET, sizes
    avif = {spec: size for spec, size in sizes.items() if "avif" in spec}
    assert avif and max(avif.values()) < 20 * 1024, avif


def test_demo_illustrations_are_real_pictures_with_a_licence():
    readme = (DEMO_IMAGES / "README.md").read_text()
    assert "CC0" in readme
    for filename, _alt in PICTURES.values():
        assert filename in readme
        with PILImage.open(DEMO_IMAGES / filename) as image:
            assert image.size == (1600, 1000)
            assert (DEMO_IMAGES / filename).stat().st_size < 100 * 1024


def test_demo_images_are_imported_once_and_set_on_the_pages(users):
    from django.apps import apps
    from wagtail.images.models import Image
    from wagtail.models import Page

    from home.demo import seed_demo

    apps.get_app_config("participation").seed_demo(users=users, stdout=io.StringIO())
    seed_demo(users=users, stdout=io.StringIO())
    seed_demo(users=users, stdout=io.StringIO())
    assert Image.objects.count() == len({filename for filename, _alt in PICTURES.values()})
    for page in Page.objects.filter(slug__in=PICTURES).specific():
        filename, alt = PICTURES[page.slug]
        assert page.picture.file.name.split("/")[-1].startswith(filename.split(".")[0][:16])
        assert page.picture_alt_text == (alt or "")
        assert page.picture_is_decorative is (alt is None)


@pytest.mark.parametrize("size", [2, 6])
def test_a_listing_of_pictured_pages_costs_two_queries_more_whatever_its_length(
    client, guides, size
):
    """The pictures of a listing and their renditions are fetched once each, for any number of
    pages on it (home.models.PICTURE_PREFETCH)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.cache import purge_site

    def uncached_queries() -> int:
        purge_site()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(guides.url).status_code == 200
        return len(queries)

    plain = [GuidePageFactory(parent=guides) for _ in range(size)]
    client.get(guides.url)  # the site's root paths are cached on first use
    without = uncached_queries()
    for n, guide in enumerate(plain):
        guide.picture = demo_image(["home-at-dawn.png", "path-in-the-morning.png"][n % 2])
        guide.picture_alt = "An illustration"
        guide.save_revision().publish()
    client.get(guides.url)  # the renditions are made on the first visit
    pictured = uncached_queries()

    assert len(pictures(client.get(guides.url).content.decode())) == size
    assert pictured == without + 2
