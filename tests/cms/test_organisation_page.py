"""An organisation's page: its logo or initials, its own news, events and projects in the
visitor's language, a "Follow on the fediverse" box with the handle, and a query count that does
not grow with what it lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import NewsArticlePage, ProjectPage, ProjectPartner, ProjectRelatedPage
from cms.models.directory import organisation_initials
from federation.actors import ensure_page_actor
from tests.cms import members_helpers
from tests.cms.conftest import publish_child
from tests.cms.members_helpers import make_org

directory = members_helpers.directory
project_index = members_helpers.project_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def lille(directory):
    return make_org(directory, "City of Lille", country="FR", summary="A city of the north")


@pytest.fixture
def make_org_news(news_index):
    counter = iter(range(10_000))

    def _make(org, count, image=None):
        pages = []
        for _ in range(count):
            n = next(counter)
            pages.append(
                publish_child(
                    news_index,
                    NewsArticlePage(
                        title=f"Lille news {n}",
                        slug=f"lille-news-{n}",
                        date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
                        summary=f"What Lille did {n}",
                        author_organisation=org,
                        image=image,
                    ),
                )
            )
        return pages

    return _make


@pytest.fixture
def make_org_project(project_index):
    counter = iter(range(10_000))

    def _make(org, events=()):
        n = next(counter)
        project = ProjectPage(
            title=f"Project {n}",
            slug=f"project-{n}",
            status="running",
            start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )
        project.partners.add(ProjectPartner(organisation=org, is_lead=True, sort_order=0))
        for i, event in enumerate(events):
            project.related_links.add(ProjectRelatedPage(page=event, sort_order=i))
        return publish_child(project_index, project)

    return _make


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("title", "initials"),
    [
        ("City of Lille", "CL"),
        ("Västerbotten", "V"),
        ("Łódź Culture Centre", "ŁC"),
        ("ville de Lyon", "L"),
        ("2030", "?"),
        ("", "?"),
    ],
)
def test_initials_stand_for_the_name(title, initials):
    """An organisation without a logo is shown by the initials of its name's main words."""
    assert organisation_initials(title) == initials


def test_page_without_logo_shows_an_initials_badge(client, lille):
    """Without a logo, the page shows a coloured initials badge (hidden from screen readers,
    which read the name in the heading) and no broken image."""
    html = html_of(client, lille)
    assert 'class="initials-badge badge-hue-' in html
    assert 'aria-hidden="true">CL</span>' in html
    assert "organisation-logo" not in html


def test_page_with_logo_shows_the_logo_not_initials(client, lille, image):
    """With a logo, the page shows the logo image and no initials badge."""
    lille.logo = image
    lille.save_revision().publish()
    html = html_of(client, lille)
    assert 'class="organisation-logo"' in html and "initials-badge" not in html


def test_news_of_the_organisation_are_listed_newest_first(client, lille, directory, make_org_news):
    """The organisation's page lists the news it wrote, newest first, and not other members'."""
    make_org_news(lille, 3)
    porto = make_org(directory, "Porto", country="PT")
    NewsArticlePage.objects.filter(title="Lille news 0").update(author_organisation=porto)
    html = html_of(client, lille)
    assert "News from City of Lille" in html
    assert html.index("Lille news 2") < html.index("Lille news 1")
    assert "Lille news 0" not in html


def test_only_the_latest_news_are_shown(client, lille, make_org_news):
    """A prolific organisation's page shows its six latest news, not all of them."""
    make_org_news(lille, 8)
    html = html_of(client, lille)
    assert "Lille news 7" in html and "Lille news 2" in html
    assert "Lille news 1<" not in html and "Lille news 0<" not in html


def test_events_of_its_projects_are_listed_upcoming_then_past(
    client, lille, make_events, make_org_project
):
    """The events its projects took part in appear: the next ones as cards, the past ones in a
    list; events of other projects do not."""
    upcoming = make_events(2, start_in_days=5, prefix="next")
    past = make_events(1, start_in_days=-30, prefix="old")
    unrelated = make_events(1, start_in_days=3, prefix="other")
    make_org_project(lille, events=[*upcoming, *past])
    html = html_of(client, lille)
    assert "Next 0" in html and "Next 1" in html
    assert (
        html.index("Next 0")
        < html.index("Next 1")
        < html.index("Past events")
        < html.index("Old 0")
    )
    assert unrelated[0].title not in html


def test_page_without_news_or_events_has_no_empty_sections(client, lille):
    """An organisation with no news, events or projects shows no empty headings."""
    html = html_of(client, lille)
    assert 'id="org-news"' not in html
    assert 'id="org-events"' not in html
    assert 'id="org-projects"' not in html


def test_projects_are_listed_with_status_and_years(client, lille, make_org_project):
    """The organisation's projects are listed with their status and starting year."""
    make_org_project(lille)
    html = html_of(client, lille)
    assert "Project 0" in html and "Running" in html and "2020" in html


def test_follow_box_shows_the_handle_and_a_copy_button(client, lille):
    """An organisation with a fediverse actor shows its handle as text, the labels of the copy
    button the script adds, a status region that announces "Copied", and the script itself."""
    lille.save_revision().publish()
    actor = ensure_page_actor(lille)
    html = html_of(client, lille)
    assert "Follow on the fediverse" in html
    assert f"@{actor.username}@" in html
    assert 'data-copy-label="Copy the handle" data-copied="Copied"' in html
    assert 'id="fediverse-handle" data-copy-source' in html
    assert 'role="status" aria-live="polite"' in html
    assert "/static/cms/js/copy.js" in html


def test_follow_box_is_absent_without_an_actor(client, lille):
    """An organisation that has no fediverse actor yet shows no follow box."""
    from federation.models import Actor

    Actor.objects.filter(translation_key=lille.translation_key).delete()
    html = html_of(client, lille)
    assert "Follow on the fediverse" not in html and "copy.js" not in html


def test_french_page_lists_french_news_and_says_it_in_french(
    client, lille, make_org_news, translate
):
    """On the French page, the news appear in their French translation, in a French page."""
    lille.save_revision().publish()
    ensure_page_actor(lille)
    article = make_org_news(lille, 1)[0]
    lille_fr = translate(lille, "fr", title="Ville de Lille")
    translate(article, "fr", title="Nouvelles de Lille")
    html = html_of(client, lille_fr)
    assert "Nouvelles de Lille" in html and "Lille news 0" not in html
    assert '<html lang="fr"' in html


def page_queries(client, page):
    client.get(page.url)  # renditions and the site's root paths are made once, then cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_news_events_and_projects(
    client, lille, image, make_org_news, make_events, make_org_project
):
    """The page costs the same number of queries with 3 or 30 news, events and projects."""
    lille.save_revision().publish()
    ensure_page_actor(lille)
    batches = iter(range(100))

    def add(count):
        batch = next(batches)
        make_org_news(lille, count, image=image)
        events = make_events(count, start_in_days=2, image=image, prefix=f"b{batch}")
        past = make_events(count, start_in_days=-90, image=image, prefix=f"p{batch}")
        for number in range(count):
            make_org_project(lille, events=[events[number], past[number]])

    add(3)
    with_three = page_queries(client, lille)
    add(27)
    with_thirty = page_queries(client, lille)
    assert with_three == with_thirty
    html = html_of(client, lille)
    assert html.count('class="card event-card"') == 4
    assert html.count('<article class="card">') == 6


def test_events_are_not_fetched_for_unlisted_projects(client, lille, make_events, make_org_project):
    """An event linked to a project that is no longer published does not appear."""
    event = make_events(1, start_in_days=5, prefix="hidden")[0]
    project = make_org_project(lille, events=[event])
    project.unpublish()
    assert "Hidden 0" not in html_of(client, lille)


def test_events_start_dates_are_in_the_event_time_zone(
    client, lille, make_events, make_org_project
):
    """A past event is dated in its own time zone, as on the event's page."""
    event = make_events(1, start_in_days=-10, prefix="late", timezone="Pacific/Auckland")[0]
    event.start = timezone.make_aware(datetime.datetime(2025, 3, 1, 11, 30), datetime.UTC)
    event.end = None
    event.save_revision().publish()
    make_org_project(lille, events=[event])
    html = html_of(client, lille)
    # 11:30 UTC on 1 March is 00:30 on 2 March in Auckland (still 1 March in Paris and London).
    assert "March 2, 2025" in html and "March 1, 2025" not in html
