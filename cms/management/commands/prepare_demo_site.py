"""What `make run` does before serving: set up the database (`setup_database`), load the demo,
queue the groups' catch-up.

One process for the three steps (each `manage.py` start costs a few seconds of imports), saying
what it does and how long each step took, so that a first run's minute or two is not silence.
"""

import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.demo import load_demo_data


class Command(BaseCommand):
    help = "Set up the database, load the demo network (idempotent) and queue the catch-up of remote groups."

    def handle(self, *args, **options):
        started = time.monotonic()
        call_command("setup_database", stdout=self.stdout)
        self.stdout.write(
            "Loading the demo network in every language (first run: a minute or two)..."
        )
        summary = load_demo_data(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(summary))
        if apps.is_installed("collaboration.federation"):
            # Groups of other sites: read what they said while this site was stopped (a task).
            call_command("sync_remote_groups", queue=True, verbosity=0)
        self.stdout.write(f"Ready after {time.monotonic() - started:.0f} s; starting the site...")
