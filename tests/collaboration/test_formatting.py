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
