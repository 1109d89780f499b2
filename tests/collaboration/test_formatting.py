"""Message text becomes safe HTML: escaped first, a small formatting subset, links never javascript:."""

from collaboration.formatting import mentioned_names, render


def test_script_and_event_handlers_arrive_as_text():
    """Tags someone types are shown as text, never run."""
    html = render('<img src=x onerror=alert(1)> <script>alert("x")</script>')
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_javascript_links_are_not_links():
    """A javascript: link stays plain text; http, https and mailto links become links."""
    html = render("[click](javascript:alert(1)) [site](https://example.org/a?b=1&c=2) mailto")
    assert "javascript:alert(1)" in html and 'href="javascript' not in html
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">site</a>'
        in html
    )
    assert 'href="mailto:a@b.org"' in render("[me](mailto:a@b.org)")


def test_attribute_breakout_in_links_is_escaped():
    """Quotes in a URL cannot close the href attribute."""
    from html.parser import HTMLParser

    attributes = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes.extend(name for name, _value in attrs)

    Collect().feed(render('https://example.org/"onmouseover="alert(1)'))
    assert set(attributes) <= {"href", "rel"}


def test_formatting_subset():
    """Bold, italic, inline code, code blocks, quotes and lists render as people expect."""
    assert "<strong>bold</strong>" in render("**bold**")
    assert "<em>it</em>" in render("*it*") and "<em>it</em>" in render("_it_")
    assert "<code>&lt;b&gt;</code>" in render("`<b>`")
    assert "<pre><code>&lt;script&gt;x&lt;/script&gt;</code></pre>" in render(
        "```\n<script>x</script>\n```"
    )
    assert render("> quoted") == "<blockquote><p>quoted</p></blockquote>"
    assert render("- a\n- b") == "<ul><li>a</li><li>b</li></ul>"
    assert render("1. a\n2. b") == "<ol><li>a</li><li>b</li></ol>"


def test_mentions_only_for_known_names():
    """@name becomes a mention chip only for members; code is never scanned for mentions."""
    html = render("hi @bob and @eve", {"bob"})
    assert 'data-user="bob"' in html and 'data-user="eve"' not in html
    assert mentioned_names("hi @bob `@carol` and @dave.") == {"bob", "dave"}


def _anchors(html):
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                found.append(dict(attrs).get("href"))

    Collect().feed(html)
    return found


def test_nul_index_nul_in_a_message_does_not_crash():
    """A body with NUL-digit-NUL ("a \\0 5 \\0 b") renders as plain text instead of raising
    IndexError (which dropped the sender's connection)."""
    assert render("a \x005\x00 b") == "<p>a 5 b</p>"


def test_forged_placeholders_cannot_copy_other_fragments():
    """Typing the formatter's placeholder by hand cannot pull another fragment (a code span, a
    link, a mention chip) into the message a second time."""
    html = render("`code` \x000\x00 [x](https://e.org) \x001\x00 @bob \x002\x00", {"bob"})
    assert html.count("<code>") == 1
    assert _anchors(html) == ["https://e.org"]
    assert html.count('data-user="bob"') == 1
    assert "\x00" not in html


def test_control_characters_are_dropped():
    """Control characters (which PostgreSQL refuses or terminals misread) do not reach the page;
    Windows and old-Mac line ends are line breaks."""
    assert render("x\x01y\x7fz\x85w\r\nv\ru") == "<p>xyzw<br>v<br>u</p>"


def test_url_followed_by_a_link_gives_two_links():
    """A bare URL written right before a [text](url) link becomes two links, not a garbled
    attribute with markup inside it."""
    html = render("https://a.org[x](https://b.org)")
    assert _anchors(html) == ["https://a.org", "https://b.org"]
    assert "&gt;" not in html


def test_urls_found_by_fuzzing_render_as_people_wrote_them():
    """A URL is never cut inside an escaped character ("https://>" showed as a dead link and a
    stray ";"), and one nh3 cannot parse is plain text, not a link that goes nowhere."""
    assert render("see https://> now") == "<p>see https://&gt; now</p>"
    assert "<a" not in render("https://\ud7fc")
    assert _anchors(render("https://a.org/?x=1&y=2")) == ["https://a.org/?x=1&y=2"]


def test_unpaired_surrogates_render_as_a_replacement_character():
    """A lone surrogate ("\\ud800", valid JSON) shows as U+FFFD instead of crashing the
    formatter (nh3 cannot encode it)."""
    assert render("a\ud800") == "<p>a\ufffd</p>"


def test_mentions_are_whole_names_outside_code():
    """ "@." names nobody, and removing code cannot glue a name together ("@``````js")."""
    assert mentioned_names("@.") == set()
    assert mentioned_names("@``````js\n") == set()
    assert mentioned_names("@`x`bob") == set()
