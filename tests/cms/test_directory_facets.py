"""The listings' filters as the server renders them: what the directory's numbers count, the
headings of filtered lists, the folding disclosure and the regions the live filters swap, the
project list's country inside the same form, and search words that are not search syntax."""

import datetime
import re

import pytest

from cms.models import ProjectPage
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org

directory = members_helpers.directory
project_index = members_helpers.project_index
themes = members_helpers.themes

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(directory):
    """Four current members in three countries, and three listed organisations that are not."""
    make_org(directory, "Lille", country="FR", city_region="Hauts-de-France")
    make_org(directory, "Porto", country="PT")
    make_org(directory, "Rovaniemi", country="FI", membership="associate")
    make_org(directory, "Oulu", country="FI", membership="committee")
    make_org(directory, "Tampere", country="FI", membership="applicant")
    make_org(directory, "Lapland Centre", country="FI", kind="cultural_centre", membership="former")
    make_org(directory, "IETM", country="BE", kind="allied_network", membership="none")


def heading(content):
    return re.search(r'<h2 id="results-title"[^>]*>(.*?)</h2>', content, re.S).group(1)


def test_summary_says_what_each_number_counts(client, network, directory):
    """Above the list, the members are counted apart from the other organisations listed, so
    that '4 members' above '7 listed organisations' reads as it is, not as a contradiction."""
    content = client.get(directory.url).content.decode()
    assert "4 members from 3 countries" in content
    assert (
        "The directory lists 7 organisations in all. 3 of them are not current members: "
        "applicants, former members and partners."
    ) in content
    assert heading(content) == "All 7 listed organisations"


def test_no_note_when_every_listed_organisation_is_a_member(client, directory):
    """A directory of members only says nothing about other organisations."""
    make_org(directory, "Lille", country="FR")
    content = client.get(directory.url).content.decode()
    assert "1 member from 1 country" in content
    assert "not current members" not in content and "directory-note" not in content
    assert heading(content) == "1 listed organisation"


def test_filtered_heading_gives_matches_out_of_all(client, network, directory):
    """Once filtered, the heading says how many of all the organisations match."""
    content = client.get(directory.url, {"country": "FI"}).content.decode()
    assert heading(content) == "4 of 7 organisations match these filters"
    content = client.get(directory.url, {"country": "PT"}).content.decode()
    assert heading(content) == "1 of 7 organisations matches these filters"
    assert "(1 chosen)" in content
    content = client.get(directory.url, {"country": ["PT", "FI"], "q": "Porto"}).content.decode()
    assert "(3 chosen)" in content


def test_filters_fold_in_a_disclosure_with_live_regions(client, network, directory):
    """The filters sit in a <details> disclosure with a summary; the results heading stays a
    heading; a polite live region (empty until the filters change) announces new counts; and
    the script that applies the filters is an external file (the CSP forbids inline ones)."""
    content = client.get(directory.url).content.decode()
    assert re.search(
        r"<details class=\"facet-disclosure\" open data-facet-disclosure>\s*"
        r"<summary>",
        content,
    )
    assert 'role="status"' not in re.search(r"<h2 id=\"results-title\"[^>]*>", content).group(0)
    assert re.search(
        r'<p class="visually-hidden" role="status" aria-live="polite" '
        r"data-facet-status></p>",
        content,
    )
    regions = re.findall(r'data-facet-swap="([^"]+)"', content)
    assert {"heading", "results", "facet-country", "facet-kind", "sort", "reset"} <= set(regions)
    assert len(regions) == len(set(regions))
    assert '<script src="/static/cms/js/facets.js" defer></script>' in content
    assert "/static/cms/css/listing.css" in content
    # Without JavaScript the form still submits.
    assert '<button type="submit">Apply filters</button>' in content


def test_search_words_are_not_search_syntax(client, network, directory):
    """Punctuation and upper-case operators in the directory's search box find by the words,
    never fail."""
    for query in ["Hauts-de-France OR (", '"><b>Lille', "NOT NEAR AND", "Lille*:"]:
        response = client.get(directory.url, {"q": query})
        assert response.status_code == 200, query
    titles = [
        o.title for o in client.get(directory.url, {"q": "Lille OR ("}).context["organisations"]
    ]
    assert titles == ["Lille"]


@pytest.fixture
def projects(project_index, themes):
    def project(title, status, countries):
        page = ProjectPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            status=status,
            countries=countries,
            start_date=datetime.date(2024, 1, 1),
        )
        project_index.add_child(instance=page)
        return page

    return [
        project("Culture and the sea", "running", ["PT", "FR"]),
        project("Northern stages", "completed", ["SE"]),
        project("Urban futures", "running", ["FR"]),
    ]


def test_project_country_is_one_more_filter_of_the_same_form(client, projects, project_index):
    """The project list's country is chosen in the filters' form, combines with the status,
    counts as a chosen filter and can be cleared."""
    response = client.get(project_index.url, {"country": "FR", "status": "running"})
    content = response.content.decode()
    assert {p.title for p in response.context["projects"]} == {
        "Culture and the sea",
        "Urban futures",
    }
    form = re.search(r'<form class="facet-form".*?</form>', content, re.S).group(0)
    assert '<select id="facet-country" name="country">' in form
    assert '<option value="FR" selected>France (2)</option>' in form
    assert "Clear all filters" in form
    assert heading(content) == "2 of 3 projects match these filters"

    only_country = client.get(project_index.url, {"country": "SE"})
    assert only_country.context["active"] and only_country.context["total_all"] == 3
    assert "(1 chosen)" in only_country.content.decode()
    assert heading(only_country.content.decode()) == "1 of 3 projects matches these filters"
