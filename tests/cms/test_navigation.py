"""Finding the way: the join call to action with the fee bands, the header's account menu, the
joint statement in the menu and on the home page, the favicon, and the error pages with DEBUG off."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from cms.models import FeeBand, StandardPage, StatementPage
from tests.cms import members_helpers
from tests.cms.conftest import publish_child

city_fee_bands = members_helpers.city_fee_bands

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def join_page(home):
    return publish_child(
        home,
        StandardPage(
            title="How to join",
            slug="how-to-join",
            show_in_menus=True,
            body=[
                (
                    "membership_call_to_action",
                    {
                        "title": "Apply to join the network",
                        "text": "The form shows your fee.",
                        "button_label": "Apply to join",
                        "show_fees": True,
                    },
                )
            ],
        ),
    )


def test_join_page_shows_fee_bands_and_links_to_the_form(client, join_page, city_fee_bands):
    """How to join lists every band of the fee table and a button to the application form."""
    html = client.get(join_page.url).content.decode()

    assert re.search(r'<a class="button[^"]*" href="/en/membership/join/">Apply to join</a>', html)
    assert "<caption>City</caption>" in html
    assert "Under 50,000" in html and "1,000,000 or more" in html
    assert "1,200 €" in html and "600 €" in html  # a band's fee and its associate rate
    assert "<caption>Individual member</caption>" in html and "Any size" in html


def test_join_page_follows_the_secretariats_fee_changes(client, join_page, city_fee_bands):
    """A fee the secretariat changes in the admin is what the next visitor reads."""
    FeeBand.objects.filter(kind="city", min_size=50_000).update(yearly_fee=1_350)

    html = client.get(join_page.url).content.decode()

    assert "1,350 €" in html and "1,200 €" not in html


def test_join_page_in_french_links_to_the_french_form(client, join_page, city_fee_bands, translate):
    """On the French page the button leads to the French form and amounts read the French way."""
    french = translate(join_page, "fr", title="Adhérer")

    html = client.get(french.url).content.decode()

    assert 'href="/fr/membership/join/"' in html
    with translation.override("fr"):
        amount = translation.gettext("%(amount)s €") % {"amount": "1\xa0200"}
    assert amount in html


def test_signed_out_header_offers_sign_in_back_to_the_page(client, standard_page):
    """A visitor sees *Sign in*, which brings them back to the page they were reading."""
    html = client.get(standard_page.url).content.decode()

    assert re.search(r'<a class="sign-in" href="/en/membership/login/\?next=/en/about/">', html)
    assert "Sign out" not in html


def test_signed_in_header_has_account_menu_and_sign_out(client, standard_page, django_user_model):
    """A member sees their name, *My account* and *Sign out*, a POST form that signs them out."""
    user = django_user_model.objects.create_user(
        "ada", "ada@example.org", "pw", first_name="Ada", last_name="Lovelace"
    )
    client.force_login(user)

    html = client.get(standard_page.url).content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)

    assert "Ada Lovelace" in header
    assert 'href="/en/membership/"' in header and "My account" in header
    form = re.search(
        r'<form method="post" action="(/en/membership/logout/)".*?</form>', header, re.S
    )
    assert form and 'name="csrfmiddlewaretoken"' in form.group(0)
    assert "Sign in" not in header

    client.post(form.group(1))
    assert "_auth_user_id" not in client.session


@pytest.fixture
def statement(home):
    return publish_child(
        home,
        StatementPage(
            title="The value of networks",
            slug="value-of-networks",
            intro="A joint statement.",
            body="<p>Networks matter.</p>",
        ),
    )


def test_joint_statement_is_in_the_menu_and_on_the_home_page(client, home, statement):
    """The joint statement, though not marked for menus, is linked from the menu and the home
    page."""
    html = client.get("/en/").content.decode()

    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert '<a href="/en/value-of-networks/">Joint statement</a>' in nav
    statement_section = re.search(r'<section class="home-statement".*?</section>', html, re.S)
    assert statement_section and "The value of networks" in statement_section.group(0)


def test_statement_in_the_menu_is_not_linked_twice(client, home, statement):
    """A statement the editors put in the menu appears there once, under its own title."""
    statement.show_in_menus = True
    statement.save_revision().publish()

    nav = re.search(r'<nav class="site-nav".*?</nav>', client.get("/en/").content.decode(), re.S)

    assert nav.group(0).count('href="/en/value-of-networks/"') == 1
    assert "The value of networks" in nav.group(0)


def test_favicon_answers(client, home):
    """/favicon.ico leads to the site's icon, and pages link an SVG icon too."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"

    html = client.get("/en/").content.decode()
    svg = re.search(r'<link rel="icon" href="([^"]+\.svg)" type="image/svg\+xml">', html)
    assert svg and client.get(svg.group(1)).status_code == 200


def test_uploaded_images_are_served_with_debug_off(client, image, settings):
    """With DEBUG off (the demo's default) the demo's pictures still show."""
    assert settings.DEBUG is False

    response = client.get(image.file.url)

    assert response.status_code == 200


def test_server_error_page_is_in_the_visitors_language(
    client, standard_page, translate, monkeypatch
):
    """An unexpected error on a French page answers 500 with the site's page in French."""
    french = translate(standard_page, "fr", title="Qui sommes-nous")

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(StandardPage, "get_context", broken)
    client.raise_request_exception = False

    response = client.get(french.url)

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html and 'href="/fr/"' in html
    assert "Traceback" not in html and "boom" not in html


def _dev_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SITE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="cms.settings.dev")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from cms.security.origins import allowed_origins; "
        "print(settings.DEBUG, sorted(allowed_origins()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_demo_settings_have_debug_off_unless_asked():
    """`make run` shows no debug pages by default; DEBUG=1 turns them on, and in both cases the
    chat's socket opens from http://127.0.0.1:8000 and http://localhost:8000."""
    default = _dev_settings(SITE_URL="http://127.0.0.1:8000")
    asked = _dev_settings(SITE_URL="http://127.0.0.1:8000", DEBUG="1")

    assert default.startswith("False") and asked.startswith("True")
    for output in (default, asked):
        assert "'http://127.0.0.1:8000'" in output and "'http://localhost:8000'" in output
