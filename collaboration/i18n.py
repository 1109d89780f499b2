"""Translated rows of the plugin: a translation group's source row, and the visitor's translation.

The source is the first-created translation, the row members and messages hang on. What a
visitor sees is Wagtail's `.localized`, here also for many rows at once. Every part of the plugin
asks these functions, so the two rules are written once.
"""

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from wagtail.models import Locale


def source_of(instance):
    """The first-created translation of `instance`: itself when it is the first."""
    first = instance.get_translations(inclusive=True).order_by("pk").first()
    return instance if first is None or first.pk == instance.pk else first


def source_of_first(queryset):
    """The source row of the first row (by pk) of `queryset`, in one query; None if it is empty."""
    key = queryset.order_by("pk").values("translation_key")[:1]
    return queryset.model.objects.filter(translation_key=Subquery(key)).order_by("pk").first()


def only_sources(queryset):
    """`queryset` keeping only source rows: one row per translation group, in the same query."""
    first = queryset.model.objects.filter(translation_key=OuterRef("translation_key"))
    first = first.order_by("pk").values("pk")[:1]
    return queryset.annotate(source_pk=Subquery(first)).filter(pk=F("source_pk"))


def localized(instance):
    """The translation of `instance` in the active language, or `instance` itself."""
    try:
        return instance.localized
    except Exception:  # noqa: BLE001 - no locale rows (a bare database): show the source
        return instance


def localized_all(instances):
    """{pk: what `localized` gives} for many rows, in two queries whatever their number."""
    instances = list(instances)
    shown = {i.pk: i for i in instances}
    if not instances or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return shown
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return shown
    elsewhere = {i.translation_key: i for i in instances if i.locale_id != locale.pk}
    if elsewhere:
        model = type(instances[0])
        for translation in model.objects.filter(translation_key__in=list(elsewhere), locale=locale):
            shown[elsewhere[translation.translation_key].pk] = translation
    return shown
