"""Demo content for `manage.py seed_demo`: the public site as a visitor first meets it.

Idempotent: each page is looked up by its slug under its parent and only created when missing,
so running it again never overwrites what an editor has changed.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Site

from .models import (
    HomePage,
    ResourceIndexPage,
)
from .pdf import make_pdf

GUIDE_PDF_NAME = "pace-debt-bondage-guide.pdf"


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# Public numbers and sites, as the organisations publish them.
OTHER_ROUTES = [
    {
        "name": "999: police or ambulance",
        "text": "If someone is in danger right now, or a crime is happening.",
        "phone": "999",
        "url": "",
        "link_text": "",
    },
    {
        "name": "101: police, not an emergency",
        "text": "To tell the police something, or to ask for advice, when no one is in danger "
        "right now.",
        "phone": "101",
        "url": "https://www.police.uk/",
        "link_text": "Police.uk",
    },
    {
        "name": "NSPCC helpline",
        "text": "For adults worried about a child. Free.",
        "phone": "0808 800 5000",
        "url": "https://www.nspcc.org.uk/keeping-children-safe/reporting-abuse/",
        "link_text": "Contact the NSPCC",
    },
    {
        "name": "Childline",
        "text": "For children and young people, any time of day or night. Free, and it does "
        "not show on the phone bill.",
        "phone": "0800 1111",
        "url": "https://www.childline.org.uk/",
        "link_text": "Visit Childline",
    },
    {
        "name": "CEOP (Child Exploitation and Online Protection)",
        "text": "To report sexual abuse or grooming that happens online.",
        "phone": "",
        "url": "https://www.ceop.police.uk/Safety-Centre/",
        "link_text": "Make a report to CEOP",
    },
    {
        "name": "Missing People",
        "text": "If your child is missing, or has run away. Call or text, free, any time.",
        "phone": "116 000",
        "url": "https://www.missingpeople.org.uk/",
        "link_text": "Visit Missing People",
    },
]

COVER_YOUR_TRACKS = [
    ("heading", "What Exit this page does"),
    (
        "paragraph",
        _p(
            "The <b>Exit this page</b> button at the top of every page, or pressing the Shift "
            "key 3 times, takes you to a weather website at once. Pressing Back will not bring "
            "you here, and you are signed out."
        ),
    ),
    ("heading", "What it does not do"),
    (
        "paragraph",
        _p(
            "It does not delete your browsing history, and it cannot remove a file you have "
            "downloaded, such as a guide."
        )
        + "<ul><li>Use a private or incognito window: it keeps no history.</li>"
        "<li>Or delete this site from your browser history afterwards.</li>"
        "<li>Delete any guide you downloaded from your downloads folder.</li>"
        "<li>Use a phone or computer that only you use, if you can.</li></ul>",
    ),
]


def _child(parent: Page, page: Page, *, publish: bool = True) -> Page:
    """The child with this slug, created (and published) if it does not exist yet."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


# What search engines and link previews show for each demo page, by slug (at most 160 characters).
DESCRIPTIONS = {
    "home": "Pace supports parents and carers whose children are being sexually or criminally "
    "exploited. Guides, parents' stories and someone to talk to.",
    "guides": "Practical guides about child exploitation, for parents and carers and for the "
    "professionals who work with them.",
    "support": "If your child is being exploited, you do not have to face it alone. Who to "
    "call, what to do now, and how to keep your visit private.",
    "about": "Parents Against Child Exploitation (Pace) works alongside parents and carers of "
    "children exploited by people outside the family.",
    "debt-bondage-guide": "How criminals use made-up debts to control children, the signs to "
    "look out for, and what parents and professionals can do.",
    "working-with-families": "For social workers, police and teachers: how to work with "
    "parents as partners when a child is being exploited.",
    "a-guide-for-parents": "What child exploitation is, what you might notice, and how to look "
    "after yourself and your family. Written with parents.",
    "stories": "Parents tell their own stories of child exploitation, under names they chose and "
    "with their permission.",
    "joe": "Joe's daughter was sexually exploited and social care blamed him first. How he went "
    "from feeling powerless to being heard.",
    "anna": "Anna's child was criminally exploited. How she found Pace afterwards, and how she "
    "now helps other parents.",
    "news": "News from Parents Against Child Exploitation (Pace): our work with parents, "
    "training for professionals and what we publish.",
    "ceo-update-parent-participation": "Parents spoke at a national event, the Debt Bondage "
    "Guide is nearly ready, and our training reached over 1,000 professionals.",
    "parents-as-partners": "How parents with lived experience shape Pace's work: our research, "
    "the training we give and the services we offer.",
}


# The demo's pictures (home/demo_images, drawn for the project, CC0): by page slug, the file and
# its description (None: only decoration).
DEMO_IMAGES = Path(__file__).resolve().parent / "demo_images"
PICTURES: dict[str, tuple[str, str | None]] = {
    "home": ("home-at-dawn.png", "A small house at sunrise, with a path leading to its door"),
    "guides": ("path-through-hills.png", "A path winding through green hills towards the sun"),
    "debt-bondage-guide": ("path-in-the-morning.png", "A path through hills on a clear morning"),
    "working-with-families": ("path-at-evening.png", "A path through hills in the evening light"),
    "a-guide-for-parents": ("home-at-dawn.png", "A small house at sunrise, with a path to it"),
    "stories": ("circles-together.png", None),
    "joe": ("circles-side-by-side.png", None),
    "anna": ("circles-close.png", None),
}


def demo_image(filename: str) -> Image:
    """The illustration from home/demo_images, added to the image library once."""
    title = f"Illustration: {Path(filename).stem.replace('-', ' ')}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        with open(DEMO_IMAGES / filename, "rb") as file:
            image = Image(title=title, file=ImageFile(file, name=filename))
            image.save()
    return image


def _describe(home: Page) -> None:
    """Gives each demo page its description and picture, once (an editor's own choice is never
    replaced)."""
    pages = Page.objects.live().descendant_of(home, inclusive=True)
    for page in pages.filter(slug__in=DESCRIPTIONS | PICTURES).specific():
        changed = False
        if not page.search_description and page.slug in DESCRIPTIONS:
            page.search_description = DESCRIPTIONS[page.slug]
            changed = True
        if hasattr(page, "picture_id") and page.picture_id is None and page.slug in PICTURES:
            filename, alt = PICTURES[page.slug]
            page.picture = demo_image(filename)
            page.picture_alt = alt or ""
            page.picture_is_decorative = alt is None
            changed = True
        if changed:
            page.save_revision().publish()


def home_page() -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="Pace: Parents Against Child Exploitation", slug="home")
        root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Pace"},
    )
    return home


def guide_pdf() -> Document:
    document = Document.objects.filter(title="Debt Bondage Guide (PDF)").first()
    if document is not None:
        return document
    pdf = make_pdf(
        "Debt Bondage Guide",
        [
            "A guide for parents and carers, written with parents.",
            "",
            "1. What debt bondage is",
            "2. How it starts",
            "3. Signs to look out for",
            "4. What you can do",
            "5. Getting help",
            "",
            "Pace: Parents Against Child Exploitation. Helpline 0113 240 3040.",
        ],
    )
    document = Document(title="Debt Bondage Guide (PDF)")
    document.file.save(GUIDE_PDF_NAME, ContentFile(pdf), save=False)
    document._set_document_file_metadata()
    document.file.close()
    document.save()
    return document


def _story_consent(parent, detail: str, recorded_by):
    from participation.models import Consent, ConsentPurpose

    consent = (
        Consent.objects.active()
        .filter(parent=parent, purpose=ConsentPurpose.STORY, detail=detail)
        .first()
    )
    if consent is None:
        consent = Consent.objects.create(
            parent=parent, purpose=ConsentPurpose.STORY, detail=detail, recorded_by=recorded_by
        )
    return consent


def seed_demo(*, users, stdout) -> None:
    from .demo_pages import seed_guides, seed_home, seed_news, seed_stories, seed_support

    home = home_page()
    guides = _child(
        home,
        ResourceIndexPage(
            title="Guides",
            slug="guides",
            show_in_menus=True,
            intro="Practical guides about child exploitation, for parents and for professionals.",
        ),
    )
    seed_home(home, guides)
    support = seed_support(home)
    debt_bondage = seed_guides(guides)
    seed_stories(home, users)
    seed_news(home)

    _describe(home)

    for phrase in ("county lines", "debt bondage"):
        query = Query.get(phrase)
        SearchPromotion.objects.get_or_create(
            query=query,
            page=debt_bondage,
            defaults={"description": "Our guide for parents and professionals.", "sort_order": 0},
        )
    stdout.write(
        f"  public site: {Page.objects.live().descendant_of(home).count()} live pages, support at {support.url}"
    )
