"""Fuzzing the chat formatter: any message renders, and only to the allowed subset of HTML."""

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from collaboration.formatting import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    mentioned_names,
    render,
    strip_controls,
)
from tests.strategies import text

# The formatter's own syntax and what has been used to attack such formatters.
PIECES = [
    "**", "*", "_", "`", "```", "```js\n", "\n", "\n\n", "> ", ">", "- ", "* ", "1. ", "2) ",
    "[", "]", "(", ")", "[x](", "https://", "http://", "mailto:", "javascript:", "data:",
    "example.org", "/path?a=1&b=2", "@", "@bob", "@all", "@eve.", "<", ">", "&", '"', "'", "=",
    "<script>", "<img src=x onerror=alert(1)>", "&lt;", "&#x27;", "\x00", "\x000\x00", "\x001\x00",
    "\x0099\x00", " ", ".", ",", "!", ":", ";",
]  # fmt: skip
MEMBERS = {"bob", "eve", "alice"}
messages = text(pieces=PIECES, max_size=240)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


@given(messages, st.sets(st.sampled_from(sorted(MEMBERS))))
def test_any_message_renders_to_the_allowed_subset(body, mentionable):
    """Whatever a member types, the message renders (no exception drops their connection) and the
    HTML has only the allowed tags and attributes, links only to http(s) and mailto, mention chips
    only for members, and no control characters."""
    html = render(body, mentionable)
    parser = _Collect()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, (tag, html)
        names = [name for name, _value in attrs]
        assert len(names) == len(set(names)), html
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(names) <= allowed, (tag, attrs, html)
        values = dict(attrs)
        if tag == "a":
            scheme = values.get("href", "").partition(":")[0].lower()
            assert scheme in {"http", "https", "mailto"}, html
            assert values["rel"] == "nofollow noopener noreferrer"
        if tag == "span":
            assert values.get("class") == "mention", html
            assert values.get("data-user") in mentionable | {"all"}, html
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in html), repr(html)


@given(messages)
def test_forged_placeholders_change_nothing(body):
    """Typing the formatter's NUL placeholders by hand gives the same page as not typing NUL at
    all: stashed fragments (code, links, mention chips) cannot be copied or moved."""
    assert render(body, MEMBERS) == render(body.replace("\x00", ""), MEMBERS)


@given(messages)
def test_mentions_found_are_members_written_in_the_text(body):
    """The @names the formatter reports are names written in the message (outside code)."""
    names = mentioned_names(body)
    assert all(name and f"@{name}" in strip_controls(body) for name in names)
