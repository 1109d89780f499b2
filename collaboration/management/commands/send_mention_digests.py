"""Queue the daily e-mail of unread mentions for everyone who opted in (run it from cron)."""

from django.core.management.base import BaseCommand

from collaboration import services
from collaboration.tasks import send_mention_digest


class Command(BaseCommand):
    help = "Queue the daily digest of unread mentions for members who opted in."

    def handle(self, *args, **options):
        ids = services.opted_in_user_ids()
        for user_id in ids:
            # Not after a commit: a digest that fails to queue goes out with the next run's.
            send_mention_digest.enqueue(user_id)
        self.stdout.write(f"Queued {len(ids)} mention digest(s).")
