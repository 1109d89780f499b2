"""Create the site's own actor (FEDERATION_NETWORK_ACTOR) if it does not exist yet."""

from django.core.management.base import BaseCommand

from federation.actors import ensure_network_actor


class Command(BaseCommand):
    help = "Create the network's actor with its keys (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--name", default=None)

    def handle(self, name=None, **options):
        actor = ensure_network_actor(name=name)
        self.stdout.write(f"{actor} {actor.uri}")
