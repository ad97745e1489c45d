"""Small factories for the public site's pages, documents and consents."""

import factory
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents.models import Document
from wagtail.models import Collection, Locale, Page, Site

from home.models import (
    Audience,
    GuidePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    StandardPage,
    StoryIndexPage,
    StoryPage,
)
from home.pdf import make_pdf
from pace_site.accounts.roles import Role
from participation.models import Consent, ConsentPurpose, Parent
from tests.factories import make_user


def site_home() -> HomePage:
    """The site's home page; made again when a transactional test has emptied the tables."""
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = HomePage(title="Pace: Parents Against Child Exploitation", slug="home")
        root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Pace"},
    )
    return home


def body(*headings: str) -> list:
    blocks = []
    for heading in headings or ("About this",):
        blocks += [("heading", heading), ("paragraph", f"<p>Text about {heading.lower()}.</p>")]
    return blocks


class PageFactory(factory.django.DjangoModelFactory):
    """Creates the page under `parent` (the home page by default) and publishes it unless
    `publish=False`."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        page = model_class(*args, **kwargs)
        if not publish:
            page.live = False
        (parent or site_home()).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    intro = "A plain page."
    body = factory.LazyFunction(lambda: body("About us"))


class ResourceIndexPageFactory(PageFactory):
    class Meta:
        model = ResourceIndexPage

    title = "Guides"
    intro = "Practical guides."
    show_in_menus = True


class GuidePageFactory(PageFactory):
    class Meta:
        model = GuidePage

    title = factory.Sequence(lambda n: f"Guide {n}")
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    audience = Audience.BOTH
    body = factory.LazyFunction(lambda: body("First section", "Second section"))


class StoryIndexPageFactory(PageFactory):
    class Meta:
        model = StoryIndexPage

    title = "Parents' stories"
    slug = "stories"
    show_in_menus = True


class StoryPageFactory(PageFactory):
    class Meta:
        model = StoryPage

    title = factory.Sequence(lambda n: f"Story {n}")
    pseudonym = "Joe"
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    body = factory.LazyFunction(lambda: body("What happened"))


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    show_in_menus = True


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News item {n}")
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    body = factory.LazyFunction(lambda: body("Update"))


def make_parent(**kwargs) -> Parent:
    user = kwargs.pop("user", None) or make_user(Role.PARENT)
    return Parent.objects.create(
        user=user, preferred_name=kwargs.pop("preferred_name", "Samantha Realname"), **kwargs
    )


def make_story_consent(parent: Parent | None = None, **kwargs) -> Consent:
    return Consent.objects.create(
        parent=parent or make_parent(pseudonym="Joe"),
        purpose=kwargs.pop("purpose", ConsentPurpose.STORY),
        detail=kwargs.pop("detail", "Joe's story"),
        **kwargs,
    )


def make_pdf_document(title: str = "Guide (PDF)") -> Document:
    document = Document(title=title)
    document.file.save("guide.pdf", ContentFile(make_pdf(title, ["Line one"])), save=False)
    document._set_document_file_metadata()
    document.file.close()
    document.save()
    return document
