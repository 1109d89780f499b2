"""A real worker sending an issue to a real SMTP server is killed with SIGKILL in the middle of
the batch; another worker resumes, and every recipient ends up with exactly one copy."""

import asyncio
import os
import signal
import subprocess
import threading
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from cms.bulletins.models import Delivery, MailingList, Send, Subscriber
from cms.bulletins.sending import schedule_send
from tests.servers import PYTHON, ROOT, free_port

from .conftest import make_issue

pytestmark = pytest.mark.e2e

RECIPIENTS = 40
#: The worker is killed while the server holds this message (0-based), before its 250.
KILL_AT = 12
DATABASE_QUEUE = {
    "default": {
        "BACKEND": "cms.worker.backends.LaneDatabaseBackend",
        "QUEUES": ["realtime", "default", "bulk"],
    }
}


class Mailbox:
    """What the SMTP server accepted: a message counts once its 250 reached a live client (a
    client killed while the server was still answering never learnt it was accepted)."""

    def __init__(self, hold_at):
        self.accepted = []  # (recipient, Message-ID)
        self.times = []
        self.lock = threading.Lock()
        self.hold_at = hold_at
        self.holding = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.01)
        if len(self.accepted) == self.hold_at and not self.holding.is_set():
            # The message in flight when the worker dies: the test kills it now.
            self.holding.set()
            await asyncio.sleep(1.5)
        transport = server.transport
        if transport is None or transport.is_closing() or server._reader.at_eof():
            return "451 client gone"
        message_id = message_from_bytes(envelope.content)["Message-ID"]
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.accepted.append((rcpt, message_id))
                self.times.append(time.monotonic())
        return "250 OK"


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _worker_env(port):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.cms.bulletins.e2e_settings",
            "BULLETIN_TEST_SMTP_PORT": str(port),
            "PYTHONUNBUFFERED": "1",
        }
    )
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = db["NAME"]
        env.pop("DATABASE_URL", None)
    else:
        head = env["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{head}/{db['NAME']}"
    return env


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_killed_worker_resumes_without_sending_anyone_twice(transactional_home, tmp_path):
    """The worker sending is killed with SIGKILL while the SMTP server holds its 13th message
    (not yet acknowledged); the other worker takes the send up within seconds, and each of the
    40 recipients has received the issue exactly once, with one Message-ID each."""
    from cms.bulletins.models import BulletinIndexPage
    from tests.cms.conftest import publish_child

    index = publish_child(transactional_home, BulletinIndexPage(title="E-bulletin", slug="b"))
    issue = make_issue(index, title="Issue 9", body=[("heading", "Hello")])
    listing = MailingList.objects.create(name="Bulletin", locale=transactional_home.locale)
    for number in range(RECIPIENTS):
        row = Subscriber.objects.create(
            email=f"reader{number}@example.org", state=Subscriber.State.CONFIRMED
        )
        row.lists.add(listing)
    send = schedule_send(issue, lists=[listing])

    mailbox = Mailbox(hold_at=KILL_AT)
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = _worker_env(port)
    workers = []

    def start(name):
        log = open(tmp_path / f"{name}.log", "ab")  # noqa: SIM115
        command = [
            PYTHON,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--queue-name",
            "*",
            "--worker-id",
            name,
        ]
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        workers.append(proc)
        return proc

    try:
        procs = {name: start(name) for name in ("first", "second")}
        assert mailbox.holding.wait(90), "no worker sent anything"
        running = DBTaskResult.objects.filter(
            task_path="cms.bulletins.sending.send_bulletin_task", status="RUNNING"
        ).get()
        victim = running.worker_ids[-1]
        procs[victim].send_signal(signal.SIGKILL)
        procs[victim].wait(timeout=10)
        killed_at = time.monotonic()
        at_kill = len(mailbox.accepted)
        assert at_kill == KILL_AT
        _wait(
            lambda: Send.objects.filter(pk=send.pk, state=Send.State.DONE).exists(),
            60,
            "the send to finish",
        )
        resumed = next(t for t in mailbox.times if t > killed_at) - killed_at
        print(
            f"\nkilled after {at_kill} messages; the other worker's first message was "
            f"accepted {resumed:.1f}s later; all sent {time.monotonic() - killed_at:.1f}s "
            "after the kill"
        )
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        controller.stop()

    recipients = sorted(rcpt for rcpt, _mid in mailbox.accepted)
    assert recipients == sorted(f"reader{n}@example.org" for n in range(RECIPIENTS))
    assert len({mid for _rcpt, mid in mailbox.accepted}) == RECIPIENTS
    assert Delivery.objects.filter(send=send, state="sent").count() == RECIPIENTS
