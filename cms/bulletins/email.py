"""The e-mail of an issue: responsive HTML made with MJML (mjml-python: tables and inlined styles
that common mail clients render), a plain-text alternative, and the one-click unsubscribe headers
of RFC 8058.

An issue is rendered once per language (`render_issue`); each recipient's copy only gets their
own links put in (`build_message`), so sending to thousands costs one rendering per language.
"""

import functools
import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import mjml
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import tokens
from .content import absolute, sections

UNSUBSCRIBE_MARK = "BULLETIN-UNSUBSCRIBE-LINK-9c41"
PREFERENCES_MARK = "BULLETIN-PREFERENCES-LINK-9c41"


@dataclass(frozen=True)
class RenderedIssue:
    language: str
    subject: str
    html: str
    text: str
    web_url: str


def _site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def html_to_text(fragment):
    """Readable plain text of our own simple HTML: paragraphs, lists, links spelled out."""
    text = re.sub(r"(?is)<a\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", r"\2 (\1)", fragment)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)<li[^>]*>", "\n- ", text)
    text = re.sub(r"(?i)</(p|h\d|ul|ol|div)>", "\n\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _absolute_links(fragment):
    return re.sub(r'(href|src)="(/[^/"][^"]*)"', lambda m: f'{m[1]}="{absolute(m[2])}"', fragment)


def render_issue(page, *, personalised_links=False):
    """The issue `page` (in its own language) as an e-mail, with placeholder links that
    `build_message` fills in for each recipient (or, for a preview, links to the site)."""
    language = page.locale.language_code
    with translation.override(language):
        parts = sections(page)
        for part in parts:
            if part.html:
                part.html = _absolute_links(part.html)
        web_url = absolute(page.get_url() or "")
        context = {
            "page": page,
            "sections": parts,
            "language": language,
            "web_url": web_url,
            "unsubscribe_url": UNSUBSCRIBE_MARK,
            "preferences_url": PREFERENCES_MARK,
            "subscribe_url": absolute(reverse("cms:cms_bulletins:subscribe")),
            "site_url": settings.SITE_URL,
        }
        source = render_to_string("cms_bulletins/email/issue.mjml", context)
        text_parts = []
        for part in parts:
            if part.kind == "heading":
                text_parts.append(f"{part.text}\n{'=' * len(part.text)}")
            elif part.kind == "html":
                text_parts.append(html_to_text(part.html))
            elif part.kind == "image":
                text_parts.append(f"[{part.alt}]")
            elif part.kind == "list":
                lines = [f"{part.text}\n{'-' * len(part.text)}"]
                for item in part.items:
                    lines.append(f"* {item.title}\n  {item.url}")
                text_parts.append("\n".join(lines))
        text = render_to_string(
            "cms_bulletins/email/issue.txt", {**context, "body": "\n\n".join(text_parts)}
        )
        subject = page.title
    return RenderedIssue(
        language=language,
        subject=subject,
        html=mjml.mjml2html(source),
        text=text,
        web_url=web_url,
    )


_LINK_SLOT = "BULLETIN-TOKEN-9c41"


@functools.lru_cache(maxsize=64)
def _link_patterns(language):
    """The unsubscribe and preferences URLs of `language` with a mark where the token goes
    (URL reversing costs more than the rest of a message's links together)."""
    with translation.override(language):
        return tuple(
            absolute(reverse(f"cms:cms_bulletins:{name}", kwargs={"token": _LINK_SLOT}))
            for name in ("unsubscribe", "preferences")
        )


def subscriber_links(subscriber, language):
    """The unsubscribe and preferences URLs of `subscriber`, in `language`."""
    token = tokens.make(subscriber, tokens.PREFERENCES)
    return tuple(pattern.replace(_LINK_SLOT, token) for pattern in _link_patterns(language))


def build_message(rendered, subscriber, *, message_id=None, test=False):
    """One recipient's copy of `rendered`, with their own links and the list headers."""
    unsubscribe, preferences = subscriber_links(subscriber, rendered.language)

    def fill(body):
        return body.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)

    subject = rendered.subject
    if test:
        with translation.override(rendered.language):
            subject = _("[Test] %(subject)s") % {"subject": subject}
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"LIKE e-bulletin <bulletin.{_site_host()}>",
        "Content-Language": rendered.language,
    }
    if message_id:
        headers["Message-ID"] = f"<{message_id}@{_site_host()}>"
    message = EmailMultiAlternatives(
        subject=subject, body=fill(rendered.text), to=[subscriber.email], headers=headers
    )
    message.attach_alternative(fill(rendered.html), "text/html")
    return message


def preview_html(page):
    """The e-mail as a recipient will see it, for the editor's preview (links to the site)."""
    rendered = render_issue(page)
    return rendered.html.replace(UNSUBSCRIBE_MARK, "#").replace(PREFERENCES_MARK, "#")
