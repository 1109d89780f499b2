"""The schema snapshot `make run` loads on a first start instead of replaying every migration
(cms/schema_snapshot.py): it must be current, make exactly the migrated schema, and share no
secret between the sites started from it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from cms import schema_snapshot

ROOT = Path(__file__).resolve().parents[2]


def test_snapshot_is_current():
    """A first `make run` takes seconds, not half a minute, only while the snapshot matches the
    migrations: adding one without `make schema` is caught here, not by a slow first start."""
    assert schema_snapshot.snapshot_key() == schema_snapshot.migrations_key(), (
        "cms/schema/sqlite.sql is out of date: run `make schema` and commit it"
    )


def _schema(sqlite_connection) -> set[tuple]:
    rows = sqlite_connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return set(rows)


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the snapshot is for SQLite, the database of make run"
)
def test_snapshot_makes_the_schema_the_migrations_make(tmp_path):
    """A site started from the snapshot has the same tables, indexes, triggers and search index
    as one whose migrations ran (the test database was made by running them)."""
    connection.ensure_connection()
    migrated = _schema(connection.connection)
    loaded = sqlite3.connect(tmp_path / "loaded.sqlite3")
    loaded.executescript(schema_snapshot.SNAPSHOT.read_text(encoding="utf-8"))
    assert _schema(loaded) == migrated
    assert loaded.execute("PRAGMA foreign_key_check").fetchall() == []


def test_snapshot_holds_no_key_and_no_queued_work():
    """Every site makes its own actor's keys: a snapshot shared by all clones must not carry
    one, nor tasks queued for an actor that is not there."""
    text = schema_snapshot.SNAPSHOT.read_text(encoding="utf-8")
    assert "PRIVATE KEY" not in text
    for table in schema_snapshot.LOCAL_ROWS:
        assert f'INSERT INTO "{table}"' not in text


LOAD_AND_USE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.core.management import call_command
    from cms import schema_snapshot
    from cms.management.commands.setup_database import pending_migrations
    import io
    out = io.StringIO()
    call_command("setup_database", stdout=out)
    loaded = "schema snapshot" in out.getvalue()
    from federation.models import Actor
    from wagtail.models import Page
    actor = Actor.objects.get()
    # The search index's FTS table, its triggers and Wagtail's writes on the same connection.
    root = Page.objects.get(depth=1)
    root.add_child(instance=Page(title="Snapshot garden party", slug="snapshot"))
    from wagtail.search.backends import get_search_backend
    get_search_backend().add(Page.objects.get(slug="snapshot"))
    found = [p.title for p in Page.objects.search("garden")]
    again = schema_snapshot.load_if_current()
    print(json.dumps({"loaded": loaded, "again": again, "pending": pending_migrations(),
                      "key": actor.private_key_pem[-80:], "found": found}))
    """
)


def _start_from_snapshot(path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(SQLITE_PATH=str(path), DJANGO_SETTINGS_MODULE="cms.settings.dev")
    result = subprocess.run(  # noqa: S603 - this interpreter and a script of ours
        [sys.executable, "-c", LOAD_AND_USE],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_first_start_from_the_snapshot_is_a_working_site(tmp_path):
    """What `make run` does on a first start: the snapshot is loaded into the new database,
    nothing is left to migrate, the site's actor gets keys of its own (two sites, two keys),
    search works, and an existing database is never loaded over."""
    first = _start_from_snapshot(tmp_path / "a.sqlite3")
    second = _start_from_snapshot(tmp_path / "b.sqlite3")
    assert first["loaded"] and second["loaded"]
    assert first["pending"] == 0
    assert first["found"] == ["Snapshot garden party"]
    assert first["again"] is False
    assert first["key"] != second["key"]
