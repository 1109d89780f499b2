"""`manage.py setup_database`: bring the database up to date, the fast way on a new SQLite file.

A new SQLite database gets the schema snapshot when it is current (cms/schema_snapshot.py),
then `migrate` applies whatever is newer and does its post-migrate work; any other database
is simply migrated. `make run` (through prepare_demo_site) and the test sites use it."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from cms import schema_snapshot


def pending_migrations(database=DEFAULT_DB_ALIAS):
    """How many migrations the database has not applied yet (all of them on a new database)."""
    executor = MigrationExecutor(connections[database])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Load the schema snapshot into a new SQLite database when it is current, then migrate."

    def handle(self, *args, **options):
        started = time.monotonic()
        verbose = options["verbosity"] > 0
        loaded = schema_snapshot.load_if_current()
        if loaded and verbose:
            self.stdout.write(
                f"Setting up the database from its schema snapshot "
                f"(cms/schema/sqlite.sql) in {time.monotonic() - started:.1f} s."
            )
        pending = pending_migrations()
        if pending:
            if verbose:
                self.stdout.write(
                    f"Setting up the database: {pending} migrations"
                    + (" (first run: about a minute)..." if pending > 50 else "...")
                )
            step = time.monotonic()
            call_command("migrate", interactive=False, verbosity=0)
            if verbose:
                self.stdout.write(f"  done in {time.monotonic() - step:.0f} s.")
        elif loaded:
            # Nothing to apply, but the post-migrate work runs (the site's own actor and keys).
            call_command("migrate", interactive=False, verbosity=0)
