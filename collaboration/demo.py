"""Demo working groups, built through the app's verbs; running it twice changes nothing."""

from django.conf import settings
from django.utils.text import slugify
from wagtail.models import Locale

from . import services
from .models import Membership, WorkingGroup

DEMO_GROUPS = [
    {
        "slug": "culture-and-cities",
        "name": "Culture and cities",
        "description": "<p>Elected representatives and officers on culture in urban policy.</p>",
        "visibility": WorkingGroup.Visibility.PUBLIC,
        "join_policy": WorkingGroup.JoinPolicy.OPEN,
        "topics": [
            ("Welcome", "Welcome to the group! Introduce yourself here."),
            ("Annual meeting", "The **annual meeting** agenda is open for _ideas_."),
        ],
    },
    {
        "slug": "board",
        "name": "Board",
        "description": "<p>The network's board: private discussions.</p>",
        "visibility": WorkingGroup.Visibility.PRIVATE,
        "join_policy": WorkingGroup.JoinPolicy.INVITATION,
        "topics": [("Budget", "The draft budget is ready for review.")],
    },
]


def load_demo_groups(users, texts=None):
    """Create the demo groups. `users`: a dict or list of the demo accounts (admin first).

    The first user convenes every group; the others join the public one, and the "member"
    account joins every group so it can be shown around. `texts` (a site's demo data) gives
    the groups' names and descriptions by slug and language, {slug: {language: {"name": ...,
    "description": ...}}}: the default language's replace the English ones below, and the
    group gets a translation in each other language that has a locale.
    """
    if isinstance(users, dict):
        users = list(users.values())
    users = [u for u in users if u is not None]
    if not users:
        return []
    convenor, others = users[0], users[1:]
    groups = []
    texts = texts or {}
    for spec in DEMO_GROUPS:
        words = texts.get(spec["slug"], {})
        source = {**spec, **words.get(settings.LANGUAGE_CODE, {})}
        group = WorkingGroup.objects.filter(slug=spec["slug"]).order_by("pk").first()
        if group is None:
            group = services.create_group(
                source["name"],
                slug=spec["slug"],
                description=source["description"],
                visibility=spec["visibility"],
                join_policy=spec["join_policy"],
                convenor=convenor,
            )
            for user in others:
                if (
                    spec["visibility"] == WorkingGroup.Visibility.PUBLIC
                    or user.username == "member"
                ):
                    Membership.objects.get_or_create(group=group, user=user)
            for title, body in spec["topics"]:
                services.post_message(convenor, group, title, body)
        translate_demo_group(group, words)
        groups.append(group)
    return groups


def translate_demo_group(group, words):
    """The group's name and description in each language of `words` ({language: {"name",
    "description"}}) that has a locale and no translation yet; members and messages stay on
    the source row."""
    existing = set(group.get_translations(inclusive=True).values_list("locale_id", flat=True))
    for locale in Locale.objects.filter(language_code__in=list(words)).exclude(pk__in=existing):
        text = words[locale.language_code]
        copy = group.copy_for_translation(locale)
        copy.name = text.get("name", group.name)
        copy.description = text.get("description", group.description)
        copy.slug = slugify(copy.name)[:100] or group.slug
        copy.save()
