"""Demo content for `manage.py seed_demo`: the public site as a visitor first meets it.

Idempotent: each page is looked up by its slug under its parent and only created when missing,
so running it again never overwrites what an editor has changed.
"""

import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Site

from pace_site.accounts.roles import Role
from participation.demo import cast

from .models import (
    Audience,
    GuidePage,
    GuidePartner,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    StandardPage,
    StoryIndexPage,
    StoryPage,
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
    if not home.routes:
        home.intro = _p(
            "We work alongside parents and carers of children who are being, or are at risk of "
            "being, sexually or criminally exploited by people outside the family."
        )
        home.routes = [
            (
                "route",
                {
                    "heading": "I'm a parent or carer",
                    "text": "Worried your child is being groomed or exploited? Start with our "
                    "guides for parents, written with parents who have been there.",
                    "page": guides,
                    "query": "audience=parents",
                    "link_text": "Guides for parents",
                },
            ),
            (
                "route",
                {
                    "heading": "I'm a professional",
                    "text": "Social workers, police, teachers and health staff: learn how to work "
                    "with families as partners in keeping a child safe.",
                    "page": guides,
                    "query": "audience=professionals",
                    "link_text": "Guides for professionals",
                },
            ),
        ]
        home.body = [
            (
                "statistic",
                {
                    "figure": "96%",
                    "label": "of parents in our participation programme felt less isolated",
                    "source": "Pace evaluation, 2022",
                },
            ),
            (
                "paragraph",
                _p(
                    "Pace was established in 1996. We have supported over 4,000 families and "
                    "trained 12,000 professionals to work with parents as partners in "
                    "safeguarding their children."
                ),
            ),
        ]
        home.save_revision().publish()

    support = _child(
        home,
        StandardPage(
            title="Get help",
            slug="support",
            show_in_menus=True,
            intro="If your child is being exploited, you do not have to face it alone.",
            body=[
                (
                    "callout",
                    {
                        "heading": "Talk to us",
                        "text": _p("Our parent support team listens without judging."),
                        "show_helpline": True,
                    },
                ),
                ("heading", "Cover your tracks"),
                (
                    "paragraph",
                    _p(
                        "If the person who is exploiting your child may look at your phone or "
                        "computer, you can hide your visit to this site. "
                        '<a href="/support/cover-your-tracks/">How to cover your tracks</a>.',
                    ),
                ),
                ("support_routes", {"heading": "Other places to get help", "routes": OTHER_ROUTES}),
                (
                    "accordion",
                    {
                        "heading": "Questions parents ask",
                        "items": [
                            {
                                "question": "Will calling Pace get my child into trouble?",
                                "answer": _p(
                                    "No. We support you as a parent. We will talk with you "
                                    "about anything we would need to share, and why."
                                ),
                            },
                            {
                                "question": "Does Exit this page delete my history?",
                                "answer": _p(
                                    "No. It takes you to another site at once and signs you "
                                    "out. Use a private window, or clear your history, to "
                                    "leave no trace."
                                ),
                            },
                        ],
                    },
                ),
            ],
        ),
    )

    _child(
        support,
        StandardPage(
            title="Cover your tracks",
            slug="cover-your-tracks",
            intro="How to keep your visit to this site private from someone who may look at "
            "your phone or computer.",
            body=COVER_YOUR_TRACKS,
        ),
    )

    _child(
        home,
        StandardPage(
            title="About Pace",
            slug="about",
            show_in_menus=True,
            intro="Parents Against Child Exploitation supports families whose children are "
            "groomed, abused and exploited by people outside the family.",
            body=[
                ("heading", "What we do"),
                (
                    "paragraph",
                    _p(
                        "We support parents and carers directly, work alongside police and "
                        "children's services through our Parent Liaison Officers, and train "
                        "professionals, with parents as co-trainers.",
                        "Parents with lived experience shape everything we do: our guides, our "
                        "training and our research.",
                    ),
                ),
                (
                    "statistic",
                    {
                        "figure": "4,000+",
                        "label": "families supported since 1996",
                        "source": "Pace evaluation, 2022",
                    },
                ),
            ],
        ),
    )
    document = guide_pdf()
    debt_bondage = _child(
        guides,
        GuidePage(
            title="Debt Bondage Guide",
            slug="debt-bondage-guide",
            summary="How criminals use made-up debts to control children, the signs to look out "
            "for, and what parents can do. Written with parents.",
            audience=Audience.BOTH,
            is_written_with_parents=True,
            is_featured=True,
            credit="Thank you to the parents who shared their experience to write this guide.",
            last_reviewed_on=timezone.localdate() - datetime.timedelta(days=30),
            document=document,
            body=[
                ("heading", "What debt bondage is"),
                (
                    "paragraph",
                    _p(
                        "Debt bondage is when a child is told they owe money and must work to "
                        "pay it off. The debt is often invented, or set up on purpose: a staged "
                        "robbery of drugs or cash the child was carrying, or gifts that suddenly "
                        "have to be paid back.",
                        "It is a common way of keeping children in county lines drug dealing.",
                    ),
                ),
                ("heading", "How it starts"),
                (
                    "paragraph",
                    _p(
                        "It often starts with friendship, gifts, food, lifts or a phone. Later "
                        "the child is told these must be paid for, and the debt keeps growing."
                    ),
                ),
                ("heading", "Signs to look out for"),
                (
                    "paragraph",
                    "<ul><li>New phones, clothes or money you cannot explain</li>"
                    "<li>Going missing, or travelling to places they have no reason to go</li>"
                    "<li>Fear of someone, or panic about money</li>"
                    "<li>Injuries they will not talk about</li></ul>",
                ),
                (
                    "pull_quote",
                    {
                        "quote": "We thought he was being a difficult teenager. He was terrified "
                        "of a debt he could never pay.",
                        "attribution": "A parent who helped write this guide",
                    },
                ),
                ("heading", "What you can do"),
                (
                    "paragraph",
                    _p(
                        "Stay close to your child, even when it is hard. Write down what you "
                        "notice: dates, names, car registrations. Tell the police it may be "
                        "debt bondage: your child is a victim, not an offender.",
                    ),
                ),
                ("heading", "Getting help"),
                (
                    "callout",
                    {
                        "heading": "You are not on your own",
                        "text": _p("Pace supports parents and carers. Call us to talk it through."),
                        "show_helpline": True,
                    },
                ),
            ],
        ),
    )
    for order, name in enumerate(["Home Office", "National County Lines Coordination Centre"]):
        GuidePartner.objects.get_or_create(
            page=debt_bondage, name=name, defaults={"sort_order": order}
        )
    if not debt_bondage.topics.exists():
        debt_bondage.topics.add("debt bondage", "county lines", "criminal exploitation")
        debt_bondage.save_revision().publish()

    professionals = _child(
        guides,
        GuidePage(
            title="Working with families affected by child exploitation",
            slug="working-with-families",
            summary="For social workers, police and teachers: how to work with parents as "
            "partners in safeguarding, and why blaming parents increases the risk.",
            audience=Audience.PROFESSIONALS,
            is_written_with_parents=True,
            is_featured=True,
            credit="Written with parents from Pace's core group.",
            body=[
                ("heading", "Parents as partners"),
                (
                    "paragraph",
                    _p(
                        "Parents know their child best. The relational safeguarding model puts "
                        "the relationship between parent and child at the centre."
                    ),
                ),
                ("heading", "What parents tell us helps"),
                (
                    "paragraph",
                    "<ul><li>Being believed and listened to</li><li>Being kept informed</li>"
                    "<li>Being asked before information is shared, and told how it was used</li></ul>",
                ),
            ],
        ),
    )
    if not professionals.topics.exists():
        professionals.topics.add("criminal exploitation", "sexual exploitation")
        professionals.save_revision().publish()

    parents_guide = _child(
        guides,
        GuidePage(
            title="When your child is being exploited: a guide for parents",
            slug="a-guide-for-parents",
            summary="What child exploitation is, what you might notice, and how to look after "
            "yourself while you keep your child safe.",
            audience=Audience.PARENTS,
            is_featured=True,
            body=[
                ("heading", "It is not your fault"),
                (
                    "paragraph",
                    _p(
                        "People who exploit children are skilled at it. Any child can be "
                        "targeted, from any family."
                    ),
                ),
                ("heading", "Online harm"),
                (
                    "paragraph",
                    _p("Grooming often begins online, through games and social media."),
                ),
                ("heading", "Looking after yourself"),
                (
                    "paragraph",
                    _p("Parents tell us that talking to other parents helped them most."),
                ),
            ],
        ),
    )
    if not parents_guide.topics.exists():
        parents_guide.topics.add("sexual exploitation", "online harm")
        parents_guide.save_revision().publish()

    stories = _child(
        home,
        StoryIndexPage(
            title="Parents' stories",
            slug="stories",
            show_in_menus=True,
            intro="Parents tell their own stories, under names they chose, with their permission.",
        ),
    )
    parent = cast()["Sam"]  # the demo's parent who signs in (participation seeds first)
    recorded_by = users.get(Role.PARTICIPATION_MANAGER)
    _child(
        stories,
        StoryPage(
            title="Joe's story: from powerless to being heard",
            slug="joe",
            pseudonym="Joe",
            is_featured=True,
            consent=_story_consent(parent, "Joe's story", recorded_by),
            summary="Joe's daughter was sexually exploited. Social care blamed him first. Now he "
            "helps train the professionals.",
            content_warning="This story mentions the sexual exploitation of a child.",
            body=[
                (
                    "paragraph",
                    _p(
                        "Joe came to Pace because his daughter was being sexually exploited. "
                        "The first response from social care blamed him, which put his "
                        "relationship with his daughter at risk.",
                        "Pace's parent support team helped him challenge that and ask for help "
                        "that would actually keep her safe.",
                    ),
                ),
                (
                    "pull_quote",
                    {
                        "quote": "I went from feeling powerless and angry to finally being heard.",
                        "attribution": "Joe, a parent",
                    },
                ),
                (
                    "paragraph",
                    _p(
                        "Joe now speaks at Pace training, takes part in consultations and the "
                        "Parent Open Group, and helps other parents think about what change to "
                        "push for."
                    ),
                ),
            ],
        ),
    )
    _child(
        stories,
        StoryPage(
            title="Anna's story: from hopelessness to hope",
            slug="anna",
            pseudonym="Anna",
            is_featured=True,
            consent=_story_consent(parent, "Anna's story", recorded_by),
            summary="Anna's child was criminally exploited. She found Pace afterwards, and now "
            "uses her experience to change things for other families.",
            body=[
                (
                    "paragraph",
                    _p(
                        "Anna's child was criminally exploited. Agencies did not respond well, "
                        "and she only found Pace afterwards, when she heard a Pace parent speak.",
                        "She has since helped shape the Parents' Charter and a parent campaign "
                        "on social media, and has spoken to the media.",
                    ),
                ),
                (
                    "pull_quote",
                    {
                        "quote": "Being involved has moved me from a place of hopelessness to hope.",
                        "attribution": "Anna, a parent",
                    },
                ),
            ],
        ),
    )

    news = _child(
        home,
        NewsIndexPage(title="News", slug="news", show_in_menus=True, intro="Updates from Pace."),
    )
    _child(
        news,
        NewsPage(
            title="CEO update: parent participation",
            slug="ceo-update-parent-participation",
            published_on=datetime.date(2023, 1, 20),
            summary="Parents spoke at a national event, the Debt Bondage Guide is nearly ready, "
            "and our training reached over 1,000 professionals.",
            body=[
                (
                    "paragraph",
                    _p(
                        "A parent and I travelled to Newcastle to speak at the Regional "
                        "Organised Crime Unit national event. Two parents spoke to the "
                        "audience, one in person and one by video link.",
                        "Thank you to all the parents who contributed to the Debt Bondage "
                        "Guide. We are working on it with the Home Office and the National "
                        "County Lines Coordination Centre.",
                        "From September 2022 to January 2023 we trained over 1,000 "
                        "professionals, with parents as co-facilitators.",
                    ),
                ),
            ],
        ),
    )
    _child(
        news,
        NewsPage(
            title="Parents as partners: the Parent Action Group",
            slug="parents-as-partners",
            published_on=datetime.date(2023, 3, 1),
            summary="Parents shape how Pace works: in research, training and the services "
            "we offer.",
            body=[
                (
                    "paragraph",
                    _p(
                        "Parents with lived experience are partners in our work: they guide "
                        "our research, co-deliver training and review what we publish."
                    ),
                )
            ],
        ),
    )

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
