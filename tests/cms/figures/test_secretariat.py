"""The secretariat's side of the data collection: who has answered, reminders in each
organisation's language, rejecting and correcting, and the map of members."""

import json

import pytest
from django.core import mail

from cms.figures import services
from cms.figures.display import MAP_FILE, members_map
from cms.figures.models import Notice, OrganisationLocation, Response
from cms.figures.projection import to_frame
from cms.figures.tasks import send_notice_task
from tests.cms.members_helpers import make_user


@pytest.fixture
def secretariat(client, db):
    client.force_login(make_user("secretariat", staff=True))
    return client


def test_status_lists_who_answered_and_reminds_the_others_in_their_language(
    secretariat, make_collection, respond, orgs, django_capture_on_commit_callbacks
):
    """The status screen counts the submitted responses; the reminder goes to the others only
    (drafts included), each with the questionnaire's address in the language the organisation
    answered in, else its country's."""
    collection = make_collection()
    done, draft = orgs(2, country="FR")
    german = orgs(1, country="DE")[0]
    for organisation in (done, draft, german):
        make_user(f"contact-{organisation.pk}", organisation=organisation)
    respond(collection, done, staff=3)
    respond(collection, draft, submit=False, staff=1)
    page = secretariat.get(f"/admin/figures/{collection.pk}/").content.decode()
    assert "1 of 3 organisations have submitted" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(f"/admin/figures/{collection.pk}/remind/")
    assert response.status_code == 302
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {f"contact-{draft.pk}@example.org", f"contact-{german.pk}@example.org"}
    # The draft was written in English: so is its reminder; the German member never answered.
    assert "/en/figures/questionnaire/" in sent[f"contact-{draft.pk}@example.org"].body
    assert "/de/figures/questionnaire/" in sent[f"contact-{german.pk}@example.org"].body
    assert Notice.objects.filter(sent_at__isnull=False).count() == 2


def test_a_failed_reminder_is_recorded_and_sent_once_later(
    settings, make_collection, orgs, django_capture_on_commit_callbacks
):
    """When the mail server refuses, the notice keeps the error; the retry sends it, and a
    second run of the task sends nothing more."""
    collection = make_collection()
    organisation = orgs(1)[0]
    make_user("contact-x", organisation=organisation)
    settings.EMAIL_BACKEND = "tests.cms.failing_email.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_non_respondents(collection)
    notice = Notice.objects.get()
    assert notice.sent_at is None and notice.attempts == 1 and notice.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_notice_task.call(notice.pk)
    send_notice_task.call(notice.pk)
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.sent_at and notice.error == ""


def test_rejected_response_can_be_answered_again(
    secretariat, client, make_collection, respond, orgs, django_capture_on_commit_callbacks
):
    """The secretariat rejects with a reason, the organisation is told, and its contact can
    correct and submit again."""
    collection = make_collection()
    organisation = orgs(1)[0]
    contact = make_user("contact-r", organisation=organisation)
    response = respond(collection, organisation, staff=3)
    with django_capture_on_commit_callbacks(execute=True):
        result = secretariat.post(
            f"/admin/figures/response/{response.pk}/reject/",
            {"reason": "Staff looks like a typo."},
        )
    assert result.status_code == 302
    response.refresh_from_db()
    assert response.state == Response.State.REJECTED
    assert "Staff looks like a typo." in mail.outbox[0].body
    client.force_login(contact)
    page = client.get("/en/figures/questionnaire/").content.decode()
    assert "could not accept your figures" in page and "Staff looks like a typo." in page
    staff = collection.questions.get(key="staff")
    client.post(
        "/en/figures/questionnaire/", {"centres": "1", "action": "submit", f"q{staff.pk}": "30"}
    )
    response.refresh_from_db()
    assert response.state == Response.State.SUBMITTED
    assert response.answers.get(question=staff).number == 30


def test_secretariat_opens_a_response_to_correct_it(secretariat, make_collection, respond, orgs):
    """A response opens in the admin with its answers, to correct one."""
    response = respond(make_collection(), orgs(1)[0], staff=3)
    page = secretariat.get(f"/admin/snippets/cms_figures/response/edit/{response.pk}/")
    assert page.status_code == 200 and "answers-0-number" in page.content.decode()


def test_members_cannot_reach_the_secretariats_screens(client, make_collection, orgs):
    """A member's account is refused the status screen and its actions."""
    collection = make_collection()
    client.force_login(make_user("plain", organisation=orgs(1)[0]))
    assert client.get(f"/admin/figures/{collection.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/figures/{collection.pk}/remind/").status_code in (302, 403)
    assert not Notice.objects.exists()


def test_map_shows_members_by_country_and_placed_organisations(client, home, orgs):
    """The home page and the directory show the map: a circle with the count per country, a dot
    per organisation with coordinates, and the same counts as a table."""
    french = orgs(3, country="FR")
    orgs(1, country="PL")
    orgs(2, country="FR", membership="former")
    OrganisationLocation.objects.create(organisation=french[0], latitude=50.63, longitude=3.06)
    data = members_map()
    assert [(r["code"], r["count"]) for r in data["rows"]] == [("FR", 3), ("PL", 1)]
    assert len(data["points"]) == 1
    for url in ("/en/", french[0].get_parent().url):
        page = client.get(url).content.decode()
        assert "cms_figures/europe" in page and "<title>France: 3 members</title>" in page
        assert "<title>" + french[0].title + "</title>" in page
        assert "Members by country, as a table" in page


def test_map_data_is_small_and_lille_falls_in_france():
    """The shipped map stays small, and Lille's coordinates land near France's centre."""
    data = json.loads(MAP_FILE.read_text())
    assert (
        MAP_FILE.stat().st_size
        + (MAP_FILE.parent.parent / "static/cms_figures/europe.svg").stat().st_size
        < 200_000
    )
    x, y = to_frame(3.06, 50.63, data["frame"])
    fx, fy = data["centres"]["FR"]
    assert abs(x - fx) < 120 and abs(y - fy) < 150 and y < fy
