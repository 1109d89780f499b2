"""Capacity holds under concurrent registrations: 50 people at once for 10 places."""

import threading

import pytest
from django.db import connection, connections

from cms.events import services
from cms.events.models import Registration

from .conftest import make_event

State = Registration.State


def _at_once(event, count):
    """`count` registrations started together, each thread on its own database connection."""
    barrier = threading.Barrier(count)
    errors, outcomes = [], []

    def register(n):
        try:
            barrier.wait(timeout=30)
            outcomes.append(services.register(event, name=f"Person {n}", email=f"p{n}@example.org"))
        except services.RegistrationError as exc:
            errors.append(exc.code)
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, errors


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself (IMMEDIATE transactions); this proves the row lock",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("waiting_list", [True, False])
def test_fifty_at_once_for_ten_places(transactional_home, fed_settings, waiting_list):
    """Exactly 10 of 50 simultaneous registrations are confirmed; the other 40 wait (or, with
    no waiting list, are refused with "full")."""
    from cms.models import EventIndexPage
    from federation.actors import ensure_network_actor

    ensure_network_actor(name="LIKE")
    index = EventIndexPage(title="Events", slug="events")
    transactional_home.add_child(instance=index)
    event = make_event(index, capacity=10, waiting_list=waiting_list)
    outcomes, errors = _at_once(event, 50)
    confirmed = Registration.objects.filter(event=event, state=State.CONFIRMED).count()
    waiting = Registration.objects.filter(event=event, state=State.WAITING).count()
    assert confirmed == 10
    if waiting_list:
        assert (waiting, errors) == (40, [])
    else:
        assert waiting == 0 and errors == ["full"] * 40
