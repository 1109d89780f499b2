"""Joining the network, member accounts, direct contact between members."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from cms import members
from cms.models import ContactMessage, MembershipApplication, OrganisationPage
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org, make_user

# The members' fixtures, shared by the members' test modules.
city_fee_bands = members_helpers.city_fee_bands
directory = members_helpers.directory

pytestmark = pytest.mark.django_db

FAILING_EMAIL = "tests.cms.failing_email.FailingBackend"

VALID = {
    "organisation_name": "City of Constanța",
    "kind": "city",
    "country": "RO",
    "city_region": "Constanța",
    "size_figure": "283872",
    "contact_name": "Ana Popescu",
    "contact_email": "ana@constanta.example",
    "motivation": "We want to work with other European cities on culture and the sea.",
}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_application_form_shows_fee_without_javascript(client, city_fee_bands):
    """Pressing "Calculate the fee" re-renders the form with the fee and what was typed, without
    error messages for the fields not filled yet."""
    response = client.post(
        "/en/membership/join/", {"kind": "city", "size_figure": "120000", "calculate": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Yearly membership fee: 1" in html and "200 €" in html
    assert 'value="120000"' in html
    assert "This field is required" not in html
    assert MembershipApplication.objects.count() == 0


def test_application_form_embeds_the_bands_for_the_live_fee(client, city_fee_bands):
    """The form page carries the fee bands for the script that shows the fee while typing."""
    html = client.get("/en/membership/join/").content.decode()
    assert 'id="fee-bands"' in html and '"min": 250000' in html
    assert "cms/js/fee" in html


def test_application_is_stored_acknowledged_and_notified(client, city_fee_bands):
    """A valid application is stored with the fee quoted, the applicant gets an acknowledgement and
    the secretariat a notice; the thank-you page confirms it."""
    response = client.post("/en/membership/join/", VALID, follow=True)
    assert response.status_code == 200
    assert "Application received" in response.content.decode()
    application = MembershipApplication.objects.get()
    assert application.quoted_fee == 2500
    assert application.size_unit == "inhabitants"
    assert application.emails_sent_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ana@constanta.example", "secretariat@like.example"]
    assert "2500" in mail.outbox[0].body


@override_settings(EMAIL_BACKEND=FAILING_EMAIL)
def test_application_kept_when_email_fails(client, city_fee_bands):
    """When e-mail fails the application is still stored, with the error for the secretariat,
    and the applicant still sees the acknowledgement page."""
    response = client.post("/en/membership/join/", VALID, follow=True)
    assert "Application received" in response.content.decode()
    application = MembershipApplication.objects.get()
    assert application.emails_sent_at is None
    assert "SMTP down" in application.email_error


def test_application_errors_in_french_keep_what_was_typed(client, city_fee_bands):
    """A French visitor's bad input is refused field by field, in French, and the form keeps what
    was typed."""
    data = dict(VALID, contact_email="pas-une-adresse", motivation="trop court", size_figure="")
    response = client.post("/fr/membership/join/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in html
    assert 'value="pas-une-adresse"' in html
    assert 'value="City of Constanța"' in html
    errors = response.context["form"].errors
    assert set(errors) == {"contact_email", "motivation", "size_figure"}
    assert MembershipApplication.objects.count() == 0


def test_required_fields_refused_in_french(client):
    """An empty form lists what is missing, in French."""
    response = client.post("/fr/membership/join/", {})
    assert "Champ requis." in response.content.decode()


def test_approval_creates_member_and_invitation(client, directory, city_fee_bands):
    """Approving creates the organisation in the directory as a member, and an account with no
    password whose invitation e-mail has a link to choose one."""
    application = members.submit_application(
        {**VALID, "size_figure": 283872, "associate": False}, "en"
    )
    mail.outbox.clear()
    page = members.approve_application(application, directory)
    page = OrganisationPage.objects.get(pk=page.pk)
    assert page.live and page.membership_status == "member"
    assert page.contact_email == "ana@constanta.example"
    assert page.get_parent().pk == directory.pk
    user = get_user_model().objects.get(email="ana@constanta.example")
    assert not user.has_usable_password()
    assert members.is_network_member(user)
    assert user.member_profile.organisation.pk == page.pk
    invitation = mail.outbox[-1]
    assert invitation.to == ["ana@constanta.example"]
    link = next(line for line in invitation.body.splitlines() if "/membership/password/" in line)
    path = link.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1:8000" in link else link
    response = client.get(path, follow=True)
    assert "Choose your password" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "approved"


def test_admin_approve_and_decline(client, directory, city_fee_bands, django_user_model):
    """The secretariat approves or declines (with a reason e-mailed to the applicant) in the admin."""
    admin = django_user_model.objects.create_superuser("sec", "sec@example.org", "pw")
    client.force_login(admin)
    first = members.submit_application({**VALID, "size_figure": 10}, "en")
    second = members.submit_application(
        {**VALID, "organisation_name": "Nowhere", "size_figure": 10}, "fr"
    )
    assert "City of Constanța" in client.get("/admin/network/applications/").content.decode()
    client.post(f"/admin/network/applications/{first.pk}/approve/")
    assert OrganisationPage.objects.filter(title="City of Constanța", live=True).exists()
    mail.outbox.clear()
    client.post(f"/admin/network/applications/{second.pk}/decline/", {"reason": "Pas une ville."})
    second.refresh_from_db()
    assert second.status == "declined" and second.decline_reason == "Pas une ville."
    assert "Pas une ville." in mail.outbox[0].body


@pytest.fixture
def two_members(directory):
    lille = make_org(
        directory, "Lille", contact_email="culture@lille.example", contact_name="Claire"
    )
    porto = make_org(directory, "Porto", country="PT")
    return lille, porto, make_user("porto-user", organisation=porto)


def test_member_sends_message_without_seeing_address(client, two_members):
    """A member writes to another organisation: the message reaches its contact, is recorded, and
    the form never shows the address."""
    lille, _porto, user = two_members
    client.force_login(user)
    form_html = client.get(f"/en/membership/contact/{lille.pk}/").content.decode()
    assert "culture@lille.example" not in form_html
    response = client.post(
        f"/en/membership/contact/{lille.pk}/",
        {"subject": "Residency", "body": "Shall we exchange artists?"},
    )
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.recipient.pk == lille.pk and message.sent_at is not None
    assert message.sender_organisation.title == "Porto"
    assert mail.outbox[-1].to == ["culture@lille.example"]
    assert mail.outbox[-1].reply_to == ["porto-user@example.org"]


@override_settings(EMAIL_BACKEND=FAILING_EMAIL)
def test_message_kept_when_email_fails(client, two_members):
    """A message is stored before it is e-mailed: when e-mail fails it is still there, with the
    error, for the secretariat."""
    lille, _porto, user = two_members
    client.force_login(user)
    client.post(
        f"/en/membership/contact/{lille.pk}/",
        {"subject": "Hello", "body": "A message that must not be lost."},
    )
    message = ContactMessage.objects.get()
    assert message.sent_at is None and "SMTP down" in message.error


def test_contact_is_rate_limited(client, two_members):
    """After five messages in an hour a member is asked to wait; nothing more is sent."""
    lille, _porto, user = two_members
    client.force_login(user)
    for i in range(5):
        assert (
            client.post(
                f"/en/membership/contact/{lille.pk}/",
                {"subject": f"S{i}", "body": "Hello there, friends."},
            ).status_code
            == 302
        )
    response = client.post(
        f"/en/membership/contact/{lille.pk}/", {"subject": "S6", "body": "Hello there, friends."}
    )
    assert response.status_code == 429
    assert "too many messages" in response.content.decode()
    assert ContactMessage.objects.count() == 5


def test_anonymous_and_non_members_cannot_write(client, two_members):
    """Anonymous visitors are sent to sign in; accounts without a member organisation are refused."""
    lille, _porto, _user = two_members
    response = client.get(f"/en/membership/contact/{lille.pk}/")
    assert response.status_code == 302
    client.force_login(make_user("nobody"))
    assert (
        client.post(
            f"/en/membership/contact/{lille.pk}/", {"subject": "x", "body": "y" * 20}
        ).status_code
        == 403
    )


def test_member_login_page_and_account(client, two_members):
    """Members sign in on the site (not the admin) and land in the members' area."""
    _lille, porto, user = two_members
    response = client.post(
        "/en/membership/login/",
        {"username": "porto-user", "password": "pw-secret-123"},
        follow=True,
    )
    html = response.content.decode()
    assert "Members&#x27; area" in html or "Members' area" in html
    assert "Porto" in html


def test_members_only_page_uses_wagtail_privacy_for_the_members_group(client, directory, home):
    """A page made private for the "Members" group (Wagtail's page privacy) is shown to signed-in
    members, and sends anonymous visitors to the members' sign-in page."""
    from wagtail.models import PageViewRestriction

    from cms.models import StatementPage

    page = StatementPage(title="Members' notes", slug="members-notes", body="<p>For members.</p>")
    home.add_child(instance=page)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members.members_group())
    response = client.get(page.url)
    assert response.status_code == 302
    assert "/en/membership/login/" in response["Location"]
    porto = make_org(directory, "Porto", country="PT")
    client.force_login(make_user("porto-user", organisation=porto))
    assert "For members." in client.get(page.url).content.decode()
    client.force_login(make_user("someone-else"))
    assert client.get(page.url).status_code in (302, 403)
