"""The member directory: organisation pages, facets with counts, search, sorting, privacy."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms import members_helpers
from tests.cms.members_helpers import make_org, make_theme, make_user

# The members' fixtures, shared by the members' test modules.
directory = members_helpers.directory
themes = members_helpers.themes

pytestmark = pytest.mark.django_db


def facet_counts(response, param):
    for facet in response.context["facets"]:
        if facet.facet.param == param:
            return {o["value"]: o["count"] for o in facet.options}
    raise AssertionError(param)


@pytest.fixture
def network(directory, themes):
    """Six organisations in three countries, of several kinds and statuses, with themes."""
    h, u, e = themes["Heritage"], themes["Urbanism"], themes["Artistic education"]
    return {
        "lille": make_org(
            directory,
            "Lille",
            country="FR",
            kind="city",
            themes=[h, u],
            contact_email="culture@lille.example",
            contact_name="Claire Martin",
            city_region="Hauts-de-France",
        ),
        "porto": make_org(directory, "Porto", country="PT", kind="city", themes=[u]),
        "rovaniemi": make_org(
            directory, "Rovaniemi", country="FI", kind="city", membership="associate", themes=[e]
        ),
        "vasterbotten": make_org(
            directory, "Västerbotten", country="SE", kind="region", themes=[h]
        ),
        "lapland": make_org(
            directory, "Lapland Centre", country="FI", kind="cultural_centre", membership="former"
        ),
        "ietm": make_org(
            directory, "IETM", country="BE", kind="allied_network", membership="none", themes=[e]
        ),
    }


def test_directory_summary_counts_current_members_and_their_countries(client, network, directory):
    """The summary says how many members (member, associate, committee) and from how many countries."""
    response = client.get(directory.url)
    assert response.status_code == 200
    assert "4 members from 4 countries" in response.content.decode()


def test_facet_counts_without_filter(client, network, directory):
    """With nothing selected, each facet value counts every organisation that has it."""
    response = client.get(directory.url)
    assert facet_counts(response, "country") == {"FR": 1, "PT": 1, "FI": 2, "SE": 1, "BE": 1}
    assert facet_counts(response, "kind") == {
        "city": 3,
        "region": 1,
        "cultural_centre": 1,
        "allied_network": 1,
    }
    assert facet_counts(response, "membership") == {
        "member": 3,
        "associate": 1,
        "former": 1,
        "none": 1,
    }
    theme_counts = facet_counts(response, "theme")
    assert sorted(theme_counts.values()) == [2, 2, 2]


def test_facets_combine_and_count_other_facets(client, network, directory, themes):
    """Choosing a country filters the list and recounts the other facets, while the country facet
    still shows what each other country would add."""
    response = client.get(directory.url, {"country": "FI"})
    titles = {o.title for o in response.context["organisations"]}
    assert titles == {"Rovaniemi", "Lapland Centre"}
    assert facet_counts(response, "kind") == {"city": 1, "cultural_centre": 1}
    assert facet_counts(response, "country")["FR"] == 1  # own facet ignores its own selection
    assert facet_counts(response, "country")["FI"] == 2

    response = client.get(directory.url, {"country": ["FI", "FR"], "kind": "city"})
    assert {o.title for o in response.context["organisations"]} == {"Rovaniemi", "Lille"}
    assert facet_counts(response, "membership") == {"member": 1, "associate": 1}
    assert facet_counts(response, "kind") == {"city": 2, "cultural_centre": 1}

    heritage = themes["Heritage"].pk
    response = client.get(directory.url, {"theme": heritage})
    assert {o.title for o in response.context["organisations"]} == {"Lille", "Västerbotten"}
    assert facet_counts(response, "country") == {"FR": 1, "SE": 1}
    assert facet_counts(response, "kind") == {"city": 1, "region": 1}

    response = client.get(directory.url, {"theme": heritage, "kind": "region", "country": "SE"})
    assert [o.title for o in response.context["organisations"]] == ["Västerbotten"]
    assert facet_counts(response, "theme")[str(heritage)] == 1
    assert facet_counts(response, "membership") == {"member": 1}


def test_filters_are_in_the_url_and_checked_in_the_form(client, network, directory):
    """A filtered directory can be bookmarked: the GET form shows the boxes that are ticked."""
    html = client.get(directory.url + "?country=PT&sort=name").content.decode()
    assert 'name="country" value="PT" checked' in html
    assert "Porto" in html and "Lille</a>" not in html


def test_full_text_search_finds_by_region(client, network, directory):
    """Searching for a region's name finds the organisations there, with facets counted on them."""
    response = client.get(directory.url, {"q": "Hauts-de-France"})
    assert [o.title for o in response.context["organisations"]] == ["Lille"]
    assert facet_counts(response, "country") == {"FR": 1}


def test_sorting_by_name_and_by_country(client, network, directory):
    """Sorting by name is alphabetical; by country groups organisations by country code."""
    response = client.get(directory.url, {"sort": "name"})
    names = [o.title for o in response.context["organisations"]]
    assert names == sorted(names)
    response = client.get(directory.url, {"sort": "country"})
    assert [o.country.code for o in response.context["organisations"]] == [
        "BE",
        "FI",
        "FI",
        "FR",
        "PT",
        "SE",
    ]


def test_pagination_keeps_filters(client, directory):
    """The next-page link keeps the selected filters."""
    for i in range(12):
        make_org(directory, f"Town {i:02d}", country="IT")
    response = client.get(directory.url, {"country": "IT", "sort": "name"})
    assert len(response.context["organisations"]) == 10
    html = response.content.decode()
    assert "country=IT" in html and "page=2" in html
    response = client.get(directory.url, {"country": "IT", "sort": "name", "page": 2})
    assert [o.title for o in response.context["organisations"]] == ["Town 10", "Town 11"]


def _queries(client, url):
    client.get(url)  # warm the site-root-paths cache first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"country": "FR", "theme": "1", "q": ""})
        assert response.status_code == 200
    return len(ctx)


def test_directory_queries_do_not_grow_with_the_number_of_organisations(client, directory, themes):
    """The directory costs the same number of queries with 30 or 300 organisations."""
    theme_list = list(themes.values())
    countries = ["FR", "DE", "PT", "FI", "SE", "RO", "IT", "PL", "ES", "BE"]
    kinds = ["city", "region", "cultural_centre", "province"]

    def add(n, start):
        for i in range(start, start + n):
            make_org(
                directory,
                f"Org {i}",
                country=countries[i % 10],
                kind=kinds[i % 4],
                themes=[theme_list[i % 4], theme_list[(i + 1) % 4]],
            )

    add(30, 0)
    small = _queries(client, directory.url)
    add(270, 30)
    large = _queries(client, directory.url)
    assert small == large


def test_contact_details_hidden_from_anonymous_visitors(client, network, directory):
    """Anonymous visitors never see an organisation's contact person or e-mail, in the page or
    the directory; they are invited to sign in."""
    lille = network["lille"]
    for url in (lille.url, directory.url, directory.url + "?q=Lille"):
        html = client.get(url).content.decode()
        assert "culture@lille.example" not in html
        assert "Claire Martin" not in html
    assert (
        "Contact details are shown to members of the network."
        in client.get(lille.url).content.decode()
    )


def test_contact_details_absent_from_site_search(client, network):
    """The site's search does not find an organisation by its contact's name or address."""
    from cms.models import OrganisationPage

    assert OrganisationPage.objects.search("culture@lille.example").count() == 0
    assert OrganisationPage.objects.search("Claire Martin").count() == 0


def test_signed_in_member_sees_contact_details(client, network):
    """A signed-in member sees the contact details and a link to write to the organisation."""
    user = make_user("porto-user", organisation=network["porto"])
    client.force_login(user)
    html = client.get(network["lille"].url).content.decode()
    assert "culture@lille.example" in html and "Claire Martin" in html
    assert "Send a message to this organisation" in html


def test_signed_in_non_member_does_not_see_contact_details(client, network):
    """An account not linked to a member organisation sees no contact details."""
    client.force_login(make_user("visitor"))
    assert "culture@lille.example" not in client.get(network["lille"].url).content.decode()


def test_national_network_lists_its_members(client, directory):
    """A national network's page lists the cultural centres that belong to it, and theirs links back."""
    network = make_org(directory, "Finnish Cultural Centres", kind="national_network", country="FI")
    centre = make_org(
        directory, "Kulttuurikeskus", kind="cultural_centre", country="FI", national_network=network
    )
    assert "Kulttuurikeskus" in client.get(network.url).content.decode()
    assert "Finnish Cultural Centres" in client.get(centre.url).content.decode()


def test_theme_names_shown_in_the_visitor_language(network, directory, themes):
    """Theme names come from the theme's translation in the active language."""
    from django.utils import translation
    from wagtail.models import Locale

    from cms.i18n import localized_names

    heritage = themes["Heritage"]
    fr = Locale.objects.get(language_code="fr")
    heritage.copy_for_translation(fr).save()
    from cms.models import Theme

    Theme.objects.filter(locale=fr, translation_key=heritage.translation_key).update(
        name="Patrimoine"
    )
    with translation.override("fr"):
        assert localized_names([heritage])[heritage.pk] == "Patrimoine"
    with translation.override("en"):
        assert localized_names([heritage])[heritage.pk] == "Heritage"


def test_make_theme_is_idempotent(db):
    """Themes are looked up by slug."""
    assert make_theme("Heritage").pk == make_theme("Heritage").pk


def test_demo_directory_in_french_is_translated_and_faceted(client, home):
    """The demo's members, projects, practices and statement exist in French at French addresses,
    the French directory counts the same members as the English one, theme names are French, and
    loading the demo twice changes nothing."""
    from wagtail.models import Locale

    from cms.demo import Strings, load_demo_members, translate_page
    from cms.models import OrganisationPage, PracticePage, ProjectPage, StatementPage

    fr = Locale.objects.get(language_code="fr")
    translate_page(home, Strings(), [fr])
    load_demo_members(home, languages=["fr"])
    counts = (OrganisationPage.objects.count(), PracticePage.objects.count())
    assert load_demo_members(home, languages=["fr"]) == 0
    assert (OrganisationPage.objects.count(), PracticePage.objects.count()) == counts

    assert OrganisationPage.objects.filter(locale=fr, live=True).count() == counts[0] // 2
    assert PracticePage.objects.filter(locale=fr, live=True).count() >= 30
    assert ProjectPage.objects.filter(locale=fr, live=True).count() >= 10
    en_dir = client.get("/en/members/")
    fr_dir = client.get("/fr/membres/")
    assert fr_dir.status_code == 200 and fr_dir.context["page"].locale == fr
    # The same figures in both languages; only the sentence saying what they count is translated.
    numbers = {k: v for k, v in en_dir.context["summary_stats"].items() if k != "note"}
    assert {k: v for k, v in fr_dir.context["summary_stats"].items() if k != "note"} == numbers
    assert fr_dir.context["summary_stats"]["note"].startswith("L’annuaire répertorie")
    for name in ("Porto", "Rovaniemi", "Västerbotten", "Constanța", "Lille"):
        assert (
            name in en_dir.content.decode() or OrganisationPage.objects.filter(title=name).exists()
        )
    theme_labels = {
        o["label"] for f in fr_dir.context["facets"] if f.facet.param == "theme" for o in f.options
    }
    assert "Patrimoine" in theme_labels and "Heritage" not in theme_labels

    practices = client.get("/fr/bonnes-pratiques/", {"country": "PT"})
    assert practices.status_code == 200
    assert any("Porto" in p.title for p in practices.context["practices"])
    assert all(p.locale == fr for p in practices.context["practices"])
    # Every facet value of the database has something to show.
    for facet in practices.context["facets"]:
        assert facet.options, facet.facet.param

    statement = StatementPage.objects.get(locale=fr)
    html = client.get(statement.url).content.decode()
    assert "La valeur des réseaux culturels internationaux" in html
    assert "Culture Action Europe" in html and "/fr/membres/" in html


def test_contact_details_absent_from_sitemap_site_search_and_actor(client, network):
    """The sitemap, the site's search page and the organisation's federation profile never carry
    contact details."""
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    body = sitemap.content.decode()
    assert network["lille"].full_url in body
    assert "culture@lille.example" not in body and "Claire Martin" not in body
    search = client.get("/en/search/", {"q": "Claire Martin"})
    assert "culture@lille.example" not in search.content.decode()
    assert "Claire Martin" not in search.content.decode().split("<main", 1)[-1].replace(
        'value="Claire Martin"', ""
    )
    lille = network["lille"]
    assert "culture@" not in lille.federation_actor_summary()
    assert lille.federation_actor_type == "Organization"


def test_admin_screens_for_the_secretariat(client, network, directory, django_user_model):
    """The secretariat finds themes, fee bands, applications, messages and member accounts in the
    admin, and can add an organisation to the directory."""
    admin = django_user_model.objects.create_superuser("sec", "sec@example.org", "pw")
    client.force_login(admin)
    for model in ("theme", "feeband", "membershipapplication", "contactmessage", "memberprofile"):
        assert client.get(f"/admin/snippets/cms/{model}/").status_code == 200, model
    assert client.get("/admin/network/applications/").status_code == 200
    assert client.get("/admin/network/cosign/").status_code == 200
    assert client.get(f"/admin/pages/add/cms/organisationpage/{directory.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{network['lille'].pk}/edit/").status_code == 200
