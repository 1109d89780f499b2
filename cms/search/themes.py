"""The theme facet that the directory, the practice database and the project list share."""

from django.utils.translation import gettext_lazy as _

from cms.i18n import localized_names
from cms.models.themes import Theme
from cms.search.engine import Facet


def theme_labels(ids):
    """Theme ids mapped to the themes' names in the visitor's language (two queries at most)."""
    return localized_names(Theme.objects.filter(pk__in=ids))


def theme_facet():
    return Facet("theme", _("Theme"), "themes", labels=theme_labels, multi=True)


def attach_theme_labels(objects, names):
    """Set `.theme_labels` on each object from its prefetched themes, in the visitor's language;
    `names` are the labels the facet already looked up."""
    missing = {t.pk: t for o in objects for t in o.themes.all() if t.pk not in names}
    if missing:
        names = {**names, **localized_names(missing.values())}
    for o in objects:
        o.theme_labels = [names.get(t.pk, t.name) for t in o.themes.all()]
    return objects
