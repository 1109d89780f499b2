"""Posts of photos, videos and sounds (Pixelfed, PeerTube, Funkwhale) get their own kind."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("federation", "0004_actor_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="remotepost",
            name="kind",
            field=models.CharField(
                choices=[
                    ("article", "article"),
                    ("event", "event"),
                    ("note", "note"),
                    ("media", "photo, video or sound"),
                ],
                db_index=True,
                max_length=10,
                verbose_name="kind",
            ),
        ),
    ]
