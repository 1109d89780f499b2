"""The secretariat's sending screen: the e-mail preview per language, a test to oneself, a
scheduled or immediate sending with its progress, and the e-bulletin's privacy section."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.bulletins.models import Send, Subscriber
from cms.privacy.registry import sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("boss", "boss@like.example", "x")


def test_send_screen_previews_each_language_and_sends_a_test(client, admin, issue, translate):
    """The editor sees the issue's languages, previews the French e-mail as it will be sent and
    sends a test of it to their own address only."""
    french = translate(issue, "fr", title="Bulletin n° 1")
    client.force_login(admin)
    url = reverse("cms_bulletins_send", args=[issue.pk])
    page = client.get(url)
    assert page.status_code == 200
    preview = client.get(reverse("cms_bulletins_email_preview", args=[french.pk]))
    assert preview.status_code == 200
    assert b'<html lang="fr"' in preview.content and b"Bulletin n\xc2\xb0 1" in preview.content
    response = client.post(url, {"action": "test", "page": french.pk})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["boss@like.example"]]
    assert mail.outbox[0].subject.endswith("Bulletin n° 1")
    assert not Send.objects.exists()


def test_editor_page_preview_has_an_email_mode(client, admin, issue):
    """Wagtail's preview offers the e-mail as a mode, rendered through MJML."""
    client.force_login(admin)
    response = issue.make_preview_request(None, "email")
    assert response.status_code == 200
    assert b"<table" in response.content and b"Dear members" in response.content


def test_scheduled_send_is_queued_with_its_audience(
    client, admin, issue, subscriber, mailing_list, django_capture_on_commit_callbacks
):
    """Sending from the screen records the audience and the time, and shows the progress of
    each language; an empty audience is refused with a message."""
    client.force_login(admin)
    url = reverse("cms_bulletins_send", args=[issue.pk])
    refused = client.post(url, {"action": "send"})
    assert refused.status_code == 200 and "Choose at least one audience" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send", "lists": [mailing_list.pk]})
    assert response.status_code == 302
    send = Send.objects.get()
    assert list(send.lists.all()) == [mailing_list]
    assert len(mail.outbox) == 1
    page = client.get(url).content.decode()
    assert "<progress" in page and 'value="1"' in page


def test_send_scheduled_for_later_waits_in_the_queue(issue, subscriber, mailing_list, settings):
    """A sending scheduled for tomorrow is a task due tomorrow in the bulk lane: nothing is
    sent now, and its deliveries are ready."""
    from django_tasks_db.models import DBTaskResult

    from cms.bulletins.sending import schedule_send

    settings.TASKS = {
        "default": {
            "BACKEND": "cms.worker.backends.LaneDatabaseBackend",
            "QUEUES": ["realtime", "default", "bulk"],
        }
    }
    when = timezone.now() + dt.timedelta(days=1)
    send = schedule_send(issue, lists=[mailing_list], when=when)
    task = DBTaskResult.objects.get(task_path="cms.bulletins.sending.send_bulletin_task")
    assert task.run_after == when and task.queue_name == "bulk"
    assert not mail.outbox
    assert send.deliveries.get().state == "queued"


def test_send_screen_is_for_publishers_only(client, issue):
    """An account that may not publish the issue cannot open its sending screen."""
    user = get_user_model().objects.create_user("someone", "s@example.org", "x", is_staff=True)
    client.force_login(user)
    response = client.get(reverse("cms_bulletins_send", args=[issue.pk]))
    assert response.status_code in (302, 403)


def test_privacy_section_exports_and_erases_the_subscription(subscriber):
    """A person's download holds their subscription; erasure deletes it."""
    user = get_user_model().objects.create_user("reader", "Reader@Example.org", "x")
    section = next(s for s in sections() if s.key == "bulletin_subscription")
    assert section.export(user)[0]["email"] == "reader@example.org"
    assert section.erase(user) == {"e-bulletin subscriptions": 1}
    assert not Subscriber.objects.exists()


def test_a_scheduled_sending_can_be_cancelled_and_one_under_way_stopped(
    client, admin, issue, subscriber, mailing_list
):
    """A sending scheduled for tomorrow is cancelled from the screen: when its time comes the
    worker sends nobody anything. One under way is stopped: its next batch sends nothing. One
    that has ended cannot be cancelled, and says so; a forged id changes nothing."""
    from cms.bulletins.sending import run_send, schedule_send

    client.force_login(admin)
    url = reverse("cms_bulletins_send", args=[issue.pk])
    send = schedule_send(
        issue, lists=[mailing_list], when=timezone.now() + dt.timedelta(days=1), user=admin
    )
    assert "Cancel this sending" in client.get(url).content.decode()
    response = client.post(url, {"action": "cancel", "send": send.pk}, follow=True)
    assert "nobody receives it" in response.content.decode()
    send.refresh_from_db()
    assert send.state == Send.State.CANCELLED
    assert run_send(send.pk) == 0 and not mail.outbox
    assert "Cancel this sending" not in response.content.decode()
    under_way = schedule_send(issue, lists=[mailing_list], user=admin)
    Send.objects.filter(pk=under_way.pk).update(state=Send.State.SENDING)
    assert "Stop this sending" in client.get(url).content.decode()
    stopped = client.post(url, {"action": "cancel", "send": under_way.pk}, follow=True)
    assert "will not receive it" in stopped.content.decode()
    assert run_send(under_way.pk) == 0 and not mail.outbox
    assert under_way.deliveries.get().state == "queued"
    ended = schedule_send(issue, lists=[mailing_list], user=admin)
    Send.objects.filter(pk=ended.pk).update(state=Send.State.DONE)
    for value in (ended.pk, "abc", "99999999999999999999"):
        refused = client.post(url, {"action": "cancel", "send": value}, follow=True)
        assert refused.status_code == 200
        assert "cannot be cancelled" in refused.content.decode()
    assert Send.objects.get(pk=ended.pk).state == Send.State.DONE


def test_the_screen_sends_to_committee_members_only(client, admin, issue):
    """Choosing "Committee member" on the screen records that audience on the sending; a
    status that is not a current membership is refused field by field."""
    client.force_login(admin)
    url = reverse("cms_bulletins_send", args=[issue.pk])
    refused = client.post(url, {"action": "send", "member_contacts": "on", "membership": "former"})
    assert refused.status_code == 200 and not Send.objects.exists()
    assert "Select a valid choice" in refused.content.decode()
    client.post(url, {"action": "send", "member_contacts": "on", "membership": "committee"})
    assert Send.objects.get().membership == "committee"
