"""The public join form: a limit per client address, and a trap field for bots."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from cms import members
from cms.models.membership import MembershipApplication
from tests.cms.members_helpers import city_fee_bands  # noqa: F401

pytestmark = pytest.mark.django_db

JOIN = "/en/membership/join/"


def application(number):
    return {
        "organisation_name": f"City number {number}",
        "kind": "city",
        "country": "RO",
        "city_region": "Somewhere",
        "size_figure": "283872",
        "contact_name": "Ana Popescu",
        "contact_email": f"ana{number}@city.example",
        "motivation": "We want to work with other European cities on culture and the sea.",
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_one_address_cannot_file_applications_in_a_row(city_fee_bands):  # noqa: F811
    """The issue's case, 20 applications from one client: the first APPLICATION_RATE_LIMIT are
    stored, the others are refused (429) with a message on the form, which keeps what was
    typed; another address can still apply."""
    client = Client(REMOTE_ADDR="198.51.100.40")
    statuses = [client.post(JOIN, application(n)).status_code for n in range(20)]
    limit = members.APPLICATION_RATE_LIMIT
    assert statuses == [302] * limit + [429] * (20 - limit)
    assert MembershipApplication.objects.count() == limit

    refused = client.post(JOIN, application(99))
    html = refused.content.decode()
    assert "Too many applications were sent from your connection" in html
    assert 'value="City number 99"' in html
    assert not MembershipApplication.objects.filter(organisation_name="City number 99").exists()

    other = Client(REMOTE_ADDR="192.0.2.41")
    assert other.post(JOIN, application(100)).status_code == 302
    assert MembershipApplication.objects.filter(organisation_name="City number 100").exists()


def test_calculating_the_fee_or_fixing_mistakes_does_not_count(city_fee_bands):  # noqa: F811
    """Only stored applications count: an applicant who calculates the fee and corrects errors
    many times still gets their application through."""
    client = Client(REMOTE_ADDR="198.51.100.42")
    for _attempt in range(10):
        client.post(JOIN, {"kind": "city", "size_figure": "1000", "calculate": "1"})
        client.post(JOIN, {**application(1), "contact_email": "not-an-address"})
    assert client.post(JOIN, application(1)).status_code == 302
    assert MembershipApplication.objects.count() == 1


def test_bot_filling_the_trap_is_thanked_but_nothing_is_stored(city_fee_bands):  # noqa: F811
    """A form-filling bot that fills the hidden field sees the usual thank-you page, and no
    application is stored, no e-mail sent."""
    client = Client()
    response = client.post(JOIN, {**application(7), "fax_number": "+33 1 23 45 67"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/join/thanks/")
    assert "Thank you: the application of City number 7 has been received" in (
        response.content.decode()
    )
    assert MembershipApplication.objects.count() == 0
    assert mail.outbox == []


def test_trap_field_is_hidden_from_people_and_screen_readers(client, city_fee_bands):  # noqa: F811
    """The trap is inside an aria-hidden wrapper that the stylesheet never displays, out of the
    keyboard order, and not autofilled; the real fields are not."""
    html = client.get(JOIN).content.decode()
    trap = html.split('<div class="form-trap" aria-hidden="true">', 1)[1].split("</div>", 1)[0]
    assert 'name="fax_number"' in trap and 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    assert html.count('name="fax_number"') == 1
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "cms/static/cms/css/members.css").read_text()
    assert ".member-form > div.form-trap { display: none; }" in css  # beats the form's div rule
