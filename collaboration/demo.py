"""Demo working groups, built through the app's verbs; running it twice changes nothing."""

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


def load_demo_groups(users):
    """Create the demo groups. `users`: a dict or list of the demo accounts (admin first).

    The first user convenes every group; the others join the public one, and the "member"
    account joins every group so it can be shown around.
    """
    if isinstance(users, dict):
        users = list(users.values())
    users = [u for u in users if u is not None]
    if not users:
        return []
    convenor, others = users[0], users[1:]
    groups = []
    for spec in DEMO_GROUPS:
        group = WorkingGroup.objects.filter(slug=spec["slug"]).order_by("pk").first()
        if group is None:
            group = services.create_group(
                spec["name"],
                slug=spec["slug"],
                description=spec["description"],
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
        groups.append(group)
    return groups
