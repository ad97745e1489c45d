"""The one StreamBlock shared by every page body on the public site (STYLE 16)."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.CharBlock):
    """A section heading (h2). Guides list these in their contents."""

    class Meta:
        icon = "title"
        template = "home/blocks/heading.html"
        preview_value = "What debt bondage is"
        form_classname = "title"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(
        required=False,
        help_text=_("A pseudonym only, such as “Anna, a parent”. Never a real name."),
    )

    class Meta:
        icon = "openquote"
        template = "home/blocks/pull_quote.html"
        preview_value = {
            "quote": "Being involved has moved me from a place of hopelessness to hope.",
            "attribution": "Anna, a parent",
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted box, such as the helpline or where to get help now."""

    heading = blocks.CharBlock()
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])
    show_helpline = blocks.BooleanBlock(
        required=False, default=True, help_text=_("Add Pace's helpline number to the box.")
    )

    class Meta:
        icon = "help"
        template = "home/blocks/callout.html"
        preview_value = {
            "heading": "Worried about your child?",
            "text": "<p>Talk to someone who understands.</p>",
            "show_helpline": True,
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=True,
        max_length=250,
        help_text=_("Describe the image for someone who cannot see it."),
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "home/blocks/image.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, help_text=_("Leave empty to use the document's title.")
    )

    class Meta:
        icon = "doc-full"
        template = "home/blocks/document_link.html"


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock()
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "home/blocks/accordion.html"
        preview_value = {
            "heading": "Questions parents ask",
            "items": [
                {"question": "Will the police blame my child?", "answer": "<p>They should not.</p>"}
            ],
        }


class StatisticBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=20, help_text=_("For example “96%”."))
    label = blocks.CharBlock(max_length=200)
    source = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "pick"
        template = "home/blocks/statistic.html"
        preview_value = {
            "figure": "96%",
            "label": "of parents felt less isolated",
            "source": "Pace evaluation, 2022",
        }


class SupportRouteBlock(blocks.StructBlock):
    """Another organisation or number to turn to: 999, 101, Childline, CEOP, Missing People."""

    name = blocks.CharBlock(help_text=_("For example “Childline”."))
    text = blocks.TextBlock(help_text=_("Who it is for and when, in a sentence or two."))
    phone = blocks.CharBlock(
        required=False, max_length=30, help_text=_("As people should see it, with spaces.")
    )
    url = blocks.URLBlock(required=False, help_text=_("Their website, if they have one."))
    link_text = blocks.CharBlock(required=False, help_text=_("For example “Visit Childline”."))


class SupportRoutesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Other places to get help")
    routes = blocks.ListBlock(SupportRouteBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Other places to get help")
        template = "home/blocks/support_routes.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "ol", "ul", "document-link"],
        icon="pilcrow",
        template="home/blocks/paragraph.html",
        preview_value="<p>Debt bondage is when a child is made to work off a debt.</p>",
    )
    pull_quote = PullQuoteBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()
    accordion = AccordionBlock()
    statistic = StatisticBlock()
    support_routes = SupportRoutesBlock()


def heading_anchor(text: str) -> str:
    """The id a heading block gets, used by the contents list."""
    return "section-" + (slugify(text) or "untitled")


def contents_of(body) -> list[tuple[str, str]]:
    """(anchor, heading text) for each heading block of a StreamField value."""
    return [
        (heading_anchor(block.value), block.value)
        for block in body
        if block.block_type == "heading"
    ]


class RouteBlock(blocks.StructBlock):
    """A route to help from the home page: “I'm a parent”, “I'm a professional”."""

    heading = blocks.CharBlock()
    text = blocks.TextBlock()
    page = blocks.PageChooserBlock()
    query = blocks.CharBlock(
        required=False,
        help_text=_("Optional filter added to the link, such as “audience=parents”."),
    )
    link_text = blocks.CharBlock()

    class Meta:
        icon = "arrow-right"
        template = "home/blocks/route.html"


class RoutesBlock(blocks.StreamBlock):
    route = RouteBlock()
