"""Joint statements: signatories, co-signing requests and the secretariat's confirmation."""

import pytest

from cms import members
from cms.models import CoSignRequest, StatementSignatory
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org, make_user

# The members' fixtures, shared by the members' test modules.
directory = members_helpers.directory
statement = members_helpers.statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(statement, directory):
    ietm = make_org(directory, "IETM", kind="allied_network", membership="none", country="BE")
    StatementSignatory.objects.create(page=statement, organisation=ietm, sort_order=0)
    return ietm


def test_statement_lists_signatories_linked_to_directory(client, statement, signed):
    """The statement shows its signatories, each linked to its page in the directory."""
    html = client.get(statement.url).content.decode()
    assert "Networks matter." in html
    assert f'href="{signed.url}"' in html and "IETM" in html


def test_cosign_flow(client, statement, directory, django_user_model):
    """A member asks to co-sign; it appears only after the secretariat confirms in the admin."""
    porto = make_org(directory, "Porto", country="PT")
    client.force_login(make_user("porto-user", organisation=porto))
    assert "Ask to co-sign" in client.get(statement.url).content.decode()
    response = client.post(
        f"/en/membership/cosign/{statement.pk}/", {"message": "Gladly."}, follow=True
    )
    assert "the secretariat will confirm" in response.content.decode()
    request = CoSignRequest.objects.get()
    assert request.status == "pending" and request.organisation.pk == porto.pk
    assert "waiting for the secretariat" in client.get(statement.url).content.decode()
    client.post(f"/en/membership/cosign/{statement.pk}/", {"message": "Again"})
    assert CoSignRequest.objects.count() == 1

    admin = django_user_model.objects.create_superuser("sec", "sec@example.org", "pw")
    client.force_login(admin)
    assert "Porto" in client.get("/admin/network/cosign/").content.decode()
    client.post(f"/admin/network/cosign/{request.pk}/confirm/")
    request.refresh_from_db()
    assert request.status == "confirmed"
    client.logout()
    html = client.get(statement.url).content.decode()
    assert f'href="{porto.url}"' in html


def test_allied_network_may_cosign_but_former_member_may_not(client, statement, directory):
    """Allied networks can ask to co-sign; former members cannot."""
    allied = make_org(directory, "Trans Europe Halles", kind="allied_network", membership="none")
    former = make_org(directory, "Old Town", membership="former")
    user = make_user("teh", organisation=allied)
    assert members.request_cosign(user, statement).status == "pending"
    client.force_login(make_user("old", organisation=former))
    assert "Ask to co-sign" not in client.get(statement.url).content.decode()
    assert client.post(f"/en/membership/cosign/{statement.pk}/", {}).status_code == 403


def test_anonymous_visitors_are_invited_to_sign_in(client, statement):
    """Anonymous visitors see how to co-sign, not the form."""
    html = client.get(statement.url).content.decode()
    assert "Ask to co-sign" not in html and "Sign in" in html
    assert client.post(f"/en/membership/cosign/{statement.pk}/").status_code == 302
