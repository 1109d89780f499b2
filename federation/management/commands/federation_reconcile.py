"""Queue the federation work the queue lost (run from cron): see federation/reconcile.py."""

from django.core.management.base import BaseCommand, CommandError

from federation.reconcile import reconcile


class Command(BaseCommand):
    help = (
        "Queue the publication of live pages whose federated object is missing or older than "
        "their last publication, and the retraction of objects whose pages are gone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=float,
            default=None,
            help="leave alone pages published less than this many seconds ago "
            "(default: FEDERATION_RECONCILE_GRACE_SECONDS)",
        )

    def handle(self, *, grace, **options):
        if grace is not None and grace < 0:
            raise CommandError("--grace must be zero or more seconds")
        counts = reconcile(grace=grace)
        total = sum(counts.values())
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
        self.stdout.write(f"{total} tasks queued" + (f" ({detail})" if detail else ""))
