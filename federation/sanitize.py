"""Remote content made safe to show: an nh3 allow-list for HTML, plain text, http(s) URLs only."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

from .conf import setting

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "i", "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "span": set()}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed with what they contain, not just unwrapped.
CLEAN_CONTENT_TAGS = {"script", "style", "template", "iframe", "object", "embed", "svg", "math"}
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}")
MAX_TEXT = 2000
MAX_NAME = 500


# What no database stores as text: NUL (PostgreSQL) and unpaired surrogates (not UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_URL_FORBIDDEN = re.compile("[\x00-\x20\x7f\"'<>\ud800-\udfff]")
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]{0,63}/[A-Za-z0-9][\w.+-]{0,63}")


def _cap(value: str) -> str:
    """Cut to FEDERATION_MAX_POST_CHARS; NUL dropped and unpaired surrogates replaced (nh3, the
    database and the page all need real Unicode text)."""
    limit = setting("MAX_POST_CHARS")
    value = value[:limit] if len(value) > limit else value
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)


def clean_html(value) -> str:
    """Allow-listed HTML: no scripts, styles, event handlers, `javascript:` URLs or images;
    every link rel="nofollow noopener noreferrer"; cut to FEDERATION_MAX_POST_CHARS first (the
    parser then closes what the cut left open)."""
    if not isinstance(value, str) or not value:
        return ""
    return nh3.clean(
        _cap(value),
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        # A relative link in someone else's post would point into this site (nh3 lets it pass).
        url_relative="deny",
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    ).strip()


def clean_text(value, limit: int = MAX_TEXT) -> str:
    """Plain text from a value that may carry HTML (names, summaries of some servers)."""
    if not isinstance(value, str) or not value:
        return ""
    text = nh3.clean(_cap(value), tags=set(), clean_content_tags=CLEAN_CONTENT_TAGS)
    # nh3 escapes what it keeps; the template escapes again, so undo the entity escaping.
    text = (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
    )
    return " ".join(text.split())[:limit]


def safe_url(value) -> str:
    """An absolute http(s) URL, or "" (never javascript:, data:, relative or credentialed)."""
    if not isinstance(value, str) or len(value) > 1000:
        return ""
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return ""
    if parts.username or parts.password or _URL_FORBIDDEN.search(value):
        return ""
    return value


def clean_media_type(value) -> str:
    """A `type/subtype` media type, or "" (no parameters, nothing else)."""
    if isinstance(value, str) and _MEDIA_TYPE.fullmatch(value):
        return value.lower()
    return ""


def is_language_tag(value) -> bool:
    """A BCP 47-shaped tag ("en", "pt-BR", "zh-Hant-TW"), nothing before or after it."""
    return isinstance(value, str) and LANGUAGE_TAG.fullmatch(value) is not None


def language_map(value, clean) -> dict:
    """A `contentMap`-like dict with valid language tags and cleaned values, at most
    FEDERATION_MAX_LANGUAGES entries."""
    if not isinstance(value, dict):
        return {}
    result = {}
    for lang, text in value.items():
        if len(result) >= setting("MAX_LANGUAGES"):
            break
        if is_language_tag(lang) and isinstance(text, str):
            cleaned = clean(text)
            if cleaned:
                result[lang.lower()] = cleaned
    return result
