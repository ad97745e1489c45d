"""The demo's public pages, section by section (called by home.demo.seed_demo): the home page's
routes and figures, Get help, the guides, parents' stories and news. Each page is created only
when missing (`_child`), so running it again never overwrites an editor's changes."""

import datetime

from django.utils import timezone

from pace_site.accounts.roles import Role
from participation.demo import cast

from .demo import COVER_YOUR_TRACKS, OTHER_ROUTES, _child, _p, _story_consent, guide_pdf
from .models import (
    Audience,
    GuidePage,
    GuidePartner,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    StoryIndexPage,
    StoryPage,
)


def seed_home(home, guides) -> None:
    """The home page's routes for parents and for professionals, and its figures."""
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


def seed_support(home):
    """Get help: the helpline, other routes and how to cover your tracks."""
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
    return support


def seed_guides(guides):
    """The guides, the Debt Bondage Guide first; returns it (search promotes it)."""
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
    return debt_bondage


def seed_stories(home, users) -> None:
    """Parents' stories under the names they chose, each with its consent."""
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


def seed_news(home) -> None:
    """Two news items."""
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
