"""Blocking a server removes its posts from the feed, and only its posts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from federation.following import purge_blocked_domain
from federation.models import RemoteActor, RemotePost


def _post(actor, object_id):
    return RemotePost.objects.create(object_id=object_id, actor=actor, kind="note", name="x")


def test_purge_removes_the_servers_posts_and_keeps_the_others(db):
    """A blocked domain takes its subdomains, any port and posts it authored that a friend
    shared; look-alike domains and mere mentions in a path stay."""
    spam = RemoteActor.objects.create(uri="https://spam.example/u/s", domain="spam.example")
    sub = RemoteActor.objects.create(
        uri="https://a.spam.example:8443/u/s", domain="a.spam.example:8443"
    )
    friend = RemoteActor.objects.create(uri="https://friend.example/u/f", domain="friend.example")
    gone = [
        _post(spam, "https://spam.example/p/1"),
        _post(sub, "https://a.spam.example:8443/p/2"),
        _post(friend, "https://SPAM.example/p/3"),  # shared by a friend, written there
        _post(friend, "https://b.spam.example?p=4"),
    ]
    kept = [
        _post(friend, "https://friend.example/p/5"),
        _post(friend, "https://notspam.example/p/6"),
        _post(friend, "https://spam.example.org/p/7"),
        _post(friend, "https://friend.example/spam.example/8"),
        _post(friend, "https://spam.example@friend.example/p/9"),
    ]
    assert purge_blocked_domain("spam.example") == len(gone)
    assert set(RemotePost.objects.values_list("pk", flat=True)) == {p.pk for p in kept}


def test_purge_filters_in_the_database(db):
    """The purge never reads the whole feed into Python: every query it makes is filtered, and
    their number does not grow with the feed."""
    spam = RemoteActor.objects.create(uri="https://spam.example/u/s", domain="spam.example")
    friend = RemoteActor.objects.create(uri="https://friend.example/u/f", domain="friend.example")
    for i in range(30):
        _post(friend, f"https://friend.example/p/{i}")
        _post(spam, f"https://spam.example/p/{i}")
    with CaptureQueriesContext(connection) as queries:
        assert purge_blocked_domain("spam.example") == 30
    assert len(queries) <= 2
    assert all("WHERE" in q["sql"] for q in queries.captured_queries)
    assert RemotePost.objects.count() == 30
