"""`load_demo_data`: the demo network built through the same verbs the site uses, idempotent.

Pages are created in English, published, then translated into every other configured language
with wagtail-localize's own machinery (translation sources, translations, string translations
standing in for the translators' work, `save_target`), exactly as an editor's PO import would.
The words come from the data files (cms/demo/data/<language>/*.toml, see cms.demo.texts).
"""

import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page, Site

from cms.bulletins.demo import load_demo as load_bulletins_demo
from cms.demo.content import build_site, translate_tags
from cms.demo.indexing import deferred_indexing
from cms.demo.members import load_demo_members
from cms.demo.organisers import set_account_time_zones, set_event_organisers
from cms.demo.publishing import target_locales, translate_page
from cms.demo.texts import DemoData, Strings
from cms.events.demo import load_demo as load_events_demo
from cms.figures.demo import load_demo as load_figures_demo
from cms.models import HomePage
from collaboration.demo import load_demo_groups
from federation.actors import ensure_network_actor

# Sites, locales and accounts -------------------------------------------------------------------


def ensure_locales():
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def ensure_home(locale, spec):
    """The home page in `locale` (titled from site.toml's `home`), and the default Site on it."""
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    root = Page.objects.get(depth=1)
    if home is None:
        for page in Page.objects.filter(depth=2, locale=locale).not_type(HomePage):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title=spec["title"], slug="home", locale=locale, intro=spec["intro"])
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


# Translation ------------------------------------------------------------------------------------


def translate_tree(home, strings, locales):
    count = 0
    for page in home.get_descendants(inclusive=True).order_by("path").specific():
        count += translate_page(page, strings, locales)
    return count


def group_texts(groups):
    """groups.toml as collaboration's demo takes it: {slug: {language: {"name", "description"}}}."""
    texts = {}
    for slug, spec in groups["groups"].items():
        by_language = texts.setdefault(slug, {})
        for field in ("name", "description"):
            for lang, text in spec.text(field).items():
                value = f"<p>{text}</p>" if field == "description" else text
                by_language.setdefault(lang, {})[field] = value
    return texts


# The command ------------------------------------------------------------------------------------


def load_demo_data(stdout=None, languages=None, data_dir=None):
    """Build the demo site in `languages` (every configured one by default) from the data files
    in `data_dir` (cms/demo/data by default); quiet, and without automatic redirects (no page
    has moved yet)."""
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
            return _load_demo_data(stdout, languages, data_dir)
    finally:
        wagtail_logger.setLevel(level)


def _load_demo_data(stdout, languages, data_dir):
    started = time.monotonic()
    en = ensure_locales()
    locales = target_locales(en, languages)
    data = DemoData([locale.language_code for locale in locales], data_dir)
    site = data["site"]
    home = ensure_home(en, site["home"])
    ensure_users()
    strings = Strings()
    build_site(home, strings, data, timezone.localdate())
    translations = translate_tree(home, strings, locales)
    translate_tags(strings, locales)
    translations += load_demo_members(home, stdout, languages, data)
    set_event_organisers(home)
    set_account_time_zones()
    # The plugins' demo content, through their own verbs.
    actor = site["network-actor"]
    ensure_network_actor(name=actor["name"], summary=actor["summary"])
    User = get_user_model()
    users = [User.objects.get(username=name) for name in ("admin", "editor", "member")]
    load_demo_groups(users, texts=group_texts(data["groups"]))
    # The network's year: registrations, bulletins, figures (each app's demo module).
    extra = []
    for load in (load_events_demo, load_bulletins_demo, load_figures_demo):
        line = load(home, data, locales, stdout=stdout)
        if line:
            extra.append(line)
    pages = Page.objects.filter(depth__gte=2).count()
    if stdout is not None:
        for line in data.report() + extra:
            stdout.write(line)
        stdout.write("Demo accounts (username / password):")
        for username, password, role in DEMO_ACCOUNTS:
            stdout.write(f"  {username} / {password}  ({role})")
    return (
        f"Demo data ready: {pages} pages in {len(settings.LANGUAGES)} languages, "
        f"{translations} translations made now, in {time.monotonic() - started:.1f} s."
    )
