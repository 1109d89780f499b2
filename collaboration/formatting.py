"""Message text to safe HTML: escape everything, then apply a small formatting subset.

Supported: **bold**, *italic* / _italic_, `inline code`, fenced ``` code blocks ```,
> quotes, "- " and "1. " lists, http(s) and mailto links (bare or [text](url)), @mentions.
nh3 runs last as an allow-list, so a bug in the subset cannot open a hole.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class", "data-user"}}
URL_SCHEMES = {"http", "https", "mailto"}

_FENCE = re.compile(r"```[^\n]*\n?(.*?)```", re.S)
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
# Applied to escaped text: quotes are &quot;/&#x27; and angle brackets &lt;/&gt; by then, so the
# only "&" a URL may hold is "&amp;" (a literal &): a URL never ends inside an entity. Nor does it
# run into a placeholder (\x00): a link written right after a bare URL stays a separate link.
_URL_CHAR = r"(?:&amp;|[^\s<>()&\x00])"
_LINK = re.compile(rf"\[([^\]\n\x00]+)\]\(((?:https?://|mailto:){_URL_CHAR}+)\)")
_BARE_URL = re.compile(rf"(?<![\"'=\w/])(https?://{_URL_CHAR}*[^\s<>().,;:!?&\x00])")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(
    r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w])"
)
# @name, or @name@host (a person of another site, as their account here is named).
MENTION_RE = re.compile(r"(?<![\w@.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)*(?::\d{1,5})?)?)")
# Control characters (C0 but tab and newline, DEL, C1): invisible, refused by PostgreSQL (NUL),
# and NUL delimits the formatter's placeholders. Removed from every text before anything else.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Unpaired surrogates ("\ud800" is valid JSON) are not text: nh3 and the database cannot encode them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
_DEAD_LINK = re.compile(r'<a rel="nofollow noopener noreferrer">(.*?)</a>', re.S)


def strip_controls(text):
    """Text without control characters (unpaired surrogates become U+FFFD); Windows and old-Mac
    line ends become "\\n"."""
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Stash:
    """Finished HTML fragments, each behind a NUL-delimited placeholder.

    Placeholders cannot be forged: user text has no NUL once `strip_controls` ran. A fragment is
    stored with the placeholders it contains already replaced, so the final `expand` is one pass
    that never scans what it inserted.
    """

    def __init__(self):
        self.fragments = []

    def keep(self, fragment):
        self.fragments.append(self.expand(fragment))
        return f"\x00{len(self.fragments) - 1}\x00"

    def expand(self, text):
        if "\x00" not in text:
            return text
        count = len(self.fragments)
        return _PLACEHOLDER.sub(
            lambda m: self.fragments[int(m.group(1))] if int(m.group(1)) < count else "", text
        ).replace("\x00", "")


def mentioned_names(text):
    """Every @name in the text, outside code."""
    # Code is replaced by a space, not removed: "@`x`bob" must not name bob.
    text = _FENCE.sub(" ", strip_controls(text))
    text = _INLINE_CODE.sub(" ", text)
    names = {m.group(1).rstrip(".") for m in MENTION_RE.finditer(text)}
    names.discard("")  # "@." names nobody
    return names


def _inline(escaped, stash, mentionable):
    """Format one escaped line; pieces already final go to `stash` behind placeholders."""

    keep = stash.keep

    escaped = _INLINE_CODE.sub(lambda m: keep(f"<code>{m.group(1)}</code>"), escaped)
    escaped = _LINK.sub(
        lambda m: keep(
            f'<a href="{m.group(2)}" rel="nofollow noopener noreferrer">{m.group(1)}</a>'
        ),
        escaped,
    )
    escaped = _BARE_URL.sub(
        lambda m: keep(
            f'<a href="{m.group(1)}" rel="nofollow noopener noreferrer">{m.group(1)}</a>'
        ),
        escaped,
    )

    def mention(m):
        name = m.group(1).rstrip(".")
        trail = m.group(1)[len(name) :]
        if name == "all" or name in mentionable:
            return keep(f'<span class="mention" data-user="{name}">@{name}</span>') + trail
        return m.group(0)

    escaped = MENTION_RE.sub(mention, escaped)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    escaped = _ITALIC.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", escaped)
    return escaped


def _blocks(text, stash, mentionable):
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("> ") or line == ">":
            quoted = []
            while i < len(lines) and (lines[i].startswith("> ") or lines[i] == ">"):
                quoted.append(lines[i][2:])
                i += 1
            out.append(
                f"<blockquote>{_blocks(chr(10).join(quoted), stash, mentionable)}</blockquote>"
            )
            continue
        if re.match(r"^[-*] ", line) or re.match(r"^\d+[.)] ", line):
            ordered = bool(re.match(r"^\d", line))
            pattern = r"^\d+[.)] " if ordered else r"^[-*] "
            items = []
            while i < len(lines) and re.match(pattern, lines[i]):
                items.append(re.sub(pattern, "", lines[i]))
                i += 1
            tag = "ol" if ordered else "ul"
            body = "".join(
                f"<li>{_inline(html.escape(it), stash, mentionable)}</li>" for it in items
            )
            out.append(f"<{tag}>{body}</{tag}>")
            continue
        para = []
        while (
            i < len(lines)
            and lines[i].strip()
            and not lines[i].startswith("> ")
            and not re.match(r"^([-*]|\d+[.)]) ", lines[i])
        ):
            para.append(_inline(html.escape(lines[i]), stash, mentionable))
            i += 1
        out.append("<p>" + "<br>".join(para) + "</p>")
    return "".join(out)


def render(text, mentionable=()):
    """The safe HTML of a message. `mentionable`: the usernames that become mention chips."""
    mentionable = set(mentionable)
    text = strip_controls(text)
    stash = _Stash()
    pieces = []
    pos = 0
    for m in _FENCE.finditer(text):
        pieces.append(("text", text[pos : m.start()]))
        pieces.append(("code", m.group(1)))
        pos = m.end()
    pieces.append(("text", text[pos:]))
    out = []
    for kind, chunk in pieces:
        if kind == "code":
            out.append(f"<pre><code>{html.escape(chunk.strip(chr(10)))}</code></pre>")
        else:
            out.append(_blocks(chunk, stash, mentionable))
    rendered = stash.expand("".join(out))
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    # nh3 drops an href it cannot parse ("https://\ud7fc"): such an anchor is plain text.
    return _DEAD_LINK.sub(r"\1", cleaned)
