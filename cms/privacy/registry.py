"""The sections of a person's data: each app that holds some says how to export and erase it.

cms registers its own sections and those of the plugins it composes (cms/privacy/sections.py,
calling each plugin's verbs); a later app (events, bulletins) adds its own with
`register_section` when its module is imported. The export and the erasure walk the same list,
so what a person can download is what the secretariat can erase.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One kind of personal data: `export(user)` returns JSON-ready data (a list, or a dict of
    lists), `erase(user)` deletes or anonymises it and returns counts. `explanation` tells the
    person what it is; `on_erasure` what erasure does to it. Sections run in `order`."""

    key: str
    title: str
    explanation: str
    on_erasure: str
    export: Callable
    erase: Callable
    order: int = 100


_sections: dict[str, Section] = {}


def register_section(section):
    """Add (or replace, by key) a section of personal data."""
    _sections[section.key] = section
    return section


def sections():
    """Every registered section, in order."""
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))
