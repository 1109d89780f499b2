"""StreamField blocks of the site: the bodies of standard pages and articles, and event programmes."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; the level keeps the document outline valid for screen readers."""

    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "includes/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its text alternative and an optional visible caption and credit."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("text alternative"),
        required=False,
        help_text=_("Describe the image for people who cannot see it; leave empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)
    credit = blocks.CharBlock(label=_("credit"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "includes/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with who said it."""

    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "includes/blocks/quote.html"


class DocumentBlock(blocks.StructBlock):
    """A document to download (a report, the statutes), with a title in the page's language."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"), required=False, help_text=_("Defaults to the document's title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "includes/blocks/document.html"


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation to act (join the network, register for an event)."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False)
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or external link"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "includes/blocks/call_to_action.html"


class MembershipCallToActionBlock(blocks.StructBlock):
    """An invitation to join the network: the yearly fee bands as the secretariat keeps them (read
    when the page is shown by the `fee_bands` tag, so they are never out of date) and a button to
    the application form, which shows the fee that applies while the applicant fills it in."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False)
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)
    show_fees = blocks.BooleanBlock(label=_("show the fee bands"), required=False, default=True)

    class Meta:
        icon = "group"
        label = _("Membership call to action")
        template = "includes/blocks/membership_call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    """The body of a standard page or an article."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"), features=RICH_TEXT_FEATURES, template="includes/blocks/paragraph.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
    membership_call_to_action = MembershipCallToActionBlock()


class SessionBlock(blocks.StructBlock):
    """One session of an event's programme: when, what, and who speaks."""

    day = blocks.DateBlock(label=_("day"), required=False)
    start_time = blocks.TimeBlock(label=_("starts at"))
    end_time = blocks.TimeBlock(label=_("ends at"), required=False)
    title = blocks.CharBlock(label=_("title"), max_length=200)
    speakers = blocks.ListBlock(
        blocks.CharBlock(label=_("speaker")), label=_("speakers"), required=False
    )
    description = blocks.RichTextBlock(
        label=_("description"), features=["bold", "italic", "link"], required=False
    )

    class Meta:
        icon = "time"
        label = _("Session")
        template = "includes/blocks/session.html"


class ProgrammeBlock(blocks.StreamBlock):
    """An event's programme: its sessions in order."""

    session = SessionBlock()
