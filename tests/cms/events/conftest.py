"""Fixtures of the registration tests: an event open for registration, members, translations."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from cms.access import members_group
from cms.demo import Strings, translate_page
from cms.events.models import Question, TicketKind
from cms.models import EventIndexPage, EventPage
from tests.cms.members_helpers import directory  # noqa: F401
from tests.federation.conftest import fed_settings, network, remote_server  # noqa: F401


def make_event(parent, *, capacity=10, waiting_list=True, tickets=None, questions=(), **fields):
    """An event a month ahead, open for registration, with member and public tickets."""
    start = timezone.now() + datetime.timedelta(days=30)
    tickets = (
        tickets
        if tickets is not None
        else [
            ("Member", "120.00", TicketKind.Audience.MEMBERS, None),
            ("Non-member", "180.00", TicketKind.Audience.EVERYONE, None),
            ("Speaker", "0", TicketKind.Audience.SECRETARIAT, None),
        ]
    )
    event = EventPage(
        title=fields.pop("title", "General Assembly"),
        slug=fields.pop("slug", "general-assembly"),
        start=start,
        end=start + datetime.timedelta(days=2),
        timezone="Europe/Helsinki",
        city="Oulu",
        registration_enabled=True,
        capacity=capacity,
        waiting_list=waiting_list,
        ticket_kinds=[
            TicketKind(name=name, price=price, audience=audience, capacity=cap)
            for name, price, audience, cap in tickets
        ],
        registration_questions=[
            Question(label=label, kind=kind, choices=choices, required=required)
            for label, kind, choices, required in questions
        ],
        **fields,
    )
    # Live without a revision: publishing through revisions costs a second per test here.
    parent.add_child(instance=event)
    return event


@pytest.fixture
def event_index(home):
    index = EventIndexPage(title="Events", slug="events")
    home.add_child(instance=index)
    return index


@pytest.fixture
def event(event_index):
    return make_event(
        event_index,
        questions=[
            ("Dietary needs", Question.Kind.TEXT, "", False),
            ("Which sessions?", Question.Kind.MULTIPLE, "Opening\nWorkshops\nVisit", False),
        ],
    )


@pytest.fixture
def member(db):
    user = get_user_model().objects.create_user(
        "marta", "marta@oulu.example", "pw", first_name="Marta", last_name="Virtanen"
    )
    user.groups.add(members_group())
    return user


@pytest.fixture
def secretariat(db):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("sec", "sec@like.example", "pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_participants"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


FRENCH = {
    "General Assembly": "Assemblée générale",
    "Member": "Membre",
    "Non-member": "Non-membre",
    "Speaker": "Intervenant",
    "Dietary needs": "Régime alimentaire",
    "Which sessions?": "Quelles sessions ?",
    # wagtail-localize shows a multi-line text as one segment, lines joined by <br/>.
    "Opening<br/>Workshops<br/>Visit": "Ouverture<br/>Ateliers<br/>Visite",
}


@pytest.fixture
def french_event(event, django_capture_on_commit_callbacks):
    """The event translated into French through wagtail-localize (ticket kinds and questions
    too); the index page translated first."""
    strings = Strings()
    for english, french in FRENCH.items():
        strings.table.setdefault(english, {})["fr"] = french
    strings.table.setdefault("Events", {})["fr"] = "Événements"
    fr = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        parent = event.get_parent().specific
        if parent.get_translation_or_none(fr) is None:
            translate_page(parent, strings, [fr])
        translate_page(event, strings, [fr])
    return EventPage.objects.get(translation_key=event.translation_key, locale=fr)
