"""The demo's data files (TOML, read with tomllib) and the translation memory made from them.

`data/en/<kind>.toml` holds a kind's structure (slugs, countries, dates, numbers) and its English
texts; `data/<language>/<kind>.toml` holds that language's texts under the same keys, and nothing
else. Adding a language to the demo is adding its files: no code names the languages.
"""

import re
import tomllib
from collections import defaultdict
from pathlib import Path

SOURCE_LANGUAGE = "en"
DATA_DIR = Path(__file__).resolve().parent / "data"


class Texts:
    """One table of a data file, in the source language, beside the same table of each other
    language's file.

    `table["slug"]` reads the structure (the source file's); `table.text("title")` is a text in
    each language that gives it, {language: text}; `table.name("place")` is a proper name, the
    source's wherever a language gives none. Texts sit in tables, never in lists: a list's order
    is structure, and a translation keyed by position would drift when the source changes.
    """

    __slots__ = ("_source", "_translations", "_path", "_kind", "_data")

    def __init__(self, source, translations, path, kind, data):
        self._source = source
        self._translations = translations  # language -> the same table in its file ({} if none)
        self._path = path
        self._kind = kind
        self._data = data

    def __getitem__(self, key):
        value = self._source[key]
        if not isinstance(value, dict):
            return value
        return Texts(
            value,
            {lang: _table(table.get(key)) for lang, table in self._translations.items()},
            f"{self._path}{key}.",
            self._kind,
            self._data,
        )

    def __contains__(self, key):
        return key in self._source

    def __iter__(self):
        return iter(self._source)

    def __len__(self):
        return len(self._source)

    def get(self, key, default=None):
        return self[key] if key in self._source else default

    def items(self):
        return [(key, self[key]) for key in self._source]

    def values(self):
        return [self[key] for key in self._source]

    def text(self, key):
        """{language: text} for the source language and each language whose file gives it."""
        entry = {SOURCE_LANGUAGE: self._source[key]}
        for lang, table in self._translations.items():
            value = table.get(key)
            if isinstance(value, str):
                entry[lang] = value
            else:
                self._data.texts_missing[lang, self._kind].add(f"{self._path}{key}")
        return entry

    def name(self, key):
        """A proper name in each language: the language's own spelling if its file gives one."""
        source = self._source[key]
        entry = {SOURCE_LANGUAGE: source}
        for lang, table in self._translations.items():
            value = table.get(key)
            entry[lang] = value if isinstance(value, str) else source
        return entry


def _table(value):
    return value if isinstance(value, dict) else {}


def _strays(source, translation, path=""):
    """Keys of a translation that are not texts or tables of the source: typos, or structure
    (which only the source file gives)."""
    for key, value in translation.items():
        origin = source.get(key) if isinstance(source, dict) else None
        if isinstance(value, dict) and isinstance(origin, dict):
            yield from _strays(origin, value, f"{path}{key}.")
        elif not (isinstance(value, str) and isinstance(origin, str)):
            yield f"{path}{key}"


class DemoData:
    """The data files of one demo load: each kind read once, in the source language and in each
    of `languages`, with what those languages lack collected for the loader's report."""

    def __init__(self, languages, directory=None):
        self.directory = Path(directory) if directory is not None else DATA_DIR
        self.languages = [code for code in languages if code != SOURCE_LANGUAGE]
        self.kinds = {}
        self.files_missing = defaultdict(list)  # language -> kinds it has no file for
        self.texts_missing = defaultdict(set)  # (language, kind) -> keys of texts it lacks
        self.strays = {}  # (language, kind) -> keys of its file the source has no text for

    def __getitem__(self, kind):
        if kind not in self.kinds:
            self.kinds[kind] = self._read(kind)
        return self.kinds[kind]

    def _read(self, kind):
        with open(self.directory / SOURCE_LANGUAGE / f"{kind}.toml", "rb") as file:
            source = tomllib.load(file)
        translations = {}
        for lang in self.languages:
            path = self.directory / lang / f"{kind}.toml"
            if not path.is_file():
                self.files_missing[lang].append(kind)
                continue
            with open(path, "rb") as file:
                translations[lang] = tomllib.load(file)
            strays = list(_strays(source, translations[lang]))
            if strays:
                self.strays[lang, kind] = strays
        return Texts(source, translations, "", kind, self)

    def report(self):
        """What the load could not translate, in lines a person can act on (none if nothing)."""
        lines = []
        for lang in self.languages:
            kinds = self.files_missing.get(lang)
            if kinds and len(kinds) == len(self.kinds):
                lines.append(
                    f"No demo texts in {lang} ({self.directory / lang}/*.toml): its pages are left "
                    f"untranslated, showing the {SOURCE_LANGUAGE} text."
                )
            elif kinds:
                lines.append(
                    f"No demo texts in {lang} for {', '.join(sorted(kinds))} ({self.directory / lang}/"
                    f"<kind>.toml): those pages are left untranslated, showing the "
                    f"{SOURCE_LANGUAGE} text."
                )
        for (lang, kind), keys in self.texts_missing.items():
            keys = sorted(keys)
            shown = ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
            lines.append(
                f"Demo texts missing in {lang}/{kind}.toml: {len(keys)} left untranslated ({shown})."
            )
        for (lang, kind), keys in self.strays.items():
            lines.append(
                f"Ignored in {lang}/{kind}.toml, not texts of {SOURCE_LANGUAGE}/{kind}.toml: "
                f"{', '.join(keys)}."
            )
        return lines


#: A placeholder, and one that begins a sentence (its value then takes a capital letter).
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)\{(\w+)\}")


def fill(pattern, values):
    """A pattern ({language: text}) with each {name} replaced by values[name] ({language: text},
    the source language's where a language gives none), capitalised at a sentence's start."""
    filled = {}
    for lang, text in pattern.items():
        forms = {name: texts.get(lang, texts[SOURCE_LANGUAGE]) for name, texts in values.items()}
        text = _SENTENCE_START.sub(
            lambda m, f=forms: m.group(1) + _capitalised(f[m.group(2)]), text
        )
        filled[lang] = _PLACEHOLDER.sub(lambda m, f=forms: f[m.group(1)], text)
    return filled


def _capitalised(text):
    return text[:1].upper() + text[1:]


class Strings:
    """Source text -> {language: translation}: the translation memory the demo imports."""

    def __init__(self):
        self.table = {}

    def add(self, entry, **values):
        """Record a text ({language: text}, formatted with `values`); return its source text."""
        source = entry[SOURCE_LANGUAGE].format(**values)
        translations = self.table.setdefault(source, {})
        for lang, text in entry.items():
            if lang != SOURCE_LANGUAGE:
                translations[lang] = text.format(**values)
        return source

    def get(self, source, lang):
        """The translation of `source` in `lang` (None if none). A text of several lines comes
        as wagtail-localize segments a plain-text field, its lines joined by "<br/>"."""
        translation = self.table.get(source, {}).get(lang)
        if translation is None and "<br/>" in source:
            translation = self.table.get(source.replace("<br/>", "\n"), {}).get(lang)
            if translation is not None:
                translation = translation.replace("\n", "<br/>")
        return translation
