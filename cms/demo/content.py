"""The demo's editorial site under the home page: main pages, news, events, publications and
the network feed, built from site.toml, news.toml, events.toml and publications.toml."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cms.demo.media import ensure_document, ensure_images
from cms.demo.publishing import ascii_slug, ensure_child
from cms.demo.texts import SOURCE_LANGUAGE, fill
from cms.models import (
    EventIndexPage,
    EventPage,
    EventRelatedPublication,
    HomePageFeaturedPage,
    NewsArticlePage,
    NewsIndexPage,
    PublicationDocument,
    PublicationIndexPage,
    PublicationPage,
    StandardPage,
    Tag,
)
from federation.models import NetworkFeedPage


def _rich(*paragraphs):
    return RichText("".join(f"<p>{p}</p>" for p in paragraphs))


def _stream(strings, body):
    """A page's body blocks (site.toml's `pages.<slug>.body`), their texts recorded."""
    blocks = []
    for block in body.values():
        kind = block["type"]
        if kind == "heading":
            blocks.append(("heading", {"text": strings.add(block.text("text")), "level": "h2"}))
        elif kind == "paragraph":
            blocks.append(("paragraph", _rich(strings.add(block.text("text")))))
        elif kind == "quote":
            quote = strings.add(block.text("text"))
            blocks.append(("quote", {"quote": quote, "attribution": block["attribution"]}))
        elif kind == "document":
            document = ensure_document(block["document"])
            title = strings.add(block.text("text"))
            blocks.append(("document", {"document": document, "title": title}))
        elif kind == "call_to_action":
            blocks.append(
                (
                    "call_to_action",
                    {
                        "title": strings.add(block.text("title")),
                        "text": strings.add(block.text("text")),
                        "button_label": strings.add(block.text("button_label")),
                        "page": None,
                        "url": block["url"],
                    },
                )
            )
        elif kind == "membership_call_to_action":
            blocks.append(
                (
                    "membership_call_to_action",
                    {
                        "title": strings.add(block.text("title")),
                        "text": strings.add(block.text("text")),
                        "button_label": strings.add(block.text("button_label")),
                        "show_fees": True,
                    },
                )
            )
        else:
            raise ValueError(f"Unknown body block type {kind!r} in site.toml")
    return blocks


def ensure_section(home, model, spec, strings):
    """A section index under the home page (news, events, publications, the network feed), in the
    menu, its title and introduction recorded for translation."""
    return ensure_child(
        home,
        model,
        spec["slug"],
        title=strings.add(spec.text("title")),
        intro=_rich(strings.add(spec.text("intro"))),
        show_in_menus=True,
    )


def build_standard_pages(home, strings, site):
    """The main pages (about, how to join, statutes), by slug."""
    pages = {}
    for slug, spec in site["pages"].items():
        pages[slug] = ensure_child(
            home,
            StandardPage,
            slug,
            title=strings.add(spec.text("title")),
            intro=strings.add(spec.text("intro")),
            body=_stream(strings, spec["body"]),
            show_in_menus=spec["menu"],
        )
    return pages


def _with_theme(pattern, theme):
    """A pattern with {theme} filled in each language that has both, {city} left for later."""
    return {
        lang: text.replace("{theme}", theme[lang])
        for lang, text in pattern.items()
        if lang in theme
    }


def _news_values(theme, city=None, newcomer=None):
    """What an article's texts are filled with ({name: {language: text}}): the art's name, and
    either a city (a name, the same in every language) or a newcomer's city, region, reason and
    project."""
    values = {"theme": theme}
    if newcomer is None:
        values["city"] = {SOURCE_LANGUAGE: city}
    else:
        values["city"] = newcomer.name("city")
        values["region"] = newcomer.name("region")
        for key in ("reason", "project"):
            values[key] = fill(newcomer.text(key), values)
    return values


def build_news(home, strings, news, arts, images, today):
    """The news page and its articles: each takes the next pattern, art and city (or, for a
    pattern about a city that joins, the next newcomer) in turn; its body is its pattern's."""
    index = ensure_section(home, NewsIndexPage, news["index"], strings)
    articles_spec = news["articles"]
    patterns = news["patterns"].values()
    tags = list(arts)
    cities = news["cities"]
    newcomers = news["newcomers"].values()
    network_tag = ensure_tag(strings, articles_spec.text("tag"))
    art_tags = {tag: ensure_tag(strings, arts[tag].text("tag")) for tag in tags}
    articles = []
    joined = 0
    for number in range(articles_spec["count"]):
        pattern = patterns[number % len(patterns)]
        tag = tags[number % len(tags)]
        theme = arts[tag].text("name")
        if pattern.get("newcomers"):
            values = _news_values(theme, newcomer=newcomers[joined % len(newcomers)])
            joined += 1
        else:
            values = _news_values(theme, city=cities[number % len(cities)])
        title = strings.add(fill(pattern.text("title"), values))
        summary = strings.add(fill(pattern.text("summary"), values))
        paragraphs = pattern["body"]
        body = _rich(*(strings.add(fill(paragraphs.text(key), values)) for key in paragraphs))
        article = ensure_child(
            index,
            NewsArticlePage,
            ascii_slug(title),
            title=title,
            summary=summary,
            date=today - timedelta(days=9 * number + 2),
            image=images[tag],
            body=[("paragraph", body)],
            tags=[art_tags[tag], network_tag],
        )
        if not article.tagged_items.exists():  # a demo loaded before the pages had tags
            article.tags.add(art_tags[tag], network_tag)
            article.save_revision().publish()
        articles.append(article)
    return index, articles


def ensure_tag(strings, name):
    """A news tag in the default locale, its name ({language: text}) recorded for translation."""
    source = strings.add(name)
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    tag = Tag.objects.filter(locale=locale, slug=ascii_slug(source)).first()
    if tag is None:
        tag = Tag.objects.create(name=source, slug=ascii_slug(source), locale=locale)
    return tag


def translate_tags(strings, locales):
    """Each news tag of the default locale in each of `locales` that lacks it: the translators'
    word (or the source one), and a slug made from it (?tag= takes any language's slug)."""
    count = 0
    for tag in Tag.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        existing = set(
            Tag.objects.filter(translation_key=tag.translation_key).values_list(
                "locale_id", flat=True
            )
        )
        for locale in locales:
            if locale.pk in existing:
                continue
            copy = tag.copy_for_translation(locale)
            copy.name = strings.get(tag.name, locale.language_code) or tag.name
            copy.slug = ascii_slug(copy.name) or tag.slug
            copy.save()
            count += 1
    return count


def build_publications(home, strings, publications, events, today):
    """Conference reports of the past meetings that have one, e-bulletins and position papers;
    returns the index and the reports by event slug."""
    index = ensure_section(home, PublicationIndexPage, publications["index"], strings)
    kinds = publications["kinds"]
    specs = []
    for key, event in events["events"].items():
        if event.get("report"):
            values = {"city": event["city"]}
            specs.append(("conference-report", f"report-{key}", values, event["days"] + 45, key))
    for number in range(1, publications["bulletins"] + 1):
        values = {"number": number}
        specs.append(("e-bulletin", f"e-bulletin-{number}", values, -720 + number * 170, None))
    for slug, paper in publications["position-papers"].items():
        specs.append(("position-paper", slug, paper, -400, None))
    reports = {}
    for offset_shift, (kind, slug, values, offset, event_key) in enumerate(specs):
        if kind == "position-paper":
            title = strings.add(values.text("title"))
            summary = strings.add(values.text("summary"))
            offset = offset + offset_shift * 30
        else:
            title = strings.add(kinds[kind].text("title"), **values)
            summary = strings.add(kinds[kind].text("summary"), **values)
        page = ensure_child(
            index,
            PublicationPage,
            slug,
            title=title,
            kind=kind,
            summary=summary,
            date=today + timedelta(days=offset),
            children={
                "documents": [
                    PublicationDocument(document=ensure_document(title, [summary]), title="PDF")
                ]
            },
        )
        if event_key:
            reports[event_key] = page
    return index, reports


def build_events(home, strings, events, arts, images, reports, today):
    """The events page and its meetings, past and upcoming, with their programme."""
    index = ensure_section(home, EventIndexPage, events["index"], strings)
    sessions = []
    for session in events["sessions"].values():
        sessions.append(
            (
                "session",
                {
                    "day": None,
                    "start_time": datetime.strptime(session["start"], "%H:%M").time(),
                    "end_time": datetime.strptime(session["end"], "%H:%M").time(),
                    "title": strings.add(session.text("title")),
                    "speakers": [
                        strings.add(session["speakers"].name(key)) for key in session["speakers"]
                    ],
                    "description": RichText(""),
                },
            )
        )
    kinds = events["kinds"]
    pages = []
    for key, event in events["events"].items():
        kind, tz_name, offset = event["kind"], event["timezone"], event["days"]
        city, country = event.get("city", ""), event.get("country", "")
        theme = arts[event["art"]].text("name")
        title = strings.add(_with_theme(kinds[kind].text("title"), theme), city=city)
        summary = strings.add(kinds[kind].text("summary"))
        tz = ZoneInfo(tz_name)
        day = today + timedelta(days=offset)
        if kind == "online":
            start = datetime(day.year, day.month, day.day, 14, 0, tzinfo=tz)
            end = start + timedelta(minutes=90)
        else:
            start = datetime(day.year, day.month, day.day, 9, 30, tzinfo=tz)
            end = datetime(day.year, day.month, day.day, 17, 0, tzinfo=tz) + timedelta(days=1)
        children = {}
        if key in reports:
            children["related_publications"] = [EventRelatedPublication(publication=reports[key])]
        page = ensure_child(
            index,
            EventPage,
            key,
            title=title,
            kind=kind,
            summary=summary,
            start=start,
            end=end,
            timezone=tz_name,
            venue="" if kind == "online" else strings.add(events.text("venue"), city=city),
            city=city,
            country=country,
            online_url="https://meet.like.example/" + key if kind == "online" else "",
            registration_url="https://like.example/register/" + key if offset > 0 else "",
            member_price=None if kind == "online" else Decimal("90.00"),
            non_member_price=None if kind == "online" else Decimal("180.00"),
            image=images[event["art"]],
            programme=sessions if kind != "online" else sessions[1:2],
            children=children,
        )
        pages.append(page)
    return index, pages


def update_home(home, strings, spec, pages):
    """Give the home page its mission and featured pages (`pages` by slug) once; a later edit is
    the editors'."""
    title = strings.add(spec.text("title"))
    intro = strings.add(spec.text("intro"))
    featured_title = strings.add(spec.text("featured_title"))
    mission = spec["mission"]
    opening = strings.add(mission.text("opening"))
    points = [strings.add(mission["points"].text(key)) for key in mission["points"]]
    closing = strings.add(mission.text("closing"))
    if home.mission:
        return home
    home.title = title
    home.intro = intro
    home.featured_title = featured_title
    home.mission = (
        f"<p>{opening}</p><ul>"
        + "".join(f"<li>{point}</li>" for point in points)
        + f"</ul><p>{closing}</p>"
    )
    home.featured_pages.set([HomePageFeaturedPage(page=pages[slug]) for slug in spec["featured"]])
    home.save_revision().publish()
    return home


def build_network_feed(home, strings, site):
    """The page that shows what followed networks publish (federation's NetworkFeedPage)."""
    return ensure_section(home, NetworkFeedPage, site["network-feed"], strings)


def build_site(home, strings, data, today):
    """Everything under the home page but the members' part (cms.demo.members)."""
    site, events = data["site"], data["events"]
    images = ensure_images(site["arts"])
    standard = build_standard_pages(home, strings, site)
    news_index, _articles = build_news(home, strings, data["news"], site["arts"], images, today)
    publication_index, reports = build_publications(
        home, strings, data["publications"], events, today
    )
    event_index, _events = build_events(home, strings, events, site["arts"], images, reports, today)
    sections = {page.slug: page for page in (news_index, publication_index, event_index)}
    update_home(home, strings, site["home"], {**standard, **sections})
    build_network_feed(home, strings, site)
