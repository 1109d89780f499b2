"""`manage.py schema_snapshot`: migrate a throwaway SQLite database and keep its schema as SQL
(cms/schema/sqlite.sql), for `make run`'s first start. Run it (`make schema`) after adding a
migration or upgrading Django or Wagtail; a test says when it is out of date."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cms import schema_snapshot


class Command(BaseCommand):
    help = "Write cms/schema/sqlite.sql: the schema of a new SQLite database after every migration."

    def handle(self, *args, **options):
        key = schema_snapshot.migrations_key()
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "schema.sqlite3")
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["SQLITE_PATH"] = path
            # A process of its own: this one is connected to the configured database.
            subprocess.run(  # noqa: S603 - this interpreter and manage.py
                [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "migrate", "-v0"],
                env=env,
                check=True,
            )
            size = schema_snapshot.dump(path, key)
        self.stdout.write(f"Wrote {schema_snapshot.SNAPSHOT} ({size // 1024} KB).")
