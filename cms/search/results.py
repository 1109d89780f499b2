"""The site search: pages in the visitor's language, filtered by kind with live counts, each
result shown with its kind, its date and a snippet in which the words found are marked.

Everything is computed from the pages themselves, not from the search index, so that the
results read the same on the SQLite and the PostgreSQL search backends (PostgreSQL's index holds
search vectors, not text). The page of results costs one query per kind of page it shows, never
one per result.
"""

import datetime
import html
import re
import unicodedata

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape, format_html, format_html_join, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, get_page_models
from wagtail.search import index

from cms.search.engine import Facet, Sort, clean_query, faceted, search_words

SNIPPET_LENGTH = 240
#: Characters of context kept before the first word found.
SNIPPET_LEAD = 80
#: Fields that say when a page happened or was written, by order of preference.
DATE_FIELDS = ("date", "start", "start_date")
#: Strings of a StreamField that are settings, not text: "left", "h2", an id, an address.
_NOT_TEXT = re.compile(r"[a-z0-9_.:/#?=&%-]*|\w+://\S*|/\S*")

SEARCH_SORTS = [
    Sort("newest", _("Most recent"), ("-first_published_at", "title")),
    Sort("title", _("Title"), ("title",)),
]


def kind_choices():
    """Every page type (model name) with its name in the active language, in the order of
    these names: the values of the kind filter."""
    labels = {
        model._meta.model_name: capfirst(str(model._meta.verbose_name))
        for model in get_page_models()
        if model is not Page
    }
    return dict(sorted(labels.items(), key=lambda item: item[1].casefold()))


def kind_facet():
    return Facet("kind", _("Kind"), "content_type__model", choices=kind_choices())


def fold(text):
    """`text` lower-cased and without accents, one character for one, so that positions found
    in the folded text are positions in the text."""
    return "".join(unicodedata.normalize("NFD", c)[0].lower()[:1] or c for c in text)


def words_pattern(query):
    """A pattern finding, in folded text, the words that begin with a word of the query."""
    words = fold(search_words(query)).split()
    terms = {t for t in words if len(t) > 1} or set(words)
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*")


def highlight(text, pattern):
    """`text` escaped, with the words `pattern` finds in <mark>: safe to show whatever the text
    or the query holds."""
    if not text:
        return ""
    if pattern is None:
        return escape(text)
    pairs, last = [], 0
    for match in pattern.finditer(fold(text)):
        pairs.append((text[last : match.start()], text[match.start() : match.end()]))
        last = match.end()
    return format_html_join("", "{}<mark>{}</mark>", pairs) + escape(text[last:])


_BLOCK_TAG = re.compile(r"<(?=/?(?:p|br|li|h[1-6]|div|ul|ol|blockquote|td|th|tr)\b)", re.I)


def _plain(markup):
    """Rich text as text: paragraphs and list items stay apart, entities become characters."""
    return html.unescape(strip_tags(_BLOCK_TAG.sub(" <", markup or "")))


def _stream_strings(raw):
    """The strings of a StreamField's raw data, without the blocks' settings."""
    if isinstance(raw, str):
        text = _plain(raw).strip()
        if text and not _NOT_TEXT.fullmatch(text):
            yield text
    elif isinstance(raw, dict):
        values = [raw["value"]] if "type" in raw and "value" in raw else raw.values()
        for value in values:
            yield from _stream_strings(value)
    elif isinstance(raw, list | tuple):
        for item in raw:
            yield from _stream_strings(item)


def page_text(page):
    """The text a visitor reads on `page`, from its description and its searched fields, as one
    line (no queries: related records and chosen images are left out)."""
    parts = [page.search_description]
    for search_field in type(page).get_search_fields():
        if type(search_field) is not index.SearchField or search_field.field_name == "title":
            continue
        try:
            model_field = page._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            continue
        if getattr(model_field, "choices", None) or model_field.is_relation:
            continue
        value = getattr(page, search_field.field_name, None)
        if isinstance(model_field, StreamField):
            parts.extend(_stream_strings(list(value.raw_data) if value else []))
        elif isinstance(model_field, RichTextField):
            parts.append(_plain(value))
        elif isinstance(value, str):
            parts.append(value)
    return " ".join(" ".join(p.split()) for p in parts if p and p.strip())


def snippet(text, pattern, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first word found, cut at spaces, with the
    words found marked; the start of the text when no word is found in it."""
    if not text:
        return ""
    match = pattern.search(fold(text)) if pattern else None
    start = 0
    lead = min(SNIPPET_LEAD, length // 3)
    if match and match.start() > lead:
        start = text.find(" ", match.start() - lead, match.start())
        start = match.start() if start < 0 else start + 1
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    else:
        end = len(text)
    return format_html(
        "{}{}{}",
        "… " if start else "",
        highlight(text[start:end], pattern),
        " …" if end < len(text) else "",
    )


def result_date(page):
    """When the page's news, event, publication, statement or project happened, if it says."""
    for name in DATE_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, datetime.date):
            return value
    return None


def describe(page, pattern):
    """One result as the template shows it."""
    return {
        "page": page,
        "kind": capfirst(str(type(page)._meta.verbose_name)),
        "kind_value": type(page)._meta.model_name,
        "date": result_date(page),
        "title": highlight(page.title, pattern),
        "snippet": snippet(page_text(page), pattern),
    }


def _found(context):
    """Whether the words were found at all, whatever kinds are chosen."""
    return any(option["count"] for facet in context["facets"] for option in facet.options)


def site_search(request):
    """The search page's context: live, public pages in the visitor's language matching every
    word of ?q= (any word, when no page has them all), filtered by ?kind=, sorted by relevance
    (or date, or title), paginated.

    Without words nothing is searched and the form alone is shown."""
    query = clean_query(request.GET.get("q", ""))
    context = {"search_query": query, "query": query, "hits": [], "results": None}
    if not query:
        return context
    base = Page.objects.live().public().filter(locale=Locale.get_active())
    context.update(faceted(request, base, [kind_facet()], SEARCH_SORTS, per_page=None))
    if not _found(context) and len(search_words(query).split()) > 1:
        # No page has every word: show those that have some, and say so.
        context.update(
            faceted(request, base, [kind_facet()], SEARCH_SORTS, per_page=None, operator="or")
        )
        context["any_word"] = _found(context)
    context["found"] = _found(context)
    # The words are the search itself, not one of its filters.
    context["selected_count"] -= 1
    pattern = words_pattern(query)
    pages = context["results"].object_list.specific()
    context["hits"] = [describe(page, pattern) for page in pages]
    return context
