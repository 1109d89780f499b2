"""Delete contact messages and declined applications older than the retention period (daily)."""

from django.core.management.base import BaseCommand

from cms.privacy import apply_retention


class Command(BaseCommand):
    help = (
        "Delete contact messages and declined membership applications older than the retention "
        "period set in Settings → Privacy (default 24 months). Accepted applications are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted, delete nothing."
        )

    def handle(self, *args, **options):
        result = apply_retention(dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            f"{verb} {result['contact_messages']} contact message(s) and "
            f"{result['declined_applications']} declined application(s) older than "
            f"{result['months']} months (before {result['cutoff']:%Y-%m-%d})."
        )
