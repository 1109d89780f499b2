"""Joint projects: partners with a lead, the filtered list, organisations listing their projects."""

import datetime

import pytest

from cms.models import ProjectPage, ProjectPartner
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org

# The members' fixtures, shared by the members' test modules.
directory = members_helpers.directory
project_index = members_helpers.project_index
themes = members_helpers.themes

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(project_index, directory, themes):
    lille = make_org(directory, "Lille", country="FR")
    porto = make_org(directory, "Porto", country="PT")
    umea = make_org(directory, "Västerbotten", country="SE", kind="region")

    def project(title, status, partners, theme, countries, year):
        page = ProjectPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            status=status,
            countries=countries,
            start_date=datetime.date(year, 1, 1),
            funding_programme="Creative Europe",
        )
        for i, (org, lead) in enumerate(partners):
            page.partners.add(ProjectPartner(organisation=org, is_lead=lead, sort_order=i))
        project_index.add_child(instance=page)
        page.themes.set([theme])
        page.save()
        return page

    return {
        "orgs": (lille, porto, umea),
        "a": project(
            "Culture and the sea",
            "running",
            [(porto, True), (lille, False)],
            themes["Heritage"],
            ["PT", "FR"],
            2023,
        ),
        "b": project(
            "Northern stages",
            "completed",
            [(umea, True)],
            themes["Rural cooperation"],
            ["SE"],
            2018,
        ),
        "c": project(
            "Urban futures",
            "planned",
            [(lille, True), (umea, False)],
            themes["Urbanism"],
            ["FR", "SE"],
            2026,
        ),
    }


def test_project_page_shows_partners_with_lead(client, projects):
    """A project's page lists its partners, each linked to its directory page, with the lead marked."""
    html = client.get(projects["a"].url).content.decode()
    assert "Lead partner" in html
    assert projects["orgs"][1].url in html and projects["orgs"][0].url in html
    assert "Creative Europe" in html and "Heritage" in html


def test_project_list_filters_by_status_theme_and_country(client, projects, project_index, themes):
    """The project list filters by status, theme and country, and combines them."""
    titles = lambda r: {p.title for p in r.context["projects"]}  # noqa: E731
    assert titles(client.get(project_index.url)) == {
        "Culture and the sea",
        "Northern stages",
        "Urban futures",
    }
    assert titles(client.get(project_index.url, {"status": "completed"})) == {"Northern stages"}
    assert titles(client.get(project_index.url, {"country": "SE"})) == {
        "Northern stages",
        "Urban futures",
    }
    assert titles(client.get(project_index.url, {"country": "SE", "status": "planned"})) == {
        "Urban futures"
    }
    assert titles(client.get(project_index.url, {"theme": themes["Heritage"].pk})) == {
        "Culture and the sea"
    }


def test_organisation_lists_its_projects(client, projects):
    """Each organisation's page lists the projects it takes part in, and only those."""
    html = client.get(projects["orgs"][0].url).content.decode()  # Lille
    assert "Culture and the sea" in html and "Urban futures" in html
    assert "Northern stages" not in html


def test_project_is_a_federated_group(projects):
    """A project is an ActivityPub Group actor and is published as an object too."""
    project = projects["a"]
    assert project.federation_actor_type == "Group"
    assert project.federation_object_type == "Article"
    assert project.federation_actor_preferred_username() == project.slug
