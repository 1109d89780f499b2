"""Fuzzing what the inbox and the feed store read from JSON: any structure gives a clean refusal
(4xx with a reason, an "ignored: ..." outcome) or a stored, sanitised post; never an exception."""

import itertools
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from federation import inbox
from federation.feed.store import KIND_OF_TYPE, Unusable, post_values, store_activity, upsert
from federation.models import Follow, InboxItem, RemoteActor, RemotePost
from federation.sanitize import ATTRIBUTES, TAGS, is_language_tag
from tests.federation.conftest import signed_post
from tests.strategies import json_values, printable, tame_json_values, text

INBOX = "/ap/inbox"
_serial = itertools.count()
HTML_PIECES = [
    "<p>", "</p>", "<a href=", '"https://ok.example/"', '"javascript:alert(1)"', ">", "</a>",
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<b>", "<!--", "-->", "&amp;",
    "<svg onload=x>", "<style>", "<a title=x href='mailto:a@b'>", "data:text/html,", "<",
]  # fmt: skip


def _langs(text):
    return st.one_of(
        st.sampled_from(["en", "fr", "de-CH", "pt-BR", "zh-Hant-TW", "EN", "en\n", "", "x", "<b>"]),
        text(max_size=12),
    )


def _urls(text):
    return st.one_of(
        st.sampled_from(
            [
                "https://ok.example/a",
                "http://ok.example/b?c=1",
                "javascript:alert(1)",
                "data:text/html,x",
                "//evil.example/",
                "https://user:pw@evil.example/",
                'https://x.example/"onmouseover=',
                "https://[::1/",
                "",
            ]
        ),
        text(pieces=["https://", "http://", ":", "/", "@", "[", "]", "#"], max_size=40),
    )


class Shapes:
    """Peer-shaped objects and activities, every field sometimes of another JSON type; `tame`
    keeps text printable and numbers finite so that more of them pass the body parser."""

    def __init__(self, tame=False, origin="https://peer.example", actor=None):
        self.text = (lambda **kw: text(printable, **kw)) if tame else text
        self.values = tame_json_values if tame else json_values
        self.origin = origin
        self.actor = actor or f"{origin}/users/alice"
        self.langs = _langs(self.text)
        self.urls = st.one_of(
            st.sampled_from([f"{origin}/posts/1", f"{origin}/posts/2"]), _urls(self.text)
        )

    def _maybe(self, strategy):
        return st.one_of(strategy, self.values)

    def _mostly(self, strategy):
        """Three times in four the expected shape, else any JSON value."""
        # Hypothesis favours small integers: 0 to 2 give the shape, 3 anything.
        return st.integers(0, 3).flatmap(lambda n: self.values if n == 3 else strategy)

    def link(self):
        return st.fixed_dictionaries(
            {"type": st.just("Link")},
            optional={
                "href": self._maybe(self.urls),
                "hreflang": self._maybe(self.langs),
                "hrefLang": self._maybe(self.langs),
                "mediaType": self._maybe(
                    st.sampled_from(["text/html", "image/png", "text/javascript"])
                ),
                "name": self._maybe(self.text()),
            },
        )

    def language_map(self, values):
        return st.dictionaries(self.langs, self._maybe(values), max_size=4)

    def objects(self, object_id=None):
        """Objects shaped like what peers send, every field sometimes of another JSON type."""
        html = self.text(pieces=HTML_PIECES, max_size=80)
        attachment = st.fixed_dictionaries(
            {"type": st.sampled_from(["Image", "Document", "Link", "Video", "Tombstone"])},
            optional={
                "url": self._maybe(
                    st.one_of(self.urls, st.lists(self._maybe(self.urls), max_size=2), self.link())
                ),
                "href": self._maybe(self.urls),
                "mediaType": self._maybe(
                    st.sampled_from(["image/png", "text/html", "application/x-script"])
                ),
                "name": self._maybe(self.text()),
            },
        )
        return st.fixed_dictionaries(
            {
                "id": st.just(object_id)
                if object_id
                else st.one_of(st.just(f"{self.origin}/posts/1"), self._maybe(self.urls)),
                "type": st.one_of(
                    st.sampled_from(sorted(KIND_OF_TYPE)),
                    self._maybe(st.sampled_from(["Tombstone", "Person"])),
                ),
            },
            optional={
                "content": self._maybe(html),
                "contentMap": self._maybe(self.language_map(html)),
                "name": self._maybe(html),
                "nameMap": self._maybe(self.language_map(self.text())),
                "summary": self._maybe(html),
                "summaryMap": self._maybe(self.language_map(self.text())),
                "url": self._maybe(
                    st.one_of(
                        self.urls, self.link(), st.lists(self._maybe(self.link()), max_size=4)
                    )
                ),
                "attachment": self._maybe(
                    st.one_of(attachment, st.lists(self._maybe(attachment), max_size=4))
                ),
                "published": self._maybe(
                    st.sampled_from(["2026-11-21T12:00:00Z", "2026-13-45", "9" * 70])
                ),
                "updated": self._maybe(st.sampled_from(["2026-11-22T12:00:00+01:00", "yesterday"])),
                "startTime": self._maybe(
                    st.sampled_from(["2026-12-01T18:00:00Z", "0000-00-00", ""])
                ),
                "endTime": self._maybe(st.sampled_from(["2026-12-01T20:00:00Z", "never"])),
                "location": self._maybe(
                    st.fixed_dictionaries(
                        {"type": st.just("Place")},
                        optional={
                            "name": self._maybe(self.text()),
                            "address": self._maybe(
                                st.dictionaries(
                                    st.sampled_from(
                                        ["streetAddress", "addressLocality", "postalCode"]
                                    ),
                                    self._maybe(self.text()),
                                    max_size=3,
                                )
                            ),
                        },
                    )
                ),  # fmt: skip
                "attributedTo": st.one_of(st.just(self.actor), self._maybe(self.urls)),
            },
        )

    def activities(self):
        kinds = st.sampled_from(["Create", "Update", "Delete", "Undo", "Follow", "Like", "Accept"])
        return st.fixed_dictionaries(
            {
                "id": self._mostly(st.just(f"{self.actor}#a")),
                "type": self._mostly(kinds),
                "actor": self._mostly(st.just(self.actor)),
            },
            optional={
                "object": st.one_of(
                    self.objects(),
                    self.objects(),
                    self.activity_references(),
                    self._maybe(self.urls),
                ),
                "to": self._maybe(self.urls),
                "@context": self.values,
            },
        )

    def activity_references(self):
        """The inner activity of an Undo (a Follow, Like or Announce of ours, or anything)."""
        return st.fixed_dictionaries(
            {"type": self._maybe(st.sampled_from(["Follow", "Like", "Announce"]))},
            optional={
                "id": self._maybe(self.urls),
                "actor": st.one_of(st.just(self.actor), self._maybe(self.urls)),
                "object": self._maybe(
                    st.sampled_from(
                        ["http://testserver/ap/actors/like", "http://testserver/ap/objects/x"]
                    )
                ),
            },
        )


WILD = Shapes()


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _assert_sanitised(values):
    """What the feed would show is within the allow-list and storable anywhere."""
    for html in [values["content"], *values["content_map"].values()]:
        parser = _Markup()
        parser.feed(html)
        for tag, attrs in parser.tags:
            assert tag in TAGS, tag
            assert set(attrs) <= ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, attrs)
            if "href" in attrs:
                assert urlsplit(attrs["href"]).scheme in {"http", "https", "mailto"}, attrs
    for mapping in ("content_map", "name_map", "summary_map", "url_map"):
        assert all(is_language_tag(lang) for lang in values[mapping]), values[mapping]
    assert values["language"] == "" or is_language_tag(values["language"])
    for url in [
        values["url"],
        *values["url_map"].values(),
        *(a["url"] for a in values["attachments"]),
    ]:
        assert urlsplit(url).scheme in {"http", "https"}, url
    # PostgreSQL refuses NUL in text and lone surrogates in any encoding.
    dump = json.dumps(values, default=str, ensure_ascii=False)
    assert "\x00" not in dump
    dump.encode("utf-8")


# -- parsing the body ---------------------------------------------------------------------------


@given(st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode())))
def test_any_body_is_parsed_or_refused_with_a_reason(body):
    """Any bytes, or any JSON value, posted to the inbox are an activity or a 4xx with a reason."""
    try:
        document = inbox.parse_body(body)
    except inbox.Refused as exc:
        assert exc.status in {400, 413} and exc.reason
        return
    assert isinstance(document, dict) and isinstance(document["id"], str)


@pytest.mark.django_db
@given(WILD.activities())
def test_origin_checks_refuse_or_pass_any_activity(document):
    """The actor/object origin checks take any activity the body parser lets through and answer
    403 with a reason or let it pass; they never raise anything else."""
    try:
        document = inbox.parse_body(json.dumps(document).encode())
    except inbox.Refused:
        return
    try:
        inbox.check_origins(document, "https://peer.example/users/alice")
    except inbox.Refused as exc:
        assert exc.status == 403 and exc.reason


@settings(max_examples=100)
@given(st.one_of(st.binary(max_size=200), json_values.map(lambda v: json.dumps(v).encode())))
def test_unsigned_posts_to_the_real_inbox_never_get_a_500(client, network, body):
    """Anything posted unsigned to the real inbox view gets a 4xx JSON answer saying why."""
    response = client.generic("POST", INBOX, body, content_type="application/activity+json")
    assert 400 <= response.status_code < 500
    assert response.json()["error"]


# -- the feed store -----------------------------------------------------------------------------


@pytest.fixture
def source(db):
    return RemoteActor.objects.create(
        uri="https://peer.example/users/alice", domain="peer.example", username="alice"
    )


@given(st.one_of(WILD.objects(), json_values))
def test_any_object_is_stored_sanitised_or_refused(source, object_):
    """Any object (peer-shaped with hostile fields, or any JSON value) is refused as unusable or
    becomes a post whose HTML, languages and links are within the allow-list, and it is stored."""
    try:
        values = post_values(object_)
    except Unusable as exc:
        assert str(exc)
        return
    _assert_sanitised(values)
    stored = upsert(object_, source)
    stored.refresh_from_db()
    assert stored.object_id == values["object_id"]


@pytest.fixture
def following(network, alice):
    """We follow alice and she accepted."""
    from federation.remote import fetch_actor

    remote = fetch_actor(alice.uri)
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    return remote


@settings(max_examples=100)
@given(st.data())
def test_the_worker_stores_or_ignores_any_accepted_activity(following, alice, data):
    """Whatever a followed actor's accepted Create/Update/Delete/Undo carries, the worker stores
    a sanitised post or says why it ignored it."""
    object_id = f"{alice.server.url}/posts/{data.draw(st.integers(0, 3))}"
    shapes = Shapes(tame=data.draw(st.booleans()), origin=alice.server.url, actor=alice.uri)
    obj = data.draw(shapes._mostly(shapes.objects(object_id)), label="object")
    kind = data.draw(st.sampled_from(["Create", "Update", "Delete", "Undo"]), label="kind")
    activity_id = f"{alice.uri}#fuzz/{next(_serial)}"
    document = {"id": activity_id, "type": kind, "actor": alice.uri, "object": obj}
    try:
        # What the inbox would have kept: the body parser's refusals never reach the worker.
        document = inbox.parse_body(json.dumps(document).encode())
    except inbox.Refused:
        return
    InboxItem.objects.create(
        activity_id=activity_id, activity_type=kind, actor_uri=alice.uri, payload=document
    )
    outcome = store_activity(activity_id)
    event(outcome[:40])
    assert isinstance(outcome, str) and outcome
    for post in RemotePost.objects.filter(object_id=object_id):
        post.refresh_from_db()
        _assert_sanitised(
            {
                field: getattr(post, field)
                for field in ("content", "content_map", "name_map", "summary_map", "url_map")
            }
            | {"language": post.language, "url": post.url, "attachments": post.attachments}
        )


@settings(max_examples=100)
@given(st.data())
def test_signed_activities_at_the_real_inbox_never_get_a_500(client, following, alice, data):
    """Signed by a followed actor, any activity shape posted to the real inbox is answered 202 or
    4xx with a reason, and what it stores is sanitised."""
    shapes = Shapes(tame=data.draw(st.booleans()), origin=alice.server.url, actor=alice.uri)
    document = data.draw(shapes.activities())
    if document["id"] == f"{alice.uri}#a":
        document["id"] += str(next(_serial))  # a new activity each time, not "already processed"
    response, _h, _b = signed_post(client, INBOX, document, alice)
    answer = response.json()
    event(f"{response.status_code} {(answer.get('status') or answer.get('error', ''))[:40]}")
    assert response.status_code == 202 or 400 <= response.status_code < 500, response.content
    assert response.json()
    assert RemoteActor.objects.filter(uri=alice.uri).exists()
