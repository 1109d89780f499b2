"""A worker killed in the middle of a delivery: real sites, real workers, a real SIGKILL.

Site A publishes while site B answers slowly (a proxy in front of B holds the POST); A's worker
doing that delivery is killed with SIGKILL. Its task must be taken up again by A's other worker
by itself, and B must handle the activity exactly once although it arrives twice (the held POST,
which the proxy still forwards, and the retry).
"""

import json
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.e2e.site_scripts import publish_news, wait_for
from tests.servers import start_site

pytestmark = pytest.mark.e2e

TITLE = "Lost and found"
HOLD_SECONDS = 8.0
RESUME_WITHIN = 60.0

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length"}


class HoldingProxy:
    """B's public origin: forwards every request to B, but holds the first POST whose body
    contains `marker` for HOLD_SECONDS (a slow server), and forwards it even if the sender is
    gone by then, as a slow server would still process what it was sent."""

    def __init__(self, marker: bytes):
        self.marker = marker
        self.target = ""
        self.held = threading.Event()
        self.marked_posts = []  # (arrived at monotonic, status B answered, B's JSON)
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self._forward(b"")

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                arrived = time.monotonic()
                marked = proxy.marker in body
                if marked:
                    with proxy.lock:
                        hold = not proxy.held.is_set()
                        proxy.held.set()
                    if hold:
                        time.sleep(HOLD_SECONDS)
                response = self._forward(body)
                if marked:
                    proxy.marked_posts.append((arrived, response.status_code, response.json()))

            def _forward(self, body):
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                response = httpx.request(
                    self.command, proxy.target + self.path, headers=headers, content=body
                )
                try:
                    self.send_response(response.status_code)
                    for name, value in response.headers.items():
                        if name.lower() not in HOP_BY_HOP:
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(response.content)))
                    self.end_headers()
                    self.wfile.write(response.content)
                except OSError:
                    pass  # the sender was killed while we held its request
                return response

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


def shell_json(site, script):
    return json.loads(site.manage("shell", "-c", script).stdout.strip().splitlines()[-1])


RUNNING_DELIVERY = """
import json
from django_tasks_db.models import DBTaskResult
row = DBTaskResult.objects.filter(task_path="federation.delivery.deliver", status="RUNNING").first()
print(json.dumps(row.worker_ids if row else None))
"""

DELIVERY_STATE = """
import json
from django_tasks_db.models import DBTaskResult
from federation.models import Delivery
d = Delivery.objects.filter(activity__activity_type="Create").get()
row = DBTaskResult.objects.filter(task_path="federation.delivery.deliver",
    args_kwargs__args=[d.pk]).get()
print(json.dumps({"state": d.state, "attempts": d.attempts, "task": row.status,
    "worker_ids": row.worker_ids, "activity": d.activity.uri}))
"""

RECEIVED = """
import json
from federation.models import Follow, InboxItem, RemotePost
print(json.dumps({
    "accepted": Follow.objects.filter(direction="outgoing", state="accepted").count(),
    "creates": list(InboxItem.objects.filter(activity_type="Create").values_list("activity_id",
        flat=True)),
    "posts": RemotePost.objects.filter(name=TITLE).count(),
}))
""".replace("TITLE", repr(TITLE))


@pytest.fixture
def sites(tmp_path):
    proxy = HoldingProxy(TITLE.encode())
    started = []
    try:
        a = start_site(tmp_path, "a", worker=False, settings="tests.e2e.recovery_settings")
        started.append(a)
        b = start_site(tmp_path, "b", extra_env={"SITE_URL": proxy.url})
        started.append(b)
        proxy.target = b.url
        for site, name in ((a, "A"), (b, "B")):
            site.manage("federation_ensure_network_actor", "--name", f"LIKE {name}")
        workers = {
            worker_id: a.start_worker(worker_id=worker_id, log_name=f"worker-{worker_id}")
            for worker_id in ("first", "second")
        }
        yield a, b, proxy, workers
    finally:
        for site in started:
            site.stop()
        proxy.close()


def test_killed_worker_task_is_resumed_and_handled_once(sites):
    """A delivery whose worker was killed mid-POST is sent again by another worker within a
    minute without anyone's help; the receiving site, which got the activity twice, shows the
    post once and recorded the activity once."""
    a, b, proxy, workers = sites
    host_a = a.url.removeprefix("http://")
    b.manage("federation_follow", f"@like@{host_a}", "--as", "like")
    wait_for(lambda: shell_json(b, RECEIVED)["accepted"] == 1 or None, what="Accept on B")

    a.manage("shell", "-c", publish_news(TITLE, "lost"))
    assert proxy.held.wait(60), "A never delivered the article to B"
    claimed = wait_for(lambda: shell_json(a, RUNNING_DELIVERY), what="the running delivery")
    victim = claimed[-1]
    workers[victim].send_signal(signal.SIGKILL)
    workers[victim].wait(timeout=10)
    killed_at = time.monotonic()

    # The other worker takes the task up again; then the held POST reaches B too.
    wait_for(lambda: len(proxy.marked_posts) >= 2 or None, what="both copies at B", timeout=90)
    retried_at = max(arrived for arrived, _status, _body in proxy.marked_posts)
    resumed_after = retried_at - killed_at
    print(f"\nkilled worker's delivery resumed after {resumed_after:.1f}s")
    assert resumed_after < RESUME_WITHIN

    assert sorted(status for _arrived, status, _body in proxy.marked_posts) == [202, 202]
    outcomes = sorted(body["status"] for _arrived, _status, body in proxy.marked_posts)
    assert outcomes[0] == "already processed"
    state = shell_json(a, DELIVERY_STATE)
    assert state["state"] == "delivered" and state["task"] == "SUCCESSFUL"
    survivor = next(w for w in workers if w != victim)
    assert state["worker_ids"] == [victim, survivor]
    received = wait_for(
        lambda: (lambda s: s if s["posts"] == 1 else None)(shell_json(b, RECEIVED)),
        what="the post in B's feed",
    )
    assert received["creates"] == [state["activity"]]
    assert received["posts"] == 1
