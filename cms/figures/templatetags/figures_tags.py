"""Template tags of the network in figures: the map of members for other pages (home,
directory), prepared here so that their templates make no query."""

from django import template
from wagtail.models import Locale

from cms.figures.display import members_map
from cms.figures.models import FiguresPage

register = template.Library()


@register.simple_tag
def figures_map(small=True):
    """The members' map data, with the address of the figures page in the active language."""
    data = members_map(small=small)
    page = FiguresPage.objects.live().filter(locale=Locale.get_active()).first()
    data["page_url"] = page.url if page else ""
    return data
