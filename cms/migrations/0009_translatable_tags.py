"""The news' tags become translatable: taggit's tags in use are copied, with the same ids, into
cms.Tag rows of the default language, and the articles' tag links point to them."""

import uuid

import django.db.models.deletion
import modelsearch.index
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

import cms.models.tags


def copy_tags(apps, schema_editor):
    """Each taggit tag an article uses becomes a cms.Tag with the same id (so the links stay
    valid when their foreign key changes table), in the default language."""
    NewsArticleTag = apps.get_model("cms", "NewsArticleTag")
    OldTag = apps.get_model("taggit", "Tag")
    Tag = apps.get_model("cms", "Tag")
    Locale = apps.get_model("wagtailcore", "Locale")
    used = NewsArticleTag.objects.values_list("tag_id", flat=True).distinct()
    old_tags = list(OldTag.objects.filter(pk__in=used))
    if not old_tags:
        return
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    Tag.objects.bulk_create(
        [
            Tag(
                pk=old.pk,
                name=old.name,
                slug=old.slug,
                locale_id=locale.pk,
                translation_key=uuid.uuid4(),
            )
            for old in old_tags
        ]
    )
    # Rows written with their ids: PostgreSQL's sequence must move past them.
    connection = schema_editor.connection
    statements = connection.ops.sequence_reset_sql(no_style(), [Tag])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            # Check the new rows' deferred foreign keys now: PostgreSQL refuses to alter a table
            # (the links' foreign key, next) while it has pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_join_call_to_action"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(allow_unicode=True, max_length=100, verbose_name="slug"),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "tag",
                "verbose_name_plural": "tags",
                "ordering": ["name"],
                "abstract": False,
                "unique_together": {
                    ("locale", "name"),
                    ("locale", "slug"),
                    ("translation_key", "locale"),
                },
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.RunPython(copy_tags, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="newsarticlepage",
            name="tags",
            field=cms.models.tags.TranslatableTagsField(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="cms.NewsArticleTag",
                to="cms.Tag",
                verbose_name="tags",
            ),
        ),
        migrations.AlterField(
            model_name="newsarticletag",
            name="tag",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tagged_news",
                to="cms.tag",
            ),
        ),
    ]
