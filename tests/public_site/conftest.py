import pytest

from home.cache import purge_site

from .factories import (
    GuidePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceIndexPageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    make_pdf_document,
    make_story_consent,
    site_home,
)


@pytest.fixture(autouse=True)
def fresh_page_cache(db):
    """Each test starts with nothing cached (the Redis page cache outlives a test)."""
    purge_site()


@pytest.fixture
def home(db):
    return site_home()


@pytest.fixture
def guides(home):
    return ResourceIndexPageFactory(parent=home)


@pytest.fixture
def debt_bondage_guide(guides):
    guide = GuidePageFactory(
        parent=guides,
        title="Debt Bondage Guide",
        slug="debt-bondage-guide",
        summary="How made-up debts are used to control children.",
        is_written_with_parents=True,
        document=make_pdf_document("Debt Bondage Guide (PDF)"),
        body=[
            ("heading", "What debt bondage is"),
            ("paragraph", "<p>Debt bondage is when a child is made to work off a debt.</p>"),
            ("heading", "Signs to look out for"),
            ("paragraph", "<p>New phones or money you cannot explain.</p>"),
        ],
    )
    guide.topics.add("debt bondage", "county lines")
    guide.save_revision().publish()
    return guide


@pytest.fixture
def story_index(home):
    return StoryIndexPageFactory(parent=home)


@pytest.fixture
def story_consent(db):
    return make_story_consent()


@pytest.fixture
def story(story_index, story_consent):
    return StoryPageFactory(
        parent=story_index,
        title="Joe finds his voice",
        slug="joe",
        consent=story_consent,
        summary="Joe was blamed at first.",
    )


@pytest.fixture
def news_index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def news_item(news_index):
    return NewsPageFactory(parent=news_index, title="CEO update", slug="ceo-update")
