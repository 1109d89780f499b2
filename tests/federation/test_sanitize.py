"""Remote content made safe: what the fuzz tests found, kept as plain regression tests."""

from federation.sanitize import (
    clean_html,
    clean_media_type,
    clean_text,
    is_language_tag,
    language_map,
    safe_url,
)


def test_unpaired_surrogates_and_nul_do_not_break_sanitising():
    """A remote post whose text holds "\\ud800" or NUL is shown with a replacement character
    instead of failing in the worker (nh3 cannot encode it) or in PostgreSQL (no NUL in text)."""
    assert clean_html("<p>a\ud800b\x00c</p>") == "<p>a\ufffdbc</p>"
    assert clean_text("a\ud800b\x00c") == "a\ufffdbc"
    assert language_map({"en": "x\ud800"}, clean_text) == {"en": "x\ufffd"}


def test_urls_with_controls_or_surrogates_are_not_links():
    """A URL carrying a control character, NUL or an unpaired surrogate is not kept."""
    for url in ("https://a.example/\ud800", "https://a.example/\x00", "https://a.example/\x7f"):
        assert safe_url(url) == ""
    assert safe_url("https://a.example/caf\u00e9") == "https://a.example/caf\u00e9"


def test_language_tags_are_whole_tags():
    """ "en\\n" or "en<b>" is not a language tag (a `$` used to accept a trailing newline)."""
    assert is_language_tag("pt-BR") and is_language_tag("zh-Hant-TW")
    assert not is_language_tag("en\n") and not is_language_tag("en<b>")
    assert language_map({"en\n": "x", "fr": "y"}, clean_text) == {"fr": "y"}


def test_media_types_are_type_slash_subtype():
    """An attachment's media type is kept only as `type/subtype`."""
    assert clean_media_type("image/PNG") == "image/png"
    assert clean_media_type("image/png; q=1") == ""
    assert clean_media_type("x\ud800/y") == ""


def test_relative_links_in_remote_posts_are_not_links():
    """A remote post's relative link ("/admin/", or "<p" from broken markup) would point into this
    site: it is dropped, absolute http(s) and mailto links are kept."""
    html = clean_html('<a href="/admin/">a</a> <a href=<p>b</a> <a href="https://e.org/">c</a>')
    assert 'href="/admin/"' not in html and 'href="&lt;p"' not in html
    assert 'href="https://e.org/"' in html
