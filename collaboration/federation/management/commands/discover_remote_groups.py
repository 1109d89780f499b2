"""Read again which working groups the networks this site follows offer (from cron, daily)."""

from django.core.management.base import BaseCommand

from federation.queueing import DEFAULT, lane

from ...discovery import collection_url, discover_groups, followed_by_site


class Command(BaseCommand):
    help = "Refresh the groups of the networks this site follows, as the join page lists them."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue one task per network.")

    def handle(self, *args, queue=False, **options):
        # One followed actor per list of groups: a site's actors all link the same one.
        chosen = {}
        for follow in followed_by_site().select_related("remote_actor").order_by("pk"):
            url = collection_url(follow.remote_actor)
            if url is not None:
                chosen.setdefault(url, follow.remote_actor_id)
        kept = 0
        for remote_actor_id in chosen.values():
            if queue:
                lane(discover_groups, DEFAULT).enqueue(remote_actor_id)
            else:
                kept += discover_groups.call(remote_actor_id)
        if queue:
            self.stdout.write(f"{len(chosen)} network(s) queued")
        else:
            self.stdout.write(f"{len(chosen)} network(s) read: {kept} group(s) known")
