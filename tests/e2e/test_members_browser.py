"""In a real browser, on the demo site: joining the network, and searching the member directory."""

import re

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, demo_site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_application_shows_fee_while_typing_and_is_acknowledged(page, demo_site):
    """The fee appears as the applicant types the population, and the application is acknowledged."""
    page.goto(demo_site.url + "/en/membership/join/")
    quote = page.locator("#fee-quote")
    page.get_by_label("Kind").select_option("city")
    page.get_by_label("Size figure").fill("120000")
    # Demo bands: cities from 50,000 to 250,000 inhabitants pay 1,500 € a year.
    page.wait_for_function("document.querySelector('#fee-quote').textContent.includes('1,500')")
    assert "Yearly membership fee" in quote.inner_text()
    page.get_by_label("Size figure").fill("2000000")
    page.wait_for_function("document.querySelector('#fee-quote').textContent.includes('5,000')")

    page.get_by_label("Name of the organisation").fill("City of Tartu")
    page.get_by_label("Country").select_option("EE")
    page.get_by_label("Contact person").fill("Kadri Tamm")
    page.get_by_label("Contact e-mail").fill("kadri@tartu.example")
    page.get_by_label("Motivation").fill(
        "Tartu wants to share its experience as a European Capital of Culture."
    )
    page.get_by_role("button", name="Send the application").click()
    page.wait_for_url(re.compile(r"/en/membership/join/thanks/"))
    acknowledgement = page.locator(".acknowledgement").inner_text()
    assert "City of Tartu" in acknowledgement and "kadri@tartu.example" in acknowledgement
    assert "5" in page.locator("main").inner_text()


def test_application_refuses_bad_input_and_keeps_it(page, demo_site):
    """A wrong e-mail address is refused next to its field, and what was typed stays."""
    page.goto(demo_site.url + "/en/membership/join/")
    page.get_by_label("Name of the organisation").fill("Somewhere")
    page.get_by_label("Contact e-mail").fill("not-an-address")
    page.get_by_role("button", name="Send the application").click()
    assert page.get_by_label("Name of the organisation").input_value() == "Somewhere"
    assert "valid email" in page.locator("#field-contact_email").inner_text()


def test_filtered_directory_search(page, demo_site):
    """Ticking a country and a kind narrows the directory, with the filters in the URL and counts
    beside each choice."""
    page.goto(demo_site.url + "/en/members/")
    summary = page.locator(".directory-summary").inner_text()
    assert re.search(r"\d+ members from \d+ countries", summary)
    page.locator("input[name=country][value=FI]").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"country=FI"))
    titles = page.locator(".organisation-card h3").all_inner_texts()
    assert "Rovaniemi" in titles and "Lille" not in titles
    city_count = page.locator("input[name=kind][value=city] ~ .facet-count").get_attribute(
        "data-count"
    )
    assert city_count == "1"
    page.locator("input[name=kind][value=city]").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"kind=city"))
    assert page.locator(".organisation-card h3").all_inner_texts() == ["Rovaniemi"]
    page.get_by_role("link", name="Rovaniemi").click()
    assert page.locator("h1").inner_text() == "Rovaniemi"
    # Anonymous visitors never see the contact address.
    assert "culture@rovaniemi" not in page.content()
