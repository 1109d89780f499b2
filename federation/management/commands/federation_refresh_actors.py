"""Fetch followed actors' profiles and keys again (run daily from cron or a scheduler)."""

from django.core.management.base import BaseCommand

from federation.following import refresh_actor, stale_followed_actors
from federation.models import Follow, RemoteActor


class Command(BaseCommand):
    help = "Refresh the profile and key of every followed actor not fetched recently."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="refresh every followed actor")

    def handle(self, all=False, **options):
        if all:
            ids = list(
                RemoteActor.objects.filter(follows__direction=Follow.OUTGOING)
                .values_list("pk", flat=True)
                .distinct()
            )
        else:
            ids = stale_followed_actors()
        for pk in ids:
            self.stdout.write(f"{pk}: {refresh_actor(pk)}")
        self.stdout.write(f"{len(ids)} actors refreshed")
