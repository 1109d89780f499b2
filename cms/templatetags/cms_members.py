"""Template tags of the members' area on the site's pages: the form to ask to co-sign a statement.

Pages build no forms (models import no forms): their templates ask for one here.
"""

from django import template

from cms.members.forms import CoSignForm

register = template.Library()


@register.simple_tag
def cosign_form():
    """An empty request to co-sign, with its optional message to the secretariat."""
    return CoSignForm()
