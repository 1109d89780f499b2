"""What `make run` does before serving: migrate, load the demo, queue the groups' catch-up.

One process for the three steps (each `manage.py` start costs a few seconds of imports), saying
what it does and how long each step took, so that a first run's minute or two is not silence.
"""

import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from cms import schema_snapshot
from cms.demo import load_demo_data


def pending_migrations(database=DEFAULT_DB_ALIAS):
    """How many migrations the database has not applied yet (all of them on a new database)."""
    executor = MigrationExecutor(connections[database])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Migrate, load the demo network (idempotent) and queue the catch-up of remote groups."

    def handle(self, *args, **options):
        started = time.monotonic()
        loaded = schema_snapshot.load_if_current()
        if loaded:
            # A first start on SQLite: the schema the migrations would make, loaded at once;
            # `migrate` below then does its post-migrate work (and any newer migration).
            self.stdout.write(
                f"Setting up the database from its schema snapshot "
                f"(cms/schema/sqlite.sql) in {time.monotonic() - started:.1f} s."
            )
        pending = pending_migrations()
        if pending:
            self.stdout.write(
                f"Setting up the database: {pending} migrations"
                + (" (first run: about a minute)..." if pending > 50 else "...")
            )
            step = time.monotonic()
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write(f"  done in {time.monotonic() - step:.0f} s.")
        elif loaded:
            # Nothing to apply, but the post-migrate work runs (the site's own actor and keys).
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            "Loading the demo network in every language (first run: a minute or two)..."
        )
        summary = load_demo_data(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(summary))
        if apps.is_installed("collaboration.federation"):
            # Groups of other sites: read what they said while this site was stopped (a task).
            call_command("sync_remote_groups", queue=True, verbosity=0)
        self.stdout.write(f"Ready after {time.monotonic() - started:.0f} s; starting the site...")
