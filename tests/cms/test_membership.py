"""Joining the network, member accounts, direct contact between members."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.utils.html import escape

from cms import access, members
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
    assert access.is_network_member(user)
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
    restriction.groups.add(access.members_group())
    response = client.get(page.url)
    assert response.status_code == 302
    assert "/en/membership/login/" in response["Location"]
    porto = make_org(directory, "Porto", country="PT")
    client.force_login(make_user("porto-user", organisation=porto))
    assert "For members." in client.get(page.url).content.decode()
    client.force_login(make_user("someone-else"))
    assert client.get(page.url).status_code in (302, 403)


def _members_only_page(home):
    from wagtail.models import PageViewRestriction

    from cms.models import StatementPage

    page = StatementPage(title="Members' notes", slug="members-notes", body="<p>For members.</p>")
    home.add_child(instance=page)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(access.members_group())
    return page


def _sees_members_content(client, organisation, private_page):
    contact = "culture@lille.example" in client.get(organisation.url).content.decode()
    private = "For members." in client.get(private_page.url).content.decode()
    assert contact == private, "contact details and members-only pages must agree"
    return contact


def test_former_member_loses_members_access(client, directory, home):
    """When the secretariat publishes an organisation as a former member, its accounts no longer
    see contact details or members-only pages; when it rejoins, they see them again."""
    private_page = _members_only_page(home)
    lille = make_org(
        directory, "Lille", contact_email="culture@lille.example", contact_name="Claire"
    )
    porto = make_org(directory, "Porto", country="PT")
    client.force_login(make_user("porto-user", organisation=porto))
    assert _sees_members_content(client, lille, private_page)

    porto = OrganisationPage.objects.get(pk=porto.pk)
    porto.membership_status = "former"
    porto.save_revision().publish()

    assert not _sees_members_content(client, lille, private_page)
    assert client.get(f"/en/membership/contact/{lille.pk}/").status_code == 403

    porto.membership_status = "associate"
    porto.save_revision().publish()

    assert _sees_members_content(client, lille, private_page)


def test_unlinked_account_loses_members_access(client, directory, home):
    """An account unlinked from its organisation (its member account deleted in the admin) no
    longer sees contact details or members-only pages."""
    private_page = _members_only_page(home)
    lille = make_org(
        directory, "Lille", contact_email="culture@lille.example", contact_name="Claire"
    )
    user = make_user("porto-user", organisation=make_org(directory, "Porto", country="PT"))
    client.force_login(user)
    assert _sees_members_content(client, lille, private_page)

    user.member_profile.delete()

    assert not _sees_members_content(client, lille, private_page)


def test_account_of_a_non_member_organisation_has_no_members_access(client, directory, home):
    """Linking an account to an allied network (not a member) does not open members' pages."""
    private_page = _members_only_page(home)
    lille = make_org(
        directory, "Lille", contact_email="culture@lille.example", contact_name="Claire"
    )
    allied = make_org(directory, "Trans Europe Halles", kind="allied_network", membership="none")
    client.force_login(make_user("teh", organisation=allied))
    assert not _sees_members_content(client, lille, private_page)


# --- choosing a password from the invitation ---------------------------------------------------

NEW_PASSWORD = "Cultur3-by-the-Douro"


def _invitation_path(user):
    return members.invitation_link(user, "en").removeprefix(settings.SITE_URL)


@pytest.fixture
def invited(directory):
    """An organisation's contact invited by the secretariat: an account with no password yet."""
    porto = make_org(directory, "Porto", country="PT")
    return members.invite_member(porto, "ana@porto.example", "Ana Silva")


def test_invitation_link_sets_the_password_and_signs_in(client, invited):
    """The invitation link shows the password form; a good password is saved, the new member is
    signed in, lands in the members' area, and the link does not work a second time."""
    path = _invitation_path(invited)
    response = client.get(path, follow=True)
    assert response.status_code == 200 and response.context["validlink"]
    assert 'name="new_password1"' in response.content.decode()
    form_url = response.redirect_chain[-1][0]

    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert response.context["user"].pk == invited.pk
    html = response.content.decode()
    assert "Your password is set and you are signed in." in html
    assert "Porto" in html
    client.logout()
    reused = client.get(path, follow=True)
    assert not reused.context["validlink"]
    assert "This link has expired or has already been used." in reused.content.decode()


def test_invitation_refuses_a_weak_or_mismatched_password(client, invited):
    """A password that is too weak, or typed differently twice, is refused with a message on the
    form; nothing is saved and nobody is signed in."""
    response = client.get(_invitation_path(invited), follow=True)
    form_url = response.redirect_chain[-1][0]
    for first, second in [("12345", "12345"), (NEW_PASSWORD, NEW_PASSWORD + "x")]:
        response = client.post(form_url, {"new_password1": first, "new_password2": second})
        assert response.status_code == 200
        errors = response.context["form"].errors["new_password2"]
        assert errors and all(escape(error) in response.content.decode() for error in errors)
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    assert "_auth_user_id" not in client.session


def test_invitation_link_expired_or_forged_is_refused(client, invited):
    """A link older than PASSWORD_RESET_TIMEOUT, or with a forged token, shows why it does not
    work (in the visitor's language) and sets no password, even when posted to."""
    import datetime

    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    class LastMonth(PasswordResetTokenGenerator):
        def _now(self):
            return datetime.datetime.now() - datetime.timedelta(days=30)

    uid = _invitation_path(invited).rstrip("/").split("/")[-2]
    expired = f"/fr/membership/password/{uid}/{LastMonth().make_token(invited)}/"
    forged = f"/fr/membership/password/{uid}/cx9abc-0123456789abcdef0123456789abcdef/"
    for path in (expired, forged):
        response = client.get(path, follow=True)
        assert response.status_code == 200 and not response.context["validlink"]
        assert "Demandez-en un nouveau au secrétariat." in response.content.decode()
        response = client.post(
            path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
        )
        assert not response.context["validlink"]
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    assert "_auth_user_id" not in client.session
