"""Personal data: members download theirs, erase their account; the secretariat erases a person
and sets how long contact messages and declined applications are kept."""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.log_actions import log
from wagtail.models import Comment
from wagtail.users.models import UserProfile

from cms import privacy
from cms.members import link_member_account, request_cosign, send_contact_message
from cms.models import (
    ContactMessage,
    CoSignRequest,
    ErasureRecord,
    MemberProfile,
    MembershipApplication,
    PrivacySettings,
    StandardPage,
)
from collaboration import services
from collaboration.models import Membership, Message, Presence
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org

directory = members_helpers.directory
statement = members_helpers.statement

pytestmark = pytest.mark.django_db

ZUZANNA = {"username": "zuzanna-k", "email": "zuzanna.k@erase.example"}
PIOTR = {"username": "piotr-n", "email": "piotr@other.example"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _application(email, status, marker, organisation_name="City"):
    return MembershipApplication.objects.create(
        organisation_name=organisation_name,
        kind="city",
        country="PL",
        contact_name="Contact person",
        contact_email=email,
        contact_phone="+48 000",
        motivation=marker,
        status=status,
    )


@dataclass
class People:
    zuzanna: object
    piotr: object
    secretary: object
    lille: object
    porto: object
    group: object
    her_message: object
    his_message: object


@pytest.fixture
def people(home, directory, statement):
    """Zuzanna (Lille) and Piotr (Porto), each with data in every corner of the site; none of
    the texts Zuzanna wrote carries her name, so a scan for it finds only what names her."""
    User = get_user_model()
    lille = make_org(directory, "Lille")
    porto = make_org(directory, "Porto", country="PT", contact_email="porto@org.example")
    lille.contact_email = "lille@org.example"
    lille.save()
    zuzanna = User.objects.create_user(
        password="her-secret-123", first_name="Zuzanna", last_name="Kowalczyk", **ZUZANNA
    )
    piotr = User.objects.create_user(
        password="his-secret-123", first_name="Piotr", last_name="Nowak", **PIOTR
    )
    secretary = User.objects.create_superuser("secretary", "secretariat@like.example", "pw")
    link_member_account(zuzanna, lille, role="Culture officer")
    link_member_account(piotr, porto, role="Director")

    group = services.create_group("Heritage group", slug="heritage", convenor=piotr)
    Membership.objects.create(group=group, user=zuzanna)
    her_message, _ = services.post_message(zuzanna, group, "Lighthouses", "MSG-Z-1 about lights")
    services.edit_message(zuzanna, her_message.pk, "MSG-Z-1 about lighthouses")
    his_message, _ = services.post_message(piotr, group, "Lighthouses", "MSG-P-1 @zuzanna-k yes")
    services.react(zuzanna, his_message.pk, "🎉")
    services.set_mention_digest(zuzanna, True)
    dm = services.open_direct_conversation(zuzanna, piotr)
    services.post_message(zuzanna, dm, "Hello", "MSG-Z-DM hello")
    Presence.objects.create(
        group=group, user=zuzanna, channel_name="chan-z", seen_at=timezone.now()
    )

    send_contact_message(zuzanna, porto, "CONTACT-Z subject", "CONTACT-Z body")
    send_contact_message(piotr, lille, "CONTACT-P subject", "CONTACT-P body")
    approved = _application(ZUZANNA["email"], "approved", "APP-Z-APPROVED", "Lille")
    # A failed e-mail to her, recorded on the application and in the task queue's results.
    refused = f"SMTPRecipientsRefused: {{'{ZUZANNA['email']}': (550, b'no such user')}}"
    MembershipApplication.objects.filter(pk=approved.pk).update(email_error=refused)
    DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [approved.pk], "kwargs": {}},
        priority=0,
        task_path="cms.members.tasks.send_application_emails_task",
        queue_name="default",
        backend_name="default",
        finished_at=timezone.now(),
        exception_class_path="smtplib.SMTPRecipientsRefused",
        traceback=refused,
    )
    _application(ZUZANNA["email"].upper(), "declined", "APP-Z-DECLINED")
    _application(ZUZANNA["email"], "pending", "APP-Z-PENDING")
    _application(PIOTR["email"], "pending", "APP-P-PENDING")
    request_cosign(zuzanna, statement, "COSIGN-Z please")

    page = StandardPage(title="A page she edited", slug="edited", owner=zuzanna)
    home.add_child(instance=page)
    page.save_revision(user=zuzanna)
    log(instance=page, action="wagtail.edit", user=zuzanna)
    Comment.objects.create(page=page, user=zuzanna, text="COMMENT-Z", contentpath="title")
    # The secretariat created her account in the admin: both admins log it under her name.
    log(instance=zuzanna, action="wagtail.create", user=secretary)
    LogEntry.objects.create(
        user=secretary,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(zuzanna.pk),
        object_repr=str(zuzanna),
        action_flag=CHANGE,
    )
    UserProfile.objects.create(user=zuzanna, preferred_language="pl")
    return People(zuzanna, piotr, secretary, lille, porto, group, her_message, his_message)


def _mistype_password():
    """A mistyped password on the sign-in page: django-axes keeps it under her user name (until
    she next signs in: force_login it after, not before)."""
    Client().post("/en/membership/login/", {"username": ZUZANNA["username"], "password": "typo"})


def _download(client, user, *, after_login=None):
    client.force_login(user)
    if after_login:
        after_login()
    response = client.post("/en/membership/my-data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def _section(data, key):
    return next(s for s in data["sections"] if s["key"] == key)["data"]


# --- right of access -----------------------------------------------------------------------------


def test_account_page_offers_download_and_erasure(client, people):
    """The account page has a "Download my data" button and an "Erase my account" link."""
    client.force_login(people.zuzanna)
    html = client.get("/en/membership/").content.decode()
    assert 'action="/en/membership/my-data/"' in html and "Download my data" in html
    assert 'href="/en/membership/erase/"' in html


def test_member_downloads_everything_the_site_holds_about_them(client, people):
    """The file explains itself and holds her account, organisation and role, her messages with
    group and topic names, reaction, mention, read markers, contact messages, applications,
    co-signature request, pages and comments."""
    text = _download(client, people.zuzanna, after_login=_mistype_password)
    data = json.loads(text)
    assert "personal data" in data["about"]["explanation"]
    account = _section(data, "account")
    assert account["email"] == ZUZANNA["email"] and account["interface_language"] == "pl"
    assert account["sign_in_records"][0]["kind"] == "accessattempt"
    assert _section(data, "organisation") | {"organisation_page": ""} == {
        "organisation": "Lille",
        "organisation_page": "",
        "membership_status": "member",
        "role": "Culture officer",
    }
    groups = _section(data, "working_groups")
    assert {
        (m["group"], m["topic"], m["text"]) for m in groups["messages"] if m["topic"] != "Hello"
    } == {("Heritage group", "Lighthouses", "MSG-Z-1 about lighthouses")}
    assert groups["messages"][0]["earlier_versions"][0]["text"] == "MSG-Z-1 about lights"
    assert groups["reactions"][0]["emoji"] == "🎉"
    assert groups["mentions"][0]["message_id"] == people.his_message.pk
    assert {r["topic"] for r in groups["read_markers"]} == {"Lighthouses", "Hello"}
    assert [m["subject"] for m in _section(data, "contact_messages")] == ["CONTACT-Z subject"]
    assert sorted(a["motivation"] for a in _section(data, "membership_applications")) == [
        "APP-Z-APPROVED",
        "APP-Z-DECLINED",
        "APP-Z-PENDING",
    ]
    assert _section(data, "cosign_requests")[0]["message"] == "COSIGN-Z please"
    assert _section(data, "pages")["page_comments"][0]["text"] == "COMMENT-Z"


def test_download_never_holds_another_persons_data(client, people):
    """Nothing Piotr wrote or sent, nor his user name or e-mail, is in Zuzanna's file; and his
    file has nothing of hers. No id is taken from the request, so there is no one else to ask."""
    hers = _download(client, people.zuzanna)
    for marker in ("MSG-P-1", "CONTACT-P", "APP-P", PIOTR["username"], PIOTR["email"]):
        assert marker not in hers
    client.logout()
    response = client.post("/en/membership/my-data/", {"user": people.piotr.pk})
    assert response.status_code == 302 and "/login/" in response["Location"]
    his = _download(client, people.piotr)
    # (His own message names "@zuzanna-k": that is his text, so her user name may appear.)
    for marker in ("MSG-Z", "CONTACT-Z", "APP-Z", "COSIGN-Z", ZUZANNA["email"], "Culture"):
        assert marker not in his


def test_download_is_a_signed_in_post(client, people):
    """Signed out, the download asks to sign in; a GET (a link, a prefetch) is refused."""
    response = client.post("/en/membership/my-data/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(people.zuzanna)
    assert client.get("/en/membership/my-data/").status_code == 405


# --- erasure, asked by the person -----------------------------------------------------------------


def test_member_erases_their_account_after_reentering_the_password(client, people):
    """The confirmation page says what happens to each kind of data; a wrong password changes
    nothing; the right one erases at once, signs her out and records the erasure."""
    client.force_login(people.zuzanna)
    page = client.get("/en/membership/erase/").content.decode()
    assert "Former member" in page and "Erase my account now" in page
    response = client.post("/en/membership/erase/", {"password": "guess"})
    assert response.status_code == 400 and "This is not your password." in response.content.decode()
    assert get_user_model().objects.filter(pk=people.zuzanna.pk).exists()

    response = client.post("/en/membership/erase/", {"password": "her-secret-123"})
    assert response.status_code == 200 and "Your account is erased" in response.content.decode()
    assert not get_user_model().objects.filter(username=ZUZANNA["username"]).exists()
    record = ErasureRecord.objects.get()
    assert record.initiated_by == "person" and record.erased_by is None
    assert record.organisation_id == people.lille.pk
    follow = client.get("/en/membership/")
    assert follow.status_code == 302 and "/login/" in follow["Location"]


def test_wrong_passwords_on_erasure_are_limited(client, people):
    """After five wrong passwords the form refuses for a while (429), even the right one."""
    client.force_login(people.zuzanna)
    for _attempt in range(5):
        assert client.post("/en/membership/erase/", {"password": "guess"}).status_code == 400
    response = client.post("/en/membership/erase/", {"password": "her-secret-123"})
    assert response.status_code == 429 and "Too many wrong passwords" in response.content.decode()
    assert get_user_model().objects.filter(pk=people.zuzanna.pk).exists()


def test_staff_accounts_are_not_erased_from_the_members_page(client, people):
    """An editor's or the secretariat's account is erased by another administrator (403)."""
    client.force_login(people.secretary)
    assert "another administrator" in client.get("/en/membership/erase/").content.decode()
    assert client.post("/en/membership/erase/", {"password": "pw"}).status_code == 403
    assert get_user_model().objects.filter(pk=people.secretary.pk).exists()


# --- erasure by the secretariat ---------------------------------------------------------------------


def _rows_naming(*needles):
    """Every row of every table whose values mention one of the needles (case-insensitive)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.values():
            text = str(row).lower()
            if any(needle.lower() in text for needle in needles):
                found.append((model._meta.label, row))
    return found


def test_secretariat_erases_a_person_and_nothing_of_them_remains(client, people):
    """After the admin's confirmation, no row of any table points to Zuzanna or carries her
    user name, name or e-mail; her messages are still in the discussion, by "Former member";
    Lille's accepted application is kept without her contact; Piotr's data is untouched."""
    pk = people.zuzanna.pk
    client.force_login(people.zuzanna)  # a session on another device
    client.force_login(people.secretary)
    _mistype_password()
    confirm = client.get(f"/admin/network/privacy/erase/{pk}/")
    assert confirm.status_code == 200 and ZUZANNA["email"] in confirm.content.decode()
    assert get_user_model().objects.filter(pk=pk).exists()

    response = client.post(f"/admin/network/privacy/erase/{pk}/")
    assert response.status_code == 302

    User = get_user_model()
    for relation in User._meta.get_fields(include_hidden=True):
        if relation.is_relation and relation.auto_created and not relation.concrete:
            model = relation.related_model
            lookup = {f"{relation.field.name}_id": pk}
            assert not model._base_manager.filter(**lookup).exists(), model._meta.label
    assert _rows_naming(ZUZANNA["username"], ZUZANNA["email"], "Kowalczyk", "Zuzanna") == []
    for marker in ("CONTACT-Z", "APP-Z-DECLINED", "APP-Z-PENDING", "COMMENT-Z"):
        assert _rows_naming(marker) == [], marker

    message = services.message_queryset().get(pk=people.her_message.pk)
    assert message.body == "MSG-Z-1 about lighthouses" and message.author is None
    assert services.serialize_message(message)["author"]["name"] == "Former member"
    kept = MembershipApplication.objects.get(motivation="APP-Z-APPROVED")
    assert (kept.contact_name, kept.contact_email, kept.contact_phone) == ("", "", "")
    assert CoSignRequest.objects.get().message == "COSIGN-Z please"

    assert MemberProfile.objects.filter(user=people.piotr).exists()
    assert ContactMessage.objects.filter(sender=people.piotr).count() == 1
    assert Message.objects.filter(author=people.piotr).count() == 1
    assert MembershipApplication.objects.filter(contact_email=PIOTR["email"]).exists()
    record = ErasureRecord.objects.get()
    assert record.initiated_by == "secretariat" and record.erased_by == people.secretary
    listing = client.get("/admin/network/privacy/").content.decode()
    assert "The secretariat" in listing and "Lille" in listing


def _refused(response):
    """Wagtail's answer to a missing permission: back to the dashboard, saying so."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_only_the_secretariat_may_erase(client, people):
    """An editor without the right to delete accounts is refused and nothing changes; a
    secretary cannot erase themselves, nor a superuser unless they are one."""
    User = get_user_model()
    editor = User.objects.create_user("editor", "editor@like.example", "pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    url = f"/admin/network/privacy/erase/{people.zuzanna.pk}/"
    for response in (
        client.get("/admin/network/privacy/"),
        client.get(url),
        client.post(url),
    ):
        assert _refused(response)
    assert User.objects.filter(pk=people.zuzanna.pk).exists()

    editor.user_permissions.add(Permission.objects.get(codename="delete_user"))
    editor = User.objects.get(pk=editor.pk)
    client.force_login(editor)
    assert _refused(client.post(f"/admin/network/privacy/erase/{people.secretary.pk}/"))
    assert _refused(client.post(f"/admin/network/privacy/erase/{editor.pk}/"))
    assert User.objects.filter(pk=people.secretary.pk).exists()
    assert client.post(url).status_code == 302
    assert not User.objects.filter(pk=people.zuzanna.pk).exists()


def test_secretariat_finds_a_person_and_the_users_list_offers_erasure(client, people):
    """Settings → Personal data finds a person by e-mail; the Users list links to erasure."""
    client.force_login(people.secretary)
    found = client.get("/admin/network/privacy/", {"q": "erase.example"}).content.decode()
    assert ZUZANNA["username"] in found and PIOTR["username"] not in found
    users = client.get("/admin/users/").content.decode()
    assert f"/admin/network/privacy/erase/{people.zuzanna.pk}/" in users


def test_erasure_lists_pages_that_still_give_the_persons_email(client, people):
    """A page giving her e-mail as its contact is not edited by erasure: the confirmation and
    the erasure's record say which page the secretariat must edit."""
    people.porto.contact_email = ZUZANNA["email"]
    people.porto.save()
    client.force_login(people.secretary)
    url = f"/admin/network/privacy/erase/{people.zuzanna.pk}/"
    assert f"/admin/pages/{people.porto.pk}/edit/" in client.get(url).content.decode()
    client.post(url)
    listing = client.get("/admin/network/privacy/").content.decode()
    assert "Remove the contact from Porto" in listing


# --- retention ----------------------------------------------------------------------------------------


def _age(queryset, days, field="created_at"):
    queryset.update(**{field: timezone.now() - datetime.timedelta(days=days)})


@pytest.fixture
def aged(people):
    """Contact messages 25 and 23 months old; declined, accepted and pending applications
    decided or sent 25 months ago, and a declined one 23 months ago."""
    ContactMessage.objects.all().delete()
    MembershipApplication.objects.all().delete()
    old = send_contact_message(people.piotr, people.lille, "old", "old")
    new = send_contact_message(people.piotr, people.lille, "new", "new")
    _age(ContactMessage.objects.filter(pk=old.pk), 25 * 31)
    _age(ContactMessage.objects.filter(pk=new.pk), 23 * 30)
    rows = {
        name: _application("a@b.example", status, name)
        for name, status in [
            ("old-declined", "declined"),
            ("new-declined", "declined"),
            ("old-approved", "approved"),
            ("old-pending", "pending"),
        ]
    }
    for name in ("old-declined", "old-approved"):
        _age(MembershipApplication.objects.filter(pk=rows[name].pk), 25 * 31, "decided_at")
    _age(MembershipApplication.objects.filter(pk=rows["old-pending"].pk), 25 * 31)
    _age(MembershipApplication.objects.filter(pk=rows["new-declined"].pk), 23 * 30, "decided_at")
    return rows


def test_retention_deletes_what_is_older_than_the_period(aged):
    """With the default 24 months: the old contact message and the old declined application go;
    the newer ones, the accepted application (the membership record) and a pending one stay;
    the command says how many it deleted."""
    out = []
    call_command("apply_retention", stdout=_Collect(out))
    assert "Deleted 1 contact message(s) and 1 declined application(s)" in out[0]
    assert "24 months" in out[0]
    assert list(ContactMessage.objects.values_list("subject", flat=True)) == ["new"]
    assert sorted(MembershipApplication.objects.values_list("motivation", flat=True)) == [
        "new-declined",
        "old-approved",
        "old-pending",
    ]


def test_the_secretariats_setting_changes_what_is_deleted(client, aged, people):
    """The secretariat sets 12 months in Settings → Privacy: the 23-month-old ones go too; a
    dry run only counts; 0 months is refused with a message, not an error page."""
    client.force_login(people.secretary)
    form = client.get("/admin/settings/cms/privacysettings/", follow=True)
    assert form.status_code == 200 and "24" in form.content.decode()
    url = form.redirect_chain[-1][0]
    refused = client.post(url, {"retention_months": "0"})
    assert refused.status_code == 200 and "greater than or equal to 1" in refused.content.decode()
    assert client.post(url, {"retention_months": "12"}).status_code == 302
    assert PrivacySettings.load().retention_months == 12

    out = []
    call_command("apply_retention", "--dry-run", stdout=_Collect(out))
    assert "Would delete 2 contact message(s) and 2 declined application(s)" in out[0]
    assert ContactMessage.objects.count() == 2
    assert privacy.apply_retention()["contact_messages"] == 2
    assert not ContactMessage.objects.exists()
    assert MembershipApplication.objects.filter(status="approved").exists()


def test_months_are_calendar_months():
    """24 months before 31 March 2026 is 31 March 2024; one month before is 28 February."""
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert privacy.months_before(moment, 24) == moment.replace(year=2024)
    assert privacy.months_before(moment, 1) == moment.replace(month=2, day=28)
    assert privacy.months_before(moment, 3) == moment.replace(year=2025, month=12)


class _Collect:
    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.append(text)

    def flush(self):
        pass


def test_the_personal_data_menu_item_shows_only_to_who_may_erase(client, people):
    """Settings → Personal data is in the secretariat's admin menu and not in the menu of an
    editor who may not delete accounts (the screen would refuse them anyway)."""
    User = get_user_model()
    editor = User.objects.create_user("menu-editor", "menu@like.example", "pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(people.secretary)
    assert "/admin/network/privacy/" in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert "/admin/network/privacy/" not in client.get("/admin/").content.decode()
