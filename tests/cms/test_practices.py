"""The best-practice database: facets, search, CSV export, members' submissions."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowState

from cms.models import PracticePage
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org, make_practice, make_user

# The members' fixtures, shared by the members' test modules.
directory = members_helpers.directory
practice_index = members_helpers.practice_index
themes = members_helpers.themes

pytestmark = pytest.mark.django_db


def facet_counts(response, param):
    facet = next(f for f in response.context["facets"] if f.facet.param == param)
    return {o["value"]: o["count"] for o in facet.options}


@pytest.fixture
def practices(practice_index, themes):
    h, u, e, r = (
        themes[n] for n in ("Heritage", "Urbanism", "Artistic education", "Rural cooperation")
    )
    return [
        make_practice(
            practice_index,
            "Porto riverside heritage walks",
            country="PT",
            level="city",
            themes=[h, u],
            budget="10k-50k",
            contact_name="Rui Costa",
            contact_email="rui@porto.example",
            start_year=2019,
        ),
        make_practice(
            practice_index,
            "Music schools in Lapland villages",
            country="FI",
            level="region",
            themes=[e, r],
            budget="50k-250k",
            start_year=2021,
        ),
        make_practice(
            practice_index,
            "Västerbotten rural stages",
            country="SE",
            level="region",
            themes=[r],
            budget="gt1m",
            start_year=2015,
        ),
        make_practice(
            practice_index,
            "Lille urban art trail",
            country="FR",
            level="city",
            themes=[u, e],
            budget="lt10k",
            start_year=2022,
        ),
        make_practice(
            practice_index,
            "Danube cross-border festival",
            country="RO",
            level="cross_border",
            themes=[h],
            start_year=2018,
        ),
    ]


def test_practice_facets_count_and_combine(client, practices, practice_index, themes):
    """Theme, country, level and budget facets count the practices and combine with each other."""
    response = client.get(practice_index.url)
    assert facet_counts(response, "level") == {"city": 2, "region": 2, "cross_border": 1}
    rural = str(themes["Rural cooperation"].pk)
    assert facet_counts(response, "theme")[rural] == 2

    response = client.get(practice_index.url, {"theme": rural, "level": "region"})
    assert {p.title for p in response.context["practices"]} == {
        "Music schools in Lapland villages",
        "Västerbotten rural stages",
    }
    assert facet_counts(response, "country") == {"FI": 1, "SE": 1}
    assert facet_counts(response, "budget") == {"50k-250k": 1, "gt1m": 1}

    response = client.get(practice_index.url, {"theme": rural, "level": "region", "budget": "gt1m"})
    assert [p.title for p in response.context["practices"]] == ["Västerbotten rural stages"]
    assert facet_counts(response, "level") == {"region": 1}


def test_full_text_search(client, practices, practice_index):
    """Searching finds practices by words of their title or summary."""
    response = client.get(practice_index.url, {"q": "Lapland"})
    assert [p.title for p in response.context["practices"]] == ["Music schools in Lapland villages"]


def test_sorting_most_recent_first(client, practices, practice_index):
    """ "Most recent" lists the latest practices first."""
    response = client.get(practice_index.url, {"sort": "newest"})
    years = [p.start_year for p in response.context["practices"]]
    assert years == sorted(years, reverse=True)


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_csv_export_matches_the_current_filter(client, practices, practice_index, themes):
    """The CSV holds exactly the practices of the current selection, in its order."""
    heritage = themes["Heritage"].pk
    response = client.get(practice_index.url + "export/", {"theme": heritage, "sort": "title"})
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0][0] == "Title"
    assert [r[0] for r in rows[1:]] == [
        "Danube cross-border festival",
        "Porto riverside heritage walks",
    ]
    assert "Heritage" in rows[2][5]


def test_csv_export_hides_contacts_from_anonymous(client, practices, practice_index):
    """Anonymous visitors get no contact column; signed-in members do."""
    rows = read_csv(client.get(practice_index.url + "export/"))
    flat = "\n".join(",".join(r) for r in rows)
    assert "rui@porto.example" not in flat and "Rui Costa" not in flat
    assert "Contact e-mail" not in rows[0]


def test_csv_export_shows_contacts_to_members(client, practices, practice_index, directory):
    """A signed-in member's export has the contact columns."""
    client.force_login(make_user("member1", organisation=make_org(directory, "Porto")))
    rows = read_csv(client.get(practice_index.url + "export/", {"country": "PT"}))
    assert rows[0][-1] == "Contact e-mail"
    assert rows[1][-1] == "rui@porto.example"


def test_practice_page_hides_contact_from_anonymous(client, practices):
    """A practice's contact is for members only."""
    html = client.get(practices[0].url).content.decode()
    assert "rui@porto.example" not in html and "Rui Costa" not in html
    assert "Porto riverside heritage walks" in html


def test_database_queries_do_not_grow_with_the_number_of_practices(client, practice_index, themes):
    """The database page costs the same number of queries with 30 or 300 practices."""
    theme_list = list(themes.values())
    countries = ["FR", "DE", "PT", "FI", "SE", "RO", "IT", "PL", "ES", "BE"]
    levels = ["city", "county", "province", "region", "national", "cross_border"]

    def add(n, start):
        for i in range(start, start + n):
            make_practice(
                practice_index,
                f"Practice {i}",
                country=countries[i % 10],
                level=levels[i % 6],
                themes=[theme_list[i % 4]],
                budget="lt10k" if i % 2 else "gt1m",
            )

    def count():
        client.get(practice_index.url)  # warm the site-root-paths cache first
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(practice_index.url, {"level": "city", "sort": "title"}).status_code
                == 200
            )
        return len(ctx)

    add(30, 0)
    small = count()
    add(270, 30)
    assert count() == small


def test_member_submission_enters_moderation_workflow(client, practice_index, directory, themes):
    """A member's practice is saved as a draft (not shown in the database) and submitted to the
    moderation workflow for the secretariat to publish."""
    member = make_user("lille-user", organisation=make_org(directory, "Lille"))
    client.force_login(member)
    response = client.post(
        practice_index.url + "submit/",
        {
            "title": "Neighbourhood choirs",
            "summary": "Choirs in every district of Lille.",
            "country": "FR",
            "level": "city",
            "themes": [themes["Heritage"].pk],
            "start_year": "2020",
        },
    )
    assert response.status_code == 200
    assert "waiting for the secretariat" in response.content.decode()
    page = PracticePage.objects.get(title="Neighbourhood choirs")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision().as_object().themes.all()[0].name == "Heritage"
    assert "Neighbourhood choirs" not in client.get(practice_index.url).content.decode()


def test_submission_errors_in_french(client, practice_index, directory, themes):
    """Bad input is refused field by field in French and what was typed is kept."""
    from wagtail.models import Locale

    fr_index = practice_index.copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    )
    fr_index.save_revision().publish()
    member = make_user("lille-user2", organisation=make_org(directory, "Lille"))
    client.force_login(member)
    response = client.post(
        fr_index.url + "submit/",
        {
            "title": "Chorales",
            "summary": "",
            "country": "FR",
            "level": "city",
            "start_year": "2020",
            "end_year": "2010",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Champ requis." in html and 'value="Chorales"' in html
    assert set(response.context["form"].errors) == {"summary", "themes", "end_year"}
    assert not PracticePage.objects.filter(title="Chorales").exists()


def test_anonymous_cannot_submit(client, practice_index):
    """Submitting asks anonymous visitors to sign in."""
    response = client.get(practice_index.url + "submit/")
    assert response.status_code == 302 and "/membership/login/" in response["Location"]
