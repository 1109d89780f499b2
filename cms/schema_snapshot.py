"""The migrated schema of a new SQLite database, kept as SQL: what `make run` loads instead of
replaying every migration on a first start (Rails' `db:schema:load`, for Django).

Replaying the ~260 migrations of Django, Wagtail and the site takes most of half a minute on a
laptop, nearly all of it in Django's bookkeeping of model states, not in SQL. The snapshot is
the database those migrations leave, dumped once (`make schema`): loading it takes a fraction
of a second. It is used only when it is current, that is when its key (a digest of every
migration file and of the Django version) matches the migrations installed here; otherwise the
migrations run as usual. `migrate` runs after the load in any case, so its post-migrate work
(content types, permissions, the site's own actor with keys of its own) is done here, and the
snapshot holds no key and no queued task.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import sys
from pathlib import Path

import django
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

SNAPSHOT = Path(__file__).resolve().parent / "schema" / "sqlite.sql"
KEY_LINE = re.compile(r"^-- key: ([0-9a-f]{64})$")

# Rows that the post-migrate work writes and that must be made on each machine: the site's own
# actor holds a private key; the task rows are work queued for that actor.
LOCAL_ROWS = ("federation_actor", "django_tasks_database_dbtaskresult")


def migrations_key(database=DEFAULT_DB_ALIAS) -> str:
    """A digest of the migrations this installation would apply, file contents included."""
    loader = MigrationLoader(connections[database], ignore_no_migrations=True, load=False)
    loader.load_disk()
    digest = hashlib.sha256(f"django {django.get_version()}\n".encode())
    for app_label, name in sorted(loader.disk_migrations):
        module = sys.modules[loader.disk_migrations[app_label, name].__module__]
        digest.update(f"{app_label}.{name}\n".encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def snapshot_key(path: Path = SNAPSHOT) -> str | None:
    """The key the snapshot was made for, or None when there is none."""
    try:
        with path.open(encoding="utf-8") as handle:
            match = KEY_LINE.match(handle.readline().rstrip("\n"))
    except FileNotFoundError:
        return None
    return match.group(1) if match else None


def dump(sqlite_path: str, key: str, path: Path = SNAPSHOT) -> int:
    """Write the snapshot of the migrated database at `sqlite_path`; returns its size."""
    connection = sqlite3.connect(sqlite_path)
    try:
        for table in LOCAL_ROWS:
            connection.execute(f'DELETE FROM "{table}"')  # noqa: S608 - names of ours
            connection.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        # When each migration ran changes on every dump and tells a new site nothing.
        connection.execute("UPDATE django_migrations SET applied = '2000-01-01 00:00:00'")
        connection.commit()
        body = "\n".join(_statements(connection))
    finally:
        connection.close()
    if "PRIVATE KEY" in body:
        raise RuntimeError("the migrated database holds a private key: it cannot be shared")
    text = (
        f"-- key: {key}\n"
        "-- The schema of a new database after every migration (cms/schema_snapshot.py).\n"
        "-- Made by `make schema`; do not edit.\n"
        f"{body}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text)


def _statements(connection):
    """`iterdump()`, with each virtual table (the search index's FTS5 table) made by its own
    CREATE statement: the dump otherwise writes it into `sqlite_master` under
    `writable_schema`, which a connection does not see until it reopens, and SQLite's defensive
    mode refuses."""
    virtual = dict(
        connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        ).fetchall()
    )
    shadow = re.compile(
        "|".join(
            rf"(\"|')?{re.escape(name)}_(config|content|data|docsize|idx)\b" for name in virtual
        )
        or r"(?!)"
    )
    for line in connection.iterdump():
        if line.startswith("PRAGMA writable_schema"):
            continue
        if line.startswith("INSERT INTO sqlite_master"):
            name = next(name for name in virtual if f"'{name}'" in line)
            yield f"{virtual[name]};"
            continue
        if line.startswith(("CREATE TABLE ", "INSERT INTO ")) and shadow.match(
            line.split(" ", 2)[2]
        ):
            continue
        yield line


def is_new_sqlite(database=DEFAULT_DB_ALIAS) -> bool:
    """Whether the database is SQLite and holds no table yet."""
    connection = connections[database]
    if connection.vendor != "sqlite":
        return False
    return not connection.introspection.table_names()


def load_if_current(database=DEFAULT_DB_ALIAS) -> bool:
    """Load the snapshot into a new SQLite database when it matches these migrations."""
    if not is_new_sqlite(database) or snapshot_key() != migrations_key(database):
        return False
    connection = connections[database]
    connection.ensure_connection()
    raw = connection.connection
    # Tables come in name order, rows with them: a row may name a table made further on.
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        raw.executescript(SNAPSHOT.read_text(encoding="utf-8"))
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
    return True
