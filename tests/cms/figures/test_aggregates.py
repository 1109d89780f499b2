"""Published aggregates and the privacy threshold: what the figures page, its CSV and JSON and
the site search show, and what they never show."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.demo.indexing import deferred_indexing
from cms.figures import services
from cms.figures.aggregates import published_aggregates
from cms.figures.models import Answer, Collection, Response
from tests.cms.members_helpers import make_user

# A staff figure only a group of four French... German respondents would reveal: 4 x 1111.
HIDDEN = 4444


@pytest.fixture
def year(make_collection, respond, orgs):
    """A published year: five French cities (staff 10 to 14) and four German regions (1111 each)."""
    collection = make_collection(year=2024)
    for n, organisation in enumerate(orgs(5, country="FR")):
        respond(collection, organisation, staff=10 + n, young_share=Decimal(20), programme=n % 2)
    for organisation in orgs(4, country="DE", kind="region"):
        respond(collection, organisation, staff=1111, remarks="our secret remark")
    services.publish_collection(collection)
    return collection


def cells(dimension="all"):
    return {(c.group, c.figure): c for c in published_aggregates(dimension)}


def test_only_groups_of_five_or_more_are_published(year):
    """France (5 respondents) has its figures by country; Germany (4) has none, and the
    network's total includes the German answers."""
    by_country = cells("country")
    assert by_country["FR", "staff"].total == 60 and by_country["FR", "staff"].respondents == 5
    assert not [c for c in by_country.values() if c.group == "DE"]
    assert cells()["", "staff"].total == 60 + HIDDEN and cells()["", "centres"].total == 9
    by_kind = cells("kind")
    assert ("city", "staff") in by_kind and not [c for c in by_kind.values() if c.group == "region"]


def test_a_year_of_four_respondents_is_never_shown(
    client, figures_page, make_collection, respond, orgs
):
    """With four respondents in all, nothing of the year appears on the page, in the CSV, the
    JSON or search, even once published."""
    collection = make_collection(year=2023)
    for organisation in orgs(4, country="IT"):
        respond(collection, organisation, staff=HIDDEN // 4, visitors=98765)
    services.publish_collection(collection)
    assert published_aggregates("all") == []
    page = client.get("/en/figures/").content.decode()
    assert "98765" not in page and "98,765" not in page and "4,444" not in page
    assert "No year of figures" not in page  # the year is published, its cells are not
    assert "98765" not in client.get("/en/figures/open-data.csv").content.decode()
    data = client.get("/en/figures/open-data.json").json()
    assert data["data"] == [] and data["threshold"] == 5
    search = client.get("/en/search/", {"q": "98765"}).content.decode()
    assert "98765" not in search.split("<main", 1)[1].replace('value="98765"', "")


def test_the_page_shows_charts_with_tables_sources_and_downloads(client, figures_page, year):
    """The page draws the totals and the per-country figures as SVG with a table each, says
    source and year, links the downloads with the licence, and never shows Germany's figures."""
    page = client.get("/en/figures/").content.decode()
    assert page.count("<svg") >= 4 and page.count("The figures as a table") >= 3
    assert "Source: LIKE yearly data collection 2024" in page
    assert "open-data.csv" in page and "open-data.json" in page and "CC BY 4.0" in page
    assert "4,504" in page  # staff of the network in 2024: 60 + 4,444
    france = page.split("How many people work for you (full-time equivalents)?, by country", 1)[1]
    assert "France" in france.split("</figure>", 1)[0]
    assert "Germany" not in france.split("</figure>", 1)[0]
    assert "our secret remark" not in page and "1,111" not in page


def test_numbers_follow_the_visitors_language(client, figures_page, year, translate):
    """The French page groups thousands the French way."""
    french = translate(figures_page, "fr", title="Le réseau en chiffres")
    page = client.get(french.url).content.decode()
    assert "4\u202f504" in page or "4\xa0504" in page


def test_csv_and_json_hold_the_published_cells_and_the_licence(client, year):
    """The downloads list the same published cells, with their respondents and licence."""
    response = client.get("/en/figures/open-data.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'rel="license"' in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {
        "year": "2024",
        "breakdown": "country",
        "group": "FR",
        "figure": "staff",
        "statistic": "total",
        "value": "60",
        "respondents": "5",
        "licence": "CC-BY-4.0",
    } in rows
    assert not [r for r in rows if r["group"] in ("DE", "region")]
    data = json.loads(client.get("/en/figures/open-data.json").content)
    assert data["years"][0]["licence"]["url"].startswith("https://creativecommons.org/")
    assert data["figures"]["staff"]["label"].startswith("How many people")
    assert "remarks" not in data["figures"]
    assert len(data["data"]) == len(rows)


def test_drafts_rejected_and_unpublished_answers_count_for_nothing(
    year, make_collection, respond, orgs
):
    """Only submitted responses of published years make aggregates: a rejected response leaves
    them (France falls under the threshold), a draft year is absent."""
    draft_year = make_collection(year=2025)
    for organisation in orgs(6):
        respond(draft_year, organisation, staff=1)
    assert {c.year for c in published_aggregates()} == {2024}
    response = Response.objects.filter(organisation__country="FR", collection=year).first()
    services.reject_response(response, "These are last year's numbers.")
    assert not [c for c in published_aggregates("country") if c.group == "FR"]


def test_publishing_is_the_secretariats_action(
    client, figures_page, make_collection, respond, orgs
):
    """A member cannot publish; the secretariat's button publishes and the page shows the year."""
    collection = make_collection(year=2022, state=Collection.State.CLOSED)
    for organisation in orgs(5):
        respond(collection, organisation, staff=2)
    url = f"/admin/figures/{collection.pk}/publish/"
    client.force_login(make_user("someone", organisation=orgs(1)[0]))
    assert client.post(url).status_code in (302, 403)
    collection.refresh_from_db()
    assert collection.state == Collection.State.CLOSED
    assert "2022" not in client.get("/en/figures/").content.decode()
    client.force_login(make_user("secretariat", staff=True))
    assert client.post(url).status_code == 302
    assert "Source: LIKE yearly data collection 2022" in client.get("/en/figures/").content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _bulk_responses(collection, organisations, questions):
    """Submitted responses made in a few queries (the verb is tested elsewhere)."""
    responses = Response.objects.bulk_create(
        Response(collection=collection, organisation=o, state=Response.State.SUBMITTED, centres=2)
        for o in organisations
    )
    Answer.objects.bulk_create(
        Answer(response=r, question=q, **value)
        for r in responses
        for q, value in (
            (questions["staff"], {"number": 3}),
            (questions["young-share"], {"number": Decimal(10)}),
            (questions["programme"], {"choice": 1}),
        )
    )


def test_queries_do_not_grow_with_responses(client, figures_page, make_collection, orgs, questions):
    """The page, the downloads and the home page's map make as many queries with 300
    responses as with 30."""
    small, large = make_collection(year=2020), make_collection(year=2021)
    with deferred_indexing():  # 300 pages: indexed once at the end, not page by page
        members = orgs(300, country="FR")
    _bulk_responses(small, members[:30], questions)
    services.publish_collection(small)
    urls = ["/en/figures/", "/en/figures/open-data.csv", "/en/figures/open-data.json", "/en/"]
    for url in urls:
        client.get(url)  # the site and content types, cached once
    before = [_queries(client, url) for url in urls]
    _bulk_responses(large, members, questions)
    services.publish_collection(large)
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert published_aggregates()[-1].respondents == 300
