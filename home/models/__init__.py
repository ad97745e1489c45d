"""Page types of the public site: home, standard pages, guides, parent stories and news,
one module a section (base, guides, stories, news) and the helpline setting."""

from .base import (  # noqa: F401
    CONSENT_REFUSAL,
    MEDIA_EXTENSIONS,
    META_DESCRIPTION_LENGTH,
    PICTURE_PREFETCH,
    Audience,
    PicturedPage,
    PublicPage,
    PublicPageQuerySet,
    StandardPage,
    paginate,
)
from .guides import GuidePage, GuidePartner, GuideTopic, ResourceIndexPage  # noqa: F401
from .homepage import HomePage  # noqa: F401
from .news import NewsIndexPage, NewsPage  # noqa: F401
from .settings import HelplineSettings, _default_helpline  # noqa: F401
from .stories import StoryIndexPage, StoryPage, StoryPageForm, StoryPageQuerySet, consent_label  # noqa: F401
