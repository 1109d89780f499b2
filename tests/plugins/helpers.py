"""What the plugin sites' tests share: loading a plugin whole, and the bare site's page tree."""

import importlib
import pkgutil


def import_all(package: str, skip: tuple[str, ...] = ()) -> list[str]:
    """Import every module of a package (its migrations too) but those under `skip`: whatever
    any of them imports is then loaded."""
    module = importlib.import_module(package)
    names = [package]
    for info in pkgutil.iter_modules(getattr(module, "__path__", []), prefix=f"{package}."):
        if not info.name.startswith(skip):
            names += import_all(info.name, skip)
    return names


def seed_default_site():
    """The root page, a home page and the default Site, as Wagtail's migrations make them.

    Transactional tests flush those rows; get-or-create them so any test can rely on them.
    """
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        home = root.add_child(instance=Page(title="Home", slug="home", locale=locale))
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    return site.root_page
