"""The member directory's facets (country, kind, membership, theme), sorts and summary."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cms.models.choices import CURRENT_MEMBERSHIP, MembershipStatus, OrganisationKind
from cms.search.engine import Facet, Sort, choice_labels, country_labels, facet_labels, faceted
from cms.search.themes import attach_theme_labels, theme_facet

DIRECTORY_FACETS = [
    Facet("country", _("Country"), "country", labels=country_labels),
    Facet("kind", _("Kind"), "kind", choices=choice_labels(OrganisationKind)),
    Facet(
        "membership", _("Membership"), "membership_status", choices=choice_labels(MembershipStatus)
    ),
    theme_facet(),
]
DIRECTORY_SORTS = [
    Sort("name", _("Name"), ("title",)),
    Sort("country", _("Country"), ("country", "title")),
    Sort("size", _("Size"), ("-size_figure", "title")),
    Sort("newest", _("Newest members"), ("-member_since", "-first_published_at")),
]


def directory_summary(organisations):
    """'112 members from 25 countries', from the data (one aggregate query)."""
    stats = organisations.filter(membership_status__in=CURRENT_MEMBERSHIP).aggregate(
        members=Count("pk"), countries=Count("country", distinct=True)
    )
    members = ngettext("%(count)d member", "%(count)d members", stats["members"]) % {
        "count": stats["members"]
    }
    country_text = ngettext(
        "from %(count)d country", "from %(count)d countries", stats["countries"]
    ) % {"count": stats["countries"]}
    return f"{members} {country_text}", stats


def directory_search(directory, request):
    """The directory page's context: the organisations it lists, filtered from the request."""
    base = directory.organisations()
    context = faceted(
        request, base, DIRECTORY_FACETS, DIRECTORY_SORTS, per_page=directory.per_page or 24
    )
    page_objects = list(context["results"].object_list.prefetch_related("themes"))
    context["organisations"] = attach_theme_labels(page_objects, facet_labels(context, "theme"))
    context["summary"], context["summary_stats"] = directory_summary(base)
    return context
