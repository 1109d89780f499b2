"""An event's organiser: chosen in the admin, shown on the event page with a link in the
visitor's language, and the organisation's page lists the events it organises (with those of
its projects, each once) at a query count that does not grow with them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from cms.demo.organisers import EVENT_ORGANISERS, set_event_organisers
from cms.models import EventPage, ProjectPage, ProjectPartner, ProjectRelatedPage
from tests.cms.conftest import publish_child
from tests.cms.members_helpers import directory, make_org, project_index  # noqa: F401
from tests.cms.test_admin import _event_edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def lille(directory):  # noqa: F811
    org = make_org(directory, "City of Lille")
    org.save_revision().publish()
    return org


def organise(event, org):
    event.organiser = org
    event.save_revision().publish()
    return event


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_event_page_names_its_organiser_with_a_link(client, lille, make_events):
    """The event page says who organises it and links to the organisation's page."""
    event = organise(make_events(1)[0], lille)
    html = html_of(client, event)
    assert "Organiser" in html
    assert f'<a href="{lille.url}">City of Lille</a>' in html


def test_event_without_organiser_or_with_an_unpublished_one_names_none(client, lille, make_events):
    """No organiser, or one whose page is unpublished: no "Organiser" line, no dead link."""
    event = make_events(1)[0]
    assert 'class="event-organiser"' not in html_of(client, event)
    organise(event, lille)
    lille.unpublish()
    assert 'class="event-organiser"' not in html_of(client, event)


def test_french_event_links_to_the_french_organisation(client, lille, make_events, translate):
    """On the French event page, the organiser is the French page of the organisation."""
    event = organise(make_events(1)[0], lille)
    lille_fr = translate(lille, "fr", title="Ville de Lille")
    event_fr = translate(event, "fr", title="Rencontre 0")
    html = html_of(client, event_fr)
    assert 'class="event-organiser"' in html
    assert f'<a href="{lille_fr.url}">Ville de Lille</a>' in html
    # And the French organisation page lists the French event.
    assert "Rencontre 0" in html_of(client, lille_fr)


def make_project(index, org, events):
    project = ProjectPage(
        title=f"Project of {org.title}", slug=f"project-{org.pk}", status="running"
    )
    project.partners.add(ProjectPartner(organisation=org, is_lead=True, sort_order=0))
    for i, event in enumerate(events):
        project.related_links.add(ProjectRelatedPage(page=event, sort_order=i))
    return publish_child(index, project)


def test_organisation_page_lists_events_it_organises_and_of_its_projects_once(
    client,
    lille,
    make_events,
    project_index,  # noqa: F811
):
    """The organisation's page lists its upcoming events: those it organises, those of its
    projects, and an event that is both only once; another organiser's events are not there."""
    organised, via_project, both, other = make_events(4, start_in_days=3)
    organise(organised, lille)
    organise(both, lille)
    organise(other, make_org(lille.get_parent().specific, "Porto"))
    make_project(project_index, lille, [via_project, both])
    html = html_of(client, lille)
    assert html.count('class="card event-card"') == 3
    for event in (organised, via_project, both):
        assert html.count(f'href="{event.url}"') == 1, event.title
    assert f'href="{other.url}"' not in html


def page_queries(client, page):
    client.get(page.url)  # renditions and the site's root paths are made once, then cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def add_events(event_index, organiser, count, days, image, prefix):
    """`count` live events organised by `organiser`, `days` from now (no revisions: quick)."""
    now = timezone.now()
    for number in range(count):
        start = now + datetime.timedelta(days=days + number)
        event_index.add_child(
            instance=EventPage(
                title=f"{prefix} {number}",
                slug=f"{prefix}-{number}",
                start=start,
                end=start + datetime.timedelta(hours=3),
                image=image,
                organiser=organiser,
            )
        )


def test_queries_do_not_grow_with_the_events_it_organises(client, lille, event_index, image):
    """The organisation page costs the same number of queries with 3 or 30 organised events,
    upcoming and past (it shows the next four and the latest four)."""
    add_events(event_index, lille, 3, 2, image, "soon")
    add_events(event_index, lille, 3, -90, image, "gone")
    with_three = page_queries(client, lille)
    add_events(event_index, lille, 27, 40, image, "later")
    add_events(event_index, lille, 27, -300, image, "older")
    with_thirty = page_queries(client, lille)
    assert with_three == with_thirty
    html = html_of(client, lille)
    assert html.count('class="card event-card"') == 4
    # The latest four past ones: three from 90 days ago, the newest of the older batch.
    assert all(f">gone {n}</a>" in html for n in range(3))
    assert ">older 26</a>" in html and ">older 25</a>" not in html


def test_editor_chooses_the_organiser_in_the_admin(client, lille, make_events):
    """The event's edit screen has an organiser chooser; saving it with Lille makes Lille the
    organiser of the saved revision."""
    boss = get_user_model().objects.create_superuser("boss", "boss@like.example", "pw")
    client.force_login(boss)
    event = make_events(1)[0]
    url = f"/admin/pages/{event.pk}/edit/"
    assert 'name="organiser"' in client.get(url).content.decode()
    data = _event_edit_data(
        event,
        organiser=lille.pk,
        ticket_kinds=inline_formset([]),
        registration_questions=inline_formset([]),
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert EventPage.objects.get(pk=event.pk).get_latest_revision_as_object().organiser == lille


def test_demo_sets_organisers_once(lille, make_events, directory):  # noqa: F811
    """The demo gives its events their organisers (translations too); a second run changes
    nothing, and an organiser an editor chose is kept."""
    slug, org_slug = "thematic-books-lille", EVENT_ORGANISERS["thematic-books-lille"]
    lille.slug = org_slug
    lille.save_revision().publish()
    porto = make_org(directory, "Porto")
    event = make_events(1, prefix="x")[0]
    event.slug = slug
    event.save_revision().publish()
    kept = make_events(1, prefix="y")[0]
    kept.slug = "ga-evora"
    organise(kept, lille)  # an editor's choice: Porto in the demo's table
    home = event.get_parent().get_parent()

    assert set_event_organisers(home) == 1
    event.refresh_from_db()
    kept.refresh_from_db()
    assert event.organiser_id == lille.pk and kept.organiser_id == lille.pk
    revisions = event.revisions.count()
    assert set_event_organisers(home) == 0
    assert event.revisions.count() == revisions
    assert porto.organised_events.count() == 0
