"""Follow a remote actor from one of ours: `manage.py federation_follow @like@host --as like`."""

from django.core.management.base import BaseCommand, CommandError

from federation.actors import ensure_network_actor
from federation.following import follow_remote
from federation.models import Actor
from federation.remote import RemoteActorError


class Command(BaseCommand):
    help = "Look up @name@host (or an actor URL) by WebFinger and send it a Follow."

    def add_arguments(self, parser):
        parser.add_argument("handle")
        parser.add_argument("--as", dest="as_actor", default=None, help="local username")

    def handle(self, handle, as_actor=None, **options):
        if as_actor:
            local = Actor.objects.filter(username=as_actor).first()
            if local is None:
                raise CommandError(f"no local actor @{as_actor}")
        else:
            local = ensure_network_actor()
        try:
            follow = follow_remote(handle, local)
        except RemoteActorError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{follow.local_actor} follows {follow.remote_actor.uri}: {follow.state}")
