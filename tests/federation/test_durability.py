"""Nothing published is lost between the page and the queue: the task is written with the
publication, and what the queue lost anyway is found again by `federation_reconcile`."""

import io

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.test import override_settings
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from federation.models import FederatedObject

cms_models = pytest.importorskip("cms.models")
NewsIndexPage = cms_models.NewsIndexPage
NewsArticlePage = cms_models.NewsArticlePage

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["realtime", "default", "bulk"],
    }
}


def draft_article(home, title="Culture in cities", slug="culture"):
    index = NewsIndexPage(title="News", slug="news")
    home.add_child(instance=index)
    article = NewsArticlePage(title=title, slug=slug, summary="Short", live=False)
    index.add_child(instance=article)
    return article


def received(remote_server, kind):
    return [p.json() for p in remote_server.posts() if p.json().get("type") == kind]


def work_the_queue():
    """What the workers do: run every queued task (all lanes) until none is left."""
    call_command(
        "db_worker", batch=True, queue_name="*", startup_delay=False, interval=0, verbosity=0
    )


def queue_fails_after_commit(monkeypatch, *, always=False):
    """The queue refuses writes made after the publishing transaction committed (what a busy
    SQLite did: "database is locked"), or every write of a federation task (`always`)."""
    original = DatabaseBackend.enqueue

    def enqueue(self, task, args, kwargs):
        federation_task = task.module_path.startswith("federation.")
        if federation_task and (always or not connection.in_atomic_block):
            raise OperationalError("database is locked")
        return original(self, task, args, kwargs)

    monkeypatch.setattr(DatabaseBackend, "enqueue", enqueue)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_publication_and_its_task_commit_together(
    transactional_home, network, remote_server, follower, monkeypatch
):
    """An article published in a transaction while the queue refuses writes after the commit
    still reaches its followers once the worker runs: its task was written with it (before,
    the page went live, queueing failed after the commit and the article never federated)."""
    article = draft_article(transactional_home)
    revision = article.save_revision()
    queue_fails_after_commit(monkeypatch)
    with transaction.atomic():
        revision.publish()
    monkeypatch.undo()

    assert DBTaskResult.objects.filter(task_path="federation.publishing.publish_page").exists()
    work_the_queue()
    creates = received(remote_server, "Create")
    assert [c["object"]["name"] for c in creates] == ["Culture in cities"]
    assert FederatedObject.objects.get().state == FederatedObject.PUBLISHED


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_publication_the_queue_lost_is_reconciled(
    transactional_home, network, remote_server, follower, monkeypatch, caplog
):
    """Published as the admin publishes (no transaction) while the queue is down: the editor
    gets no error, the page is live, and the periodic `federation_reconcile` queues what was
    lost, so followers receive the article after all."""
    article = draft_article(transactional_home)
    revision = article.save_revision()
    queue_fails_after_commit(monkeypatch, always=True)
    revision.publish()  # no exception reaches the editor
    monkeypatch.undo()
    article.refresh_from_db()
    assert article.live
    assert "could not queue publish_page" in caplog.text
    work_the_queue()
    assert received(remote_server, "Create") == []

    out = io.StringIO()
    call_command("federation_reconcile", grace=0, stdout=out)
    assert "1 tasks queued (missing 1)" in out.getvalue()
    work_the_queue()
    assert [c["object"]["name"] for c in received(remote_server, "Create")] == ["Culture in cities"]
    out = io.StringIO()
    call_command("federation_reconcile", grace=0, stdout=out)
    assert out.getvalue().strip() == "0 tasks queued"


def publish_losing_the_task(page, capture):
    """Publish, dropping the tasks the publication queued (as a lost queue row would)."""
    with capture(execute=False):
        page.save_revision().publish()


def test_reconcile_finds_stale_gone_and_recent(
    home, network, remote_server, follower, django_capture_on_commit_callbacks
):
    """An edit whose Update was lost is sent by the next reconciliation, once (not again the
    time after); a page published moments ago is left to its own task; an article unpublished
    whose Delete was lost is deleted on followers by the next reconciliation."""
    from federation.reconcile import reconcile

    article = draft_article(home)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert len(received(remote_server, "Create")) == 1

    article.title = "Culture in cities, revised"
    publish_losing_the_task(article, django_capture_on_commit_callbacks)
    assert reconcile() == {}  # published moments ago: its own task is probably queued
    assert received(remote_server, "Update") == []
    with django_capture_on_commit_callbacks(execute=True):
        assert reconcile(grace=0) == {"stale": 1}
    updates = received(remote_server, "Update")
    assert [u["object"]["name"] for u in updates] == ["Culture in cities, revised"]
    assert reconcile(grace=0) == {}

    with django_capture_on_commit_callbacks(execute=False):
        NewsArticlePage.objects.get(pk=article.pk).unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        assert reconcile(grace=0) == {"gone": 1}
    deletes = received(remote_server, "Delete")
    assert [d["object"]["type"] for d in deletes] == ["Tombstone"]
    assert FederatedObject.objects.get().state == FederatedObject.DELETED
    assert reconcile(grace=0) == {}


def test_reconcile_refuses_a_negative_grace(db):
    """A mistyped option says what is wrong instead of reconciling with a window in the future."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--grace must be zero or more"):
        call_command("federation_reconcile", grace=-5, stdout=io.StringIO())
