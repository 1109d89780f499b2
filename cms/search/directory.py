"""The member directory's facets (country, kind, membership, theme), sorts and summary."""

from django.db.models import Count, Q
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
    """What the directory's numbers count, from the data (one aggregate query).

    '27 members from 13 countries' counts current members only (member, associate, committee)
    while the list shows every organisation the directory holds; the note says so, and how many
    of the listed ones are not members (applicants, former members, partners), so that the two
    numbers never read as a contradiction."""
    current = Q(membership_status__in=CURRENT_MEMBERSHIP)
    stats = organisations.aggregate(
        members=Count("pk", filter=current),
        countries=Count("country", distinct=True, filter=current),
        listed=Count("pk"),
    )
    stats["others"] = stats["listed"] - stats["members"]
    members = ngettext("%(count)d member", "%(count)d members", stats["members"]) % {
        "count": stats["members"]
    }
    country_text = ngettext(
        "from %(count)d country", "from %(count)d countries", stats["countries"]
    ) % {"count": stats["countries"]}
    note = ""
    if stats["others"]:
        listed = ngettext(
            "The directory lists %(count)d organisation in all.",
            "The directory lists %(count)d organisations in all.",
            stats["listed"],
        ) % {"count": stats["listed"]}
        others = ngettext(
            "%(count)d of them is not a current member: an applicant, a former member or a "
            "partner.",
            "%(count)d of them are not current members: applicants, former members and partners.",
            stats["others"],
        ) % {"count": stats["others"]}
        note = f"{listed} {others}"
    stats["note"] = note
    return f"{members} {country_text}", stats


def directory_search(directory, request):
    """The directory page's context: the organisations it lists, filtered from the request."""
    base = directory.organisations()
    summary, stats = directory_summary(base)
    context = faceted(
        request,
        base,
        DIRECTORY_FACETS,
        DIRECTORY_SORTS,
        per_page=directory.per_page or 24,
        total_all=stats["listed"],
    )
    page_objects = list(context["results"].object_list.prefetch_related("themes"))
    context["organisations"] = attach_theme_labels(page_objects, facet_labels(context, "theme"))
    context["summary"], context["summary_stats"] = summary, stats
    return context
