"""Catch up with every group of another site that people here joined (after a restart, and
periodically from cron): read each group's log from the last activity applied here."""

from django.core.management.base import BaseCommand

from federation import fetch

from ...models import RemoteGroup
from ...sync import catch_up, sync_remote_group


class Command(BaseCommand):
    help = "Apply what the groups of other sites announced while this site was not listening."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue one task per group (realtime lane) instead of syncing now.",
        )

    def handle(self, *args, queue=False, **options):
        applied = failed = 0
        groups = list(RemoteGroup.objects.values_list("pk", flat=True))
        for pk in groups:
            if queue:
                from federation.queueing import REALTIME, lane

                lane(sync_remote_group, REALTIME).enqueue(pk)
                continue
            try:
                applied += catch_up(pk)
            except fetch.FetchError as exc:
                failed += 1
                self.stderr.write(f"group {pk}: {exc}")
        if queue:
            self.stdout.write(f"{len(groups)} group(s) queued for catching up")
        else:
            self.stdout.write(
                f"{len(groups)} group(s) of other sites: {applied} activities applied, "
                f"{failed} could not be reached"
            )
