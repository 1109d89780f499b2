"""The demo's best practices (practices.toml): each theme's practice carried out in three places,
with its own texts in every language, figures derived from its place's population, a budget
band that matches its cost, and a contact in the place's own office."""

import zlib

from django.utils import formats, numberformat
from django.utils.text import slugify

from cms.demo.publishing import ascii_slug, ensure_child
from cms.demo.texts import SOURCE_LANGUAGE, fill
from cms.models import PracticeIndexPage, PracticeOrganisation, PracticePage

#: The upper bounds of the budget bands (BudgetBand), in euros; above the last: "gt1m".
BUDGET_BANDS = [
    (10_000, "lt10k"),
    (50_000, "10k-50k"),
    (250_000, "50k-250k"),
    (1_000_000, "250k-1m"),
]


def _round(value):
    """A figure as a report gives it: two significant digits from a thousand, tens from a
    hundred."""
    value = max(1, round(value))
    if value >= 1000:
        return round(value, 2 - len(str(value)))
    return round(value, -1) if value >= 100 else value


def practice_figures(figures, population, key):
    """A practice's figures by name (practices.toml's `figures`): a rate per inhabitant of its
    place (varied by up to 15% from one practice to the next, `key` its slug), or a whole number
    taken in a range; the same each time for the same practice."""
    numbers = {}
    for name, spec in figures.items():
        seed = zlib.crc32(f"{key}/{name}".encode())
        if isinstance(spec, list):
            low, high = spec
            numbers[name] = low + seed % (high - low + 1)
        else:
            numbers[name] = _round(population * spec * (0.85 + (seed % 31) / 100))
    return numbers


def budget_band(cost):
    """The budget band (BudgetBand's value) of a cost in euros."""
    for limit, band in BUDGET_BANDS:
        if cost < limit:
            return band
    return "gt1m"


def _number(value, lang):
    """A whole number as `lang` writes it (12,400 / 12 400 / 12.400)."""
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR", lang, use_l10n=True),
        grouping=formats.get_format("NUMBER_GROUPING", lang, use_l10n=True),
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True),
        force_grouping=True,
    )


def practice_texts(title, theme, place, population, key, languages):
    """The texts of the practice of `theme` (practices.toml's `themes.<slug>`, its title pattern
    `title`) in `place` (its `places.<slug>`), each {language: text}: title, summary,
    description (paragraphs), partners, results; with its figures (the cost included)."""
    numbers = practice_figures(theme["figures"], population, key)
    values = {
        "place": place.name("place"),
        "in_place": place.text("in"),
        "of_place": place.text("of"),
    }
    for name, number in numbers.items():
        values[name] = {lang: _number(number, lang) for lang in [SOURCE_LANGUAGE, *languages]}
    description = theme["description"]
    return {
        "title": fill(title, values),
        "summary": fill(theme.text("summary"), values),
        "description": [fill(description.text(part), values) for part in description],
        "partners": fill(theme.text("partners"), values),
        "results": fill(theme.text("results"), values),
        "figures": numbers,
    }


def _contact_email(office, org):
    """The contact's address: the initial and surname of the person the office names."""
    person = office.split(" – ")[0].split()
    return f"{ascii_slug(person[0][0] + ' ' + person[-1]).replace('-', '.')}@{org}.example.org"


def build_practices(home, strings, practices, themes, orgs, languages=()):
    """Each theme's practice carried out in three places in turn (practices.toml), with its own
    texts, figures derived from the place's population, budget band and contact."""
    index = ensure_child(
        home,
        PracticeIndexPage,
        practices["index"]["slug"],
        show_in_menus=True,
        title=strings.add(practices["index"].text("title")),
        intro=f"<p>{strings.add(practices['index'].text('intro'))}</p>",
    )
    titles, places = practices["titles"], practices["places"].values()
    theme_list = list(themes.values())
    slugs = list(themes)
    n = 0
    for p_index, theme_slug in enumerate(titles):
        pattern = titles.text(theme_slug)
        theme_id = slugs.index(theme_slug)
        for k in range(3):
            place = places[(p_index * 3 + k) % len(places)]
            name, org = place["place"], place["organisation"]
            slug = slugify(f"{pattern[SOURCE_LANGUAGE].split('{')[0]} {name}")[:80]
            population = place.get("population") or orgs[org].size_figure
            texts = practice_texts(
                pattern, practices["themes"][theme_slug], place, population, slug, languages
            )
            region = place.name("region" if "region" in place else "place")
            start = 2010 + (n * 7) % 13
            ensure_child(
                index,
                PracticePage,
                slug,
                title=strings.add(texts["title"]),
                summary=strings.add(texts["summary"]),
                country=place["country"],
                level=place["level"],
                city_region=strings.add(region),
                themes=[theme_list[theme_id], theme_list[(theme_id + 1 + k) % len(theme_list)]],
                start_year=start,
                end_year=start + 1 + n % 4,
                budget_band=budget_band(texts["figures"]["cost"]),
                description="".join(f"<p>{strings.add(p)}</p>" for p in texts["description"]),
                partners=strings.add(texts["partners"]),
                results=f"<p>{strings.add(texts['results'])}</p>",
                contact_name=place["office"],
                contact_email=_contact_email(place["office"], org),
                children={"organisations": [PracticeOrganisation(organisation=orgs[org])]},
            )
            n += 1
    return index
