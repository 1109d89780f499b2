"""The blocks of a bulletin: free text and pictures, and lists that fill themselves from the site."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class BulletinImageBlock(blocks.StructBlock):
    """A picture with the text that stands for it in mail clients that do not show images."""

    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("alternative text"),
        max_length=200,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms_bulletins/blocks/image.html"


def _chosen(target):
    return blocks.ListBlock(
        blocks.PageChooserBlock(label=_("page"), page_type=target),
        label=_("chosen pages"),
        required=False,
    )


class AutoListBlock(blocks.StructBlock):
    """A list of the site's pages: the newest since the previous issue (automatic), or the pages
    the editor chose. What it lists is computed by `cms.bulletins.content.block_items`."""

    title = blocks.CharBlock(
        label=_("title"),
        required=False,
        max_length=120,
        help_text=_("Leave empty for the default."),
    )
    mode = blocks.ChoiceBlock(
        label=_("content"),
        choices=[
            ("auto", _("Automatic: the newest since the previous issue")),
            ("chosen", _("Chosen pages")),
        ],
        default="auto",
    )
    count = blocks.IntegerBlock(label=_("how many"), required=False, min_value=1, max_value=12)
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(label=_("page")), label=_("chosen pages"), required=False
    )

    #: The page type it lists ("app_label.Model"), set by each subclass.
    target = ""

    class Meta:
        icon = "list-ul"
        template = "cms_bulletins/blocks/auto_list.html"


class LatestNewsBlock(AutoListBlock):
    target = "cms.NewsArticlePage"
    pages = _chosen("cms.NewsArticlePage")

    class Meta:
        label = _("Latest news")


class UpcomingEventsBlock(AutoListBlock):
    target = "cms.EventPage"
    pages = _chosen("cms.EventPage")

    class Meta:
        label = _("Upcoming events")


class NewPracticesBlock(AutoListBlock):
    target = "cms.PracticePage"
    pages = _chosen("cms.PracticePage")

    class Meta:
        label = _("New practices")


class NewMembersBlock(AutoListBlock):
    target = "cms.OrganisationPage"
    pages = _chosen("cms.OrganisationPage")

    class Meta:
        label = _("New members")


class BulletinBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), icon="title", max_length=120)
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=TEXT_FEATURES)
    image = BulletinImageBlock()
    latest_news = LatestNewsBlock()
    upcoming_events = UpcomingEventsBlock()
    new_practices = NewPracticesBlock()
    new_members = NewMembersBlock()


AUTO_BLOCKS = ("latest_news", "upcoming_events", "new_practices", "new_members")
