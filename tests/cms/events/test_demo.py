"""The demo opens registration with translated tickets and questions, and is idempotent."""

import time

from wagtail.models import Locale

from cms.demo import Strings, translate_page
from cms.demo.texts import DemoData
from cms.events.demo import load_demo
from cms.events.models import Question, Registration, TicketKind
from cms.models import EventPage

from .conftest import make_event


def test_demo_opens_registration_in_every_language_once(
    home, event_index, django_capture_on_commit_callbacks
):
    """Tickets and questions come translated (French here), five people are registered, and a
    second run changes nothing; one event in two languages takes well under a second."""
    event = make_event(
        event_index, slug="ga-evora", title="General Assembly in Évora", tickets=[], capacity=None
    )
    event.registration_enabled = False
    event.save()
    fr = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        translate_page(event_index, Strings(), [fr])
        translate_page(event, Strings(), [fr])
    data = DemoData(["en", "fr"])
    # Timed as the demo runs it: what it queues (e-mails, federation) is the worker's, later.
    with django_capture_on_commit_callbacks() as queued:
        started = time.monotonic()
        line = load_demo(home, data, [fr])
        elapsed = time.monotonic() - started
    for callback in queued:
        callback()
    assert "opened on 1 events, 5 people registered" in line
    french = EventPage.objects.get(translation_key=event.translation_key, locale=fr)
    assert sorted(TicketKind.objects.filter(event=french).values_list("name", flat=True)) == [
        "Intervenant ou invité",
        "Membre du réseau",
        "Non-membre",
    ]
    sessions = Question.objects.get(event=french, kind=Question.Kind.MULTIPLE)
    assert sessions.choice_list() == ["Conférence", "Assemblée générale", "Visite d’étude"]
    assert Registration.objects.filter(event=event).count() == 5
    assert load_demo(home, DemoData(["en", "fr"]), [fr]) == ""
    assert Registration.objects.count() == 5 and TicketKind.objects.count() == 6
    assert elapsed < 1.5
