"""Queue every delivery whose retry time has come (run from cron if the queue lost rows)."""

from django.core.management.base import BaseCommand

from federation.delivery import retry_due


class Command(BaseCommand):
    help = "Queue deliveries whose next attempt is due."

    def handle(self, **options):
        self.stdout.write(f"{retry_due()} deliveries queued")
