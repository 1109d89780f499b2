"""The demo network as code: built through the same verbs the site uses, idempotent.

Pages are created in English, published, then translated into every other configured language
with wagtail-localize's own machinery (translation sources, translations, string translations
standing in for the translators' work, `save_target`), exactly as an editor's PO import would.
"""

import io
import logging
import time
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Locale, Page, Site
from wagtail.rich_text import RichText

from cms import demo_content as C
from cms.demo_indexing import deferred_indexing
from cms.demo_members import load_demo_members
from cms.demo_publishing import Strings, ascii_slug, ensure_child, translate_page
from cms.models import (
    EventIndexPage,
    EventPage,
    EventRelatedPublication,
    HomePage,
    HomePageFeaturedPage,
    NewsArticlePage,
    NewsIndexPage,
    PublicationDocument,
    PublicationIndexPage,
    PublicationPage,
    StandardPage,
)
from collaboration.demo import load_demo_groups
from federation.actors import ensure_network_actor
from federation.models import NetworkFeedPage

THEME_COLOURS = ["#8a1538", "#1d4ed8", "#0f766e", "#7c2d12", "#5b21b6", "#1f2937"]


# Sites, locales and accounts -------------------------------------------------------------------


def ensure_locales():
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def ensure_home(locale):
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    root = Page.objects.get(depth=1)
    if home is None:
        for page in Page.objects.filter(depth=2, locale=locale).not_type(HomePage):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title=C.HOME["title"]["en"],
                slug="home",
                locale=locale,
                intro=C.HOME["intro"]["en"],
            )
        )
        home.save_revision().publish()
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="LIKE"
        )
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        # Full URLs (feeds, sitemap, ActivityPub) come from the Site: keep it on SITE_URL.
        site.root_page = home
        site.hostname, site.port = hostname, port
        site.save()
    return home


def site_address():
    """Host name and port of the public origin SITE_URL, as Wagtail's Site stores them."""
    parts = urlsplit(settings.SITE_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname or "localhost", port


EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def ensure_editors_group():
    """The Editors group: admin access, and the right to add, edit and publish every page."""
    group, _created = Group.objects.get_or_create(name="Editors")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(access_admin)
    for app_label, codename in [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtail_localize", "submit_translation"),
        # Editors follow allied networks and moderate the network feed.
        ("federation", "add_follow"),
        ("federation", "change_remotepost"),
    ]:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)
    root = Page.objects.get(depth=1)
    for codename in EDITOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    return group


DEMO_ACCOUNTS = [
    ("admin", "admin", "secretariat, superuser"),
    ("editor", "editor", "editor: writes and publishes pages"),
    ("member", "member", "member of the network"),
]


def ensure_users():
    User = get_user_model()
    editors = ensure_editors_group()
    for username, _password, _role in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@like.example"}
        )
        if created:
            user.set_password(username)
            user.is_staff = username in ("admin", "editor")
            user.is_superuser = username == "admin"
            user.save()
        if username == "editor" and not user.groups.filter(pk=editors.pk).exists():
            user.groups.add(editors)


# Media ------------------------------------------------------------------------------------------


def _png(colour, label):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, 920, 500), outline="#ffffff", width=6)
    draw.text((80, 80), label, fill="#ffffff")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def ensure_images():
    Image = get_image_model()
    images = []
    for index, theme in enumerate(C.THEMES):
        title = f"Demo – {theme['en']}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = _png(THEME_COLOURS[index], theme["en"].upper())
            image = Image(title=title)
            image.file = ImageFile(io.BytesIO(data), name=f"demo-{C.THEME_TAGS[index]}.png")
            image.save()
        images.append(image)
    return images


def _pdf(title):
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def ensure_document(title):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(f"{ascii_slug(title)}.pdf", ContentFile(_pdf(title)), save=False)
        document.save()
    return document


# Pages ------------------------------------------------------------------------------------------


def _rich(*paragraphs):
    return RichText("".join(f"<p>{p}</p>" for p in paragraphs))


def _stream(strings, body, statutes=None):
    blocks = []
    for kind, value in body:
        if kind == "heading":
            blocks.append(("heading", {"text": strings.add(value), "level": "h2"}))
        elif kind == "paragraph":
            blocks.append(("paragraph", _rich(strings.add(value))))
        elif kind == "quote":
            blocks.append(("quote", {"quote": strings.add(value), "attribution": "LIKE, 1994"}))
        elif kind == "document":
            blocks.append(("document", {"document": statutes, "title": strings.add(value)}))
        elif kind == "call_to_action":
            blocks.append(
                (
                    "call_to_action",
                    {
                        "title": strings.add(value["title"]),
                        "text": strings.add(value["text"]),
                        "button_label": strings.add(value["button_label"]),
                        "page": None,
                        "url": value["url"],
                    },
                )
            )
    return blocks


def ensure_section(home, model, spec, strings):
    """A section index under the home page (news, events, publications, the network feed), in the
    menu, its title and introduction recorded for translation."""
    return ensure_child(
        home,
        model,
        spec["slug"],
        title=strings.add(spec["title"]),
        intro=_rich(strings.add(spec["intro"])),
        show_in_menus=True,
    )


def build_standard_pages(home, strings):
    statutes = ensure_document("Statutes of LIKE")
    pages = []
    for spec in C.STANDARD_PAGES:
        pages.append(
            ensure_child(
                home,
                StandardPage,
                spec["slug"],
                title=strings.add(spec["title"]),
                intro=strings.add(spec["intro"]),
                body=_stream(strings, spec["body"], statutes),
                show_in_menus=spec["menu"],
            )
        )
    return pages


def build_news(home, strings, images, today):
    spec = C.SECTIONS["news"]
    index = ensure_section(home, NewsIndexPage, spec, strings)
    articles = []
    body = _rich(*(strings.add(paragraph) for paragraph in C.NEWS_BODY))
    for number in range(25):
        pattern = C.NEWS_PATTERNS[number % len(C.NEWS_PATTERNS)]
        theme = C.THEMES[number % len(C.THEMES)]
        city = C.CITIES[number % len(C.CITIES)]
        values = {"city": city}
        title = strings.add(_with_theme(pattern["title"], theme), **values)
        summary = strings.add(_with_theme(pattern["summary"], theme), **values)
        article = ensure_child(
            index,
            NewsArticlePage,
            ascii_slug(title),
            title=title,
            summary=summary,
            date=today - timedelta(days=9 * number + 2),
            image=images[number % len(images)],
            body=[("paragraph", body)],
            tags=[C.THEME_TAGS[number % len(C.THEME_TAGS)], "network"],
        )
        if not article.tagged_items.exists():  # a demo loaded before the pages had tags
            article.tags.add(C.THEME_TAGS[number % len(C.THEME_TAGS)], "network")
            article.save_revision().publish()
        articles.append(article)
    return index, articles


def _with_theme(pattern, theme):
    """A pattern with {theme} filled in each language, {city} left for later."""
    return {lang: pattern[lang].replace("{theme}", theme[lang]) for lang in pattern}


def build_publications(home, strings, today):
    spec = C.SECTIONS["publications"]
    index = ensure_section(home, PublicationIndexPage, spec, strings)
    reports = {}
    specs = []
    for key, _kind, city, *_rest, offset, _theme in C.EVENTS:
        if offset < -60 and (
            key.startswith(("ga-", "thematic-", "regional-"))
            or key
            in (
                "national-warsaw",
                "national-copenhagen",
            )
        ):
            specs.append(("conference-report", f"report-{key}", {"city": city}, offset + 45, key))
    for number in range(1, 5):
        specs.append(
            ("e-bulletin", f"e-bulletin-{number}", {"number": number}, -720 + number * 170, None)
        )
    for slug, title, summary in C.POSITION_PAPERS:
        specs.append(("position-paper", slug, {"title": title, "summary": summary}, -400, None))
    for offset_shift, (kind, slug, values, offset, event_key) in enumerate(specs):
        if kind == "position-paper":
            title = strings.add(values["title"])
            summary = strings.add(values["summary"])
            offset = offset + offset_shift * 30
        else:
            title = strings.add(C.PUBLICATION_TITLES[kind], **values)
            summary = strings.add(C.PUBLICATION_SUMMARIES[kind], **values)
        document = ensure_document(
            C.PUBLICATION_TITLES.get(kind, {"en": title})["en"].format(
                **{"city": values.get("city", ""), "number": values.get("number", "")}
            )
            if kind != "position-paper"
            else title
        )
        page = ensure_child(
            index,
            PublicationPage,
            slug,
            title=title,
            kind=kind,
            summary=summary,
            date=today + timedelta(days=offset),
            children={"documents": [PublicationDocument(document=document, title="PDF")]},
        )
        if event_key:
            reports[event_key] = page
    return index, reports


def build_events(home, strings, images, reports, today):
    spec = C.SECTIONS["events"]
    index = ensure_section(home, EventIndexPage, spec, strings)
    sessions = []
    for start, end, title, speakers in C.SESSIONS:
        sessions.append(
            (
                "session",
                {
                    "day": None,
                    "start_time": datetime.strptime(start, "%H:%M").time(),
                    "end_time": datetime.strptime(end, "%H:%M").time(),
                    "title": strings.add(title),
                    "speakers": speakers,
                    "description": RichText(""),
                },
            )
        )
    events = []
    for key, kind, city, country, tz_name, offset, theme_index in C.EVENTS:
        theme = C.THEMES[theme_index]
        title = strings.add(_with_theme(C.EVENT_KINDS_TITLES[kind], theme), city=city)
        summary = strings.add(C.EVENT_SUMMARIES[kind])
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
        event = ensure_child(
            index,
            EventPage,
            key,
            title=title,
            kind=kind,
            summary=summary,
            start=start,
            end=end,
            timezone=tz_name,
            venue="" if kind == "online" else strings.add(C.VENUE, city=city),
            city=city,
            country=country,
            online_url="https://meet.like.example/" + key if kind == "online" else "",
            registration_url="https://like.example/register/" + key if offset > 0 else "",
            member_price=None if kind == "online" else Decimal("90.00"),
            non_member_price=None if kind == "online" else Decimal("180.00"),
            image=images[theme_index],
            programme=sessions if kind != "online" else sessions[1:2],
            children=children,
        )
        events.append(event)
    return index, events


def update_home(home, strings, featured):
    """Give the home page its mission and featured pages once (a later edit is the editors')."""
    title = strings.add(C.HOME["title"])
    intro = strings.add(C.HOME["intro"])
    featured_title = strings.add(C.HOME["featured_title"])
    mission = [strings.add(paragraph) for paragraph in C.MISSION]
    if home.mission:
        return home
    home.title = title
    home.intro = intro
    home.featured_title = featured_title
    home.mission = (
        f"<p>{mission[0]}</p><ul>"
        + "".join(f"<li>{m}</li>" for m in mission[1:4])
        + f"</ul><p>{mission[4]}</p>"
    )
    home.featured_pages.set([HomePageFeaturedPage(page=page) for page in featured])
    home.save_revision().publish()
    return home


# Translation ------------------------------------------------------------------------------------


def build_network_feed(home, strings):
    """The page that shows what followed networks publish (federation's NetworkFeedPage)."""
    return ensure_section(home, NetworkFeedPage, C.NETWORK_FEED, strings)


def translate_tree(home, strings, languages=None):
    codes = languages or [code for code, _name in settings.LANGUAGES]
    targets = list(Locale.objects.exclude(pk=home.locale_id).filter(language_code__in=codes))
    count = 0
    for page in home.get_descendants(inclusive=True).order_by("path").specific():
        count += translate_page(page, strings, targets)
    return count


# The command ------------------------------------------------------------------------------------


def load_demo_data(stdout=None, languages=None):
    """Build the demo site in `languages` (every configured one by default); quiet, and without
    automatic redirects (no page has moved yet)."""
    wagtail_logger = logging.getLogger("wagtail")
    level = wagtail_logger.level
    wagtail_logger.setLevel(logging.WARNING)
    try:
        # Search and reference indexing: one pass at the end, inside the transaction. DEBUG off:
        # its cursor formats and keeps every one of the ~120,000 queries of a fresh load.
        with (
            override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False, DEBUG=False),
            transaction.atomic(),
            deferred_indexing(),
        ):
            return _load_demo_data(stdout, languages)
    finally:
        wagtail_logger.setLevel(level)


def _load_demo_data(stdout=None, languages=None):
    started = time.monotonic()
    en = ensure_locales()
    home = ensure_home(en)
    ensure_users()
    strings = Strings()
    today = timezone.localdate()
    images = ensure_images()
    standard = build_standard_pages(home, strings)
    news_index, _articles = build_news(home, strings, images, today)
    publication_index, reports = build_publications(home, strings, today)
    event_index, _events = build_events(home, strings, images, reports, today)
    update_home(home, strings, [standard[1], publication_index])
    build_network_feed(home, strings)
    translations = translate_tree(home, strings, languages)
    translations += load_demo_members(home, stdout, languages)
    # The plugins' demo content, through their own verbs.
    ensure_network_actor(
        name="LIKE – European cities and regions for culture",
        summary=C.NETWORK_ACTOR_SUMMARY,
    )
    User = get_user_model()
    load_demo_groups([User.objects.get(username=name) for name in ("admin", "editor", "member")])
    pages = Page.objects.filter(depth__gte=2).count()
    if stdout is not None:
        stdout.write("Demo accounts (username / password):")
        for username, password, role in DEMO_ACCOUNTS:
            stdout.write(f"  {username} / {password}  ({role})")
    return (
        f"Demo data ready: {pages} pages in {len(settings.LANGUAGES)} languages, "
        f"{translations} translations made now, in {time.monotonic() - started:.1f} s."
    )
