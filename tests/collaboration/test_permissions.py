"""Who may do what in a working group: every role against every action, in every kind of group.

The table is the rule book of `collaboration/permissions.py`. Each row names a role and a group
and lists the actions that role may take there; every action not listed must be refused. A rule
that changes, in either direction, fails its row.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from wagtail.models import Locale

from collaboration import permissions
from collaboration.models import Membership, Message, Topic, WorkingGroup

V, P, K = WorkingGroup.Visibility, WorkingGroup.JoinPolicy, WorkingGroup.Kind

GROUPS = {
    "public, open": (V.PUBLIC, P.OPEN, K.GROUP),
    "public, on approval": (V.PUBLIC, P.APPROVAL, K.GROUP),
    "private, on approval": (V.PRIVATE, P.APPROVAL, K.GROUP),
    "private, by invitation": (V.PRIVATE, P.INVITATION, K.GROUP),
    "direct conversation": (V.PRIVATE, P.INVITATION, K.DIRECT),
}

# role -> (membership state, membership role, user is active); None: no membership at all.
ROLES = {
    "anonymous": None,
    "signed-in non-member": None,
    "superuser, not a member": None,
    "asked to join": (Membership.State.REQUESTED, Membership.Role.MEMBER, True),
    "invited": (Membership.State.INVITED, Membership.Role.MEMBER, True),
    "member": (Membership.State.ACTIVE, Membership.Role.MEMBER, True),
    "moderator": (Membership.State.ACTIVE, Membership.Role.MODERATOR, True),
    "convenor": (Membership.State.ACTIVE, Membership.Role.CONVENOR, True),
    "deactivated member": (Membership.State.ACTIVE, Membership.Role.MEMBER, False),
}


def _actions():
    """Each action as the question permissions.py answers; `case` has the user, group, messages."""

    def listed(c):
        return permissions.readable_groups(c.user).filter(pk=c.group.pk).exists()

    def in_member_groups(c):
        return permissions.member_groups(c.user).filter(pk=c.group.pk).exists()

    def touch_deleted(c):
        return permissions.can_edit_message(
            c.user, c.deleted_own
        ) or permissions.can_delete_message(c.user, c.deleted_own)

    return {
        "read": lambda c: c.ask(permissions.can_read_group),
        "listed": listed,
        "post": lambda c: c.ask(permissions.can_post),
        # A reaction is a kind of post: services.react asks can_post.
        "react": lambda c: c.ask(permissions.can_post),
        "edit own": lambda c: permissions.can_edit_message(c.user, c.own),
        "edit others'": lambda c: permissions.can_edit_message(c.user, c.others),
        "delete own": lambda c: permissions.can_delete_message(c.user, c.own),
        "delete others'": lambda c: permissions.can_delete_message(c.user, c.others),
        "edit or delete a deleted message": touch_deleted,
        "moderate": lambda c: c.ask(permissions.can_moderate),
        # Approve requests, invite, change roles, remove members.
        "manage members": lambda c: c.ask(permissions.can_manage_members),
        "mention @all": lambda c: c.ask(permissions.can_mention_all),
        "join at once": lambda c: c.ask(permissions.can_join),
        "ask to join": lambda c: c.ask(permissions.can_request),
        # The groups whose mentions and unread counts the person is shown.
        "counted as member": in_member_groups,
    }


ACTIONS = _actions()

MEMBER = {
    "read",
    "listed",
    "post",
    "react",
    "edit own",
    "delete own",
    "counted as member",
}
MODERATOR = MEMBER | {"delete others'", "moderate"}
CONVENOR = MODERATOR | {"manage members", "mention @all"}

# (role, group) -> what the role may do there; everything else is refused.
ALLOWED = {
    ("anonymous", "public, open"): {"read", "listed"},
    ("anonymous", "public, on approval"): {"read", "listed"},
    ("anonymous", "private, on approval"): set(),
    ("anonymous", "private, by invitation"): set(),
    ("anonymous", "direct conversation"): set(),
    ("signed-in non-member", "public, open"): {"read", "listed", "join at once"},
    ("signed-in non-member", "public, on approval"): {"read", "listed", "ask to join"},
    ("signed-in non-member", "private, on approval"): {"ask to join"},
    ("signed-in non-member", "private, by invitation"): set(),
    ("signed-in non-member", "direct conversation"): set(),
    # Site staff get no rights in a group they are not in.
    ("superuser, not a member", "public, open"): {"read", "listed", "join at once"},
    ("superuser, not a member", "public, on approval"): {"read", "listed", "ask to join"},
    ("superuser, not a member", "private, on approval"): {"ask to join"},
    ("superuser, not a member", "private, by invitation"): set(),
    ("superuser, not a member", "direct conversation"): set(),
    ("asked to join", "public, open"): {"read", "listed"},
    ("asked to join", "public, on approval"): {"read", "listed"},
    ("asked to join", "private, on approval"): set(),
    ("asked to join", "private, by invitation"): set(),
    ("invited", "public, open"): {"read", "listed", "join at once"},
    ("invited", "public, on approval"): {"read", "listed", "join at once"},
    ("invited", "private, on approval"): {"join at once"},
    ("invited", "private, by invitation"): {"join at once"},
    ("member", "public, open"): MEMBER,
    ("member", "public, on approval"): MEMBER,
    ("member", "private, on approval"): MEMBER,
    ("member", "private, by invitation"): MEMBER,
    ("member", "direct conversation"): MEMBER,
    ("moderator", "public, open"): MODERATOR,
    ("moderator", "public, on approval"): MODERATOR,
    ("moderator", "private, on approval"): MODERATOR,
    ("moderator", "private, by invitation"): MODERATOR,
    ("convenor", "public, open"): CONVENOR,
    ("convenor", "public, on approval"): CONVENOR,
    ("convenor", "private, on approval"): CONVENOR,
    ("convenor", "private, by invitation"): CONVENOR,
    # A deactivated account reads what anyone reads; its membership row still counts it in.
    ("deactivated member", "public, open"): {"read", "listed", "counted as member"},
    ("deactivated member", "public, on approval"): {"read", "listed", "counted as member"},
    ("deactivated member", "private, on approval"): {"counted as member"},
    ("deactivated member", "private, by invitation"): {"counted as member"},
    ("deactivated member", "direct conversation"): {"counted as member"},
}


class Case:
    """One row of the table set up in the database: the person, the group and three messages."""

    def __init__(self, role, group_kind, django_user_model):
        Locale.objects.get_or_create(language_code="en")
        visibility, policy, kind = GROUPS[group_kind]
        self.group = WorkingGroup.objects.create(
            name="Group", slug="group", visibility=visibility, join_policy=policy, kind=kind
        )
        other = django_user_model.objects.create_user("other", "other@example.org", "x")
        other_role = Membership.Role.MEMBER if kind == K.DIRECT else Membership.Role.CONVENOR
        Membership.objects.create(group=self.group, user=other, role=other_role)
        if role == "anonymous":
            self.user = AnonymousUser()
        elif role == "superuser, not a member":
            self.user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
        else:
            self.user = django_user_model.objects.create_user("me", "me@example.org", "x")
        if ROLES[role] is not None:
            state, member_role, active = ROLES[role]
            Membership.objects.create(
                group=self.group, user=self.user, state=state, role=member_role
            )
            if not active:
                self.user.is_active = False
                self.user.save(update_fields=["is_active"])
        # "Own" messages of someone not (or no longer) in the group were written while they were.
        author = self.user if self.user.is_authenticated else None
        topic = Topic.objects.create(group=self.group, title="Topic")
        self.own = self._message(topic, author, "mine")
        self.others = self._message(topic, other, "theirs")
        self.deleted_own = self._message(topic, author, "gone", deleted_at=timezone.now())

    def _message(self, topic, author, body, **extra):
        return Message.objects.create(
            group=self.group, topic=topic, author=author, body=body, html=body, **extra
        )

    def ask(self, rule):
        """The rule's answer, which must not depend on whether the caller loaded the membership."""
        answer = rule(self.user, self.group)
        preloaded = rule(self.user, self.group, permissions.get_membership(self.user, self.group))
        assert answer == preloaded, f"{rule.__name__} differs with the membership preloaded"
        return answer


@pytest.mark.parametrize(
    ("role", "group_kind"), list(ALLOWED), ids=[f"{role} in {group}" for role, group in ALLOWED]
)
def test_who_may_do_what(db, django_user_model, role, group_kind):
    """Each person sees exactly the actions their role allows in that kind of group, no more and
    no less: visitors read public groups, members write, moderators delete, convenors manage."""
    case = Case(role, group_kind, django_user_model)
    answers = {action: bool(ask(case)) for action, ask in ACTIONS.items()}
    allowed = ALLOWED[(role, group_kind)]
    assert allowed <= set(ACTIONS), "the table names an action that does not exist"
    assert {a for a, yes in answers.items() if yes} == allowed
