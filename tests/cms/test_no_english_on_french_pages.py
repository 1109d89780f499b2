"""No English on French pages: the demo loaded in French, every page a visitor can reach is read
for English phrases taken from the demo's English data and for interface strings left in English.
"""

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.models import Locale, Page

from cms.demo import load_demo_data
from cms.demo.texts import DATA_DIR
from cms.models import DirectoryPage, NewsIndexPage, PracticeIndexPage, Tag, Theme
from collaboration.models import WorkingGroup

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
CATALOGUES = [
    ROOT / "locales/fr/LC_MESSAGES/django.po",
    ROOT / "collaboration/locale/fr/LC_MESSAGES/django.po",
    ROOT / "federation/locale/fr/LC_MESSAGES/django.po",
]
# Keys whose strings are structure (slugs, codes, addresses), never shown as prose.
STRUCTURE_KEYS = {"slug", "url", "colour", "country", "timezone", "kind", "level", "budgets"}
# Proper names: shown as they are in every language unless a language's file spells them.
NAME_KEYS = {"name", "place", "region", "attribution", "cities", "document", "city", "office"}
# Tables the data says stay in English (the network's fediverse profile).
ENGLISH_TABLES = {"network-actor"}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _leaves(table, path=()):
    """(path, string) for each string of a TOML table, lists' items included."""
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _leaves(value, (*path, key))
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    yield (*path, key), item
                elif isinstance(item, dict):
                    yield from _leaves(item, (*path, key))
        elif isinstance(value, str):
            yield (*path, key), value


def _lookup(table, path):
    for key in path:
        if not isinstance(table, dict) or key not in table:
            return None
        table = table[key]
    return table


def _fragments(text):
    """The literal parts of a pattern ("{city} joins the network" -> "joins the network")
    worth looking for: whole texts, or parts of at least two words."""
    if not PLACEHOLDER.search(text):
        return [line.strip() for line in text.split("\n")]  # a list's lines, each on its own
    parts = [part.strip(" :,.()–-%") for part in PLACEHOLDER.split(text)]
    lines = [line.strip(" :,.()–-%") for part in parts for line in part.split("\n")]
    return [line for line in lines if len(line.split()) >= 2]


def english_phrases(lang="fr"):
    """English texts of the demo data that a page in `lang` must not show: every text the
    language's file translates differently, and every multi-word text it leaves out that is
    not a proper name (all words capitalised) or structure."""
    phrases = set()
    for path in sorted((DATA_DIR / "en").glob("*.toml")):
        source = tomllib.loads(path.read_text())
        target_path = DATA_DIR / lang / path.name
        target = tomllib.loads(target_path.read_text()) if target_path.exists() else {}
        for keys, text in _leaves(source):
            if keys[0] in ENGLISH_TABLES or keys[-1] in STRUCTURE_KEYS:
                continue
            translated = _lookup(target, keys)
            if isinstance(translated, str) and translated.strip() == text.strip():
                continue
            if isinstance(translated, list):
                continue
            if keys[-1] in NAME_KEYS and not isinstance(translated, str):
                continue  # a proper name, the same in every language
            if keys[-1] in NAME_KEYS or not isinstance(translated, str):
                # A name spelled otherwise in the language, or a text it leaves out: English
                # prose only when it has several words, one not capitalised ("Nord department").
                words = PLACEHOLDER.sub("", text).split()
                if len(words) < 2 or all(word[0].isupper() for word in words if word[0].isalpha()):
                    continue
            for fragment in _fragments(text):
                if len(fragment) >= 4 and re.search(r"[a-z]", fragment):
                    phrases.add(fragment)
    return phrases


def proper_names(lang="fr"):
    """The demo's proper names in English and in `lang` ("IETM – International network for
    ..."), longest first: blanked out of a page before looking for English words in it."""
    names = set()
    for language in ("en", lang):
        for path in (DATA_DIR / language).glob("*.toml"):
            for keys, text in _leaves(tomllib.loads(path.read_text())):
                if keys[-1] in NAME_KEYS and keys[0] != "arts" and not PLACEHOLDER.search(text):
                    names.add(text)
    return sorted(names, key=len, reverse=True)


def untranslated_interface_strings():
    """Interface strings (msgids of several words) French pages would show in English: those
    the French catalogues leave empty or fuzzy, and those translated (the test then catches a
    string that escaped translation)."""
    found = set()
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgid_plural or "%" in entry.msgid or "{" in entry.msgid:
                continue
            text = entry.msgid.strip()
            if len(text.split()) < 2 or entry.msgstr.strip() == text:
                continue
            found.add(text)
    return found


class VisibleText(HTMLParser):
    """What a visitor reads or hears of a page: text and the attributes read aloud, without
    scripts, styles, hidden templates, and fragments marked as another language (lang="en")."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    SPOKEN = ("alt", "title", "aria-label", "placeholder")

    def __init__(self, members_words=True):
        super().__init__(convert_charrefs=True)
        self.members_words = members_words
        self.stack = []
        self.parts = []

    def _skipping(self):
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or "").lower()
        skip = tag in ("script", "style", "template") or (bool(lang) and not lang.startswith("fr"))
        # A discussion's topics and messages are what members wrote, in their own language,
        # one discussion for every language of the site.
        skip = skip or (not self.members_words and "data-chat" in attrs)
        if not skip and not self._skipping():
            self.parts.extend(attrs[name] for name in self.SPOKEN if attrs.get(name))
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        if tag in self.VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.parts.append(data)

    @classmethod
    def of(cls, html, members_words=True):
        parser = cls(members_words)
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


def _contains(text, phrase):
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text) is not None


def french_addresses(fr):
    """Every live French page, the listings with filters, search results, the groups."""
    urls = [page.url for page in Page.objects.live().public().filter(locale=fr, depth__gte=2)]
    directory = DirectoryPage.objects.get(locale=fr)
    practices = PracticeIndexPage.objects.get(locale=fr)
    news = NewsIndexPage.objects.get(locale=fr)
    theme = Theme.objects.filter(locale__language_code="en").order_by("pk").first()
    tag = Tag.objects.filter(locale=fr).order_by("pk").first()
    urls += [
        f"{directory.url}?country=FR&kind=city",
        f"{directory.url}?theme={theme.slug}",
        f"{directory.url}?membership=member&sort=size",
        f"{practices.url}?country=FR",
        f"{practices.url}?theme={theme.slug}&sort=newest",
        f"{news.url}?tag={tag.slug}",
        f"{news.url}?page=2",
        "/fr/search/?q=Lille",
        "/fr/search/?q=culture",
        "/fr/groups/",
    ]
    for group in WorkingGroup.objects.filter(locale=fr, visibility="public", kind="group"):
        urls.append(f"/fr/groups/{group.slug}/")
    return urls


def test_french_pages_show_no_english(client, home):
    """A visitor reading the French site (every page, the directory and practices with filters,
    search results, the news by tag, the working groups and the network feed) meets no English
    text from the demo and no interface string left in English."""
    load_demo_data(languages=["fr"])
    fr = Locale.objects.get(language_code="fr")
    phrases = english_phrases("fr")
    interface = untranslated_interface_strings()
    names = [name for name in proper_names("fr") if name not in phrases]
    assert {
        "Secretariat of LIKE",
        "photography",
        "Round table: culture in local policies",
        "has become a member of LIKE. Its culture department now takes part in the network's "
        "working groups, can publish its practices in the best-practice database and can look "
        "for partners among the members for European projects",
        "Its first project with the network is on",
        "The music and art schools",
        "of the teachers asked to take part again, and enrolments in the music and art schools "
        "rose by",
        "young people received the pass",
    } <= phrases, "the phrase list misses texts of the English demo data"

    found = []
    urls = french_addresses(fr)
    assert len(urls) > 100
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        html = response.content.decode()
        text = VisibleText.of(html, members_words=False)
        for name in names:
            text = text.replace(name, " ")
        found += [(url, "demo", p) for p in sorted(phrases) if _contains(text, p)]
        page_text = VisibleText.of(html)
        found += [(url, "interface", s) for s in sorted(interface) if _contains(page_text, s)]

    report = "\n".join(f"{url}: [{kind}] {phrase!r}" for url, kind, phrase in found[:200])
    assert not found, f"{len(found)} English phrases on French pages:\n{report}"
