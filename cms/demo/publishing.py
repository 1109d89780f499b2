"""The demo's machinery: creating and publishing its pages (without Wagtail's generic, costly
publish path) and translating them with wagtail-localize from the demo's translation memory.

Both halves of the demo (cms.demo.content, cms.demo.members) build their pages with it.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Locale, Page
from wagtail.signals import page_published
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


def ascii_slug(text):
    """A slug of at most 80 ASCII characters. Django's slugify drops the letters NFKD cannot reduce
    to ASCII (ł, ß): they are spelled out first."""
    for letter, ascii_ in (("ł", "l"), ("Ł", "L"), ("ß", "ss"), ("ø", "o"), ("æ", "ae")):
        text = text.replace(letter, ascii_)
    return slugify(text)[:80].strip("-")


def publish_new_page(page, revision):
    """Publish the first revision of a page created a moment ago (by the demo, or as a draft
    by save_target).

    What Wagtail's publish does for a brand-new page (live, live revision, publication dates,
    a "wagtail.publish" log entry, the page_published signal) without its costly generic path:
    rebuilding the page from its revision, validating and saving it again, comments, workflows,
    aliases, which a page created a moment ago cannot have.
    """
    now = timezone.now()
    fields = {
        "live": True,
        "has_unpublished_changes": False,
        "expired": False,
        "first_published_at": now,
        "last_published_at": now,
        "live_revision": revision,
    }
    Page.objects.filter(pk=page.pk).update(**fields)
    for name, value in fields.items():
        setattr(page, name, value)
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    page_published.send(sender=page.specific_class, instance=page, revision=revision)


def ensure_child(parent, model, slug, **fields):
    """The child of `parent` with this slug; created and published when missing (never changed).

    `children` sets its child rows (partners, documents ...), `themes` its themes, `tags` its tags.
    """
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    children = fields.pop("children", {})
    if "themes" in fields:
        children = {**children, "themes": fields.pop("themes")}
    tags = fields.pop("tags", ())
    page = model(slug=slug, locale_id=parent.locale_id, **fields)
    for relation, items in children.items():
        getattr(page, relation).set(items)
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    publish_new_page(page, page.save_revision())
    return page


def translate_page(page, strings, locales):
    """Translate `page` into each of `locales` that lacks it, with wagtail-localize.

    Each segment gets the translators' string when the demo has one (titles, summaries, slugs,
    headings), and falls back to the source text otherwise, as a partly translated page does.
    """
    existing = set(
        Page.objects.filter(translation_key=page.translation_key).values_list(
            "locale_id", flat=True
        )
    )
    missing = [locale for locale in locales if locale.pk not in existing]
    if not missing:
        return 0
    source, _created = TranslationSource.get_or_create_from_instance(page)
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    for locale in missing:
        lang = locale.language_code
        with transaction.atomic():  # one savepoint per translation
            translation, _created = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            rows = []
            for segment in segments:
                if segment.context.path == "slug":
                    translated_title = strings.get(page.title, lang)
                    text = ascii_slug(translated_title) if translated_title else None
                else:
                    text = strings.get(segment.string.data, lang)
                if text:
                    rows.append(
                        StringTranslation(
                            translation_of=segment.string,
                            locale=locale,
                            context=segment.context,
                            data=text,
                            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                            tool_name="LIKE demo",
                        )
                    )
            StringTranslation.objects.bulk_create(rows, ignore_conflicts=True)
            # save_target(publish=True) publishes on commit; the demo runs in one transaction
            # (much faster on SQLite), so it saves the draft and publishes it right away instead.
            translation.save_target(publish=False)
            target = page.get_translation(locale).specific
            publish_new_page(target, target.latest_revision)
    return len(missing)


def target_locales(source_locale, languages=None):
    """The locales the demo translates into: `languages` (every configured one by default)."""
    codes = languages or [code for code, _name in settings.LANGUAGES]
    return list(Locale.objects.exclude(pk=source_locale.pk).filter(language_code__in=codes))
