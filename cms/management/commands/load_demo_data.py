"""Build the demo network (LIKE) in every configured language; running it twice changes nothing."""

from django.core.management.base import BaseCommand

from cms.demo import load_demo_data


class Command(BaseCommand):
    help = "Load the demo content of the LIKE network in every configured language (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--languages",
            help="Comma-separated language codes to translate into (default: all configured).",
        )

    def handle(self, *args, **options):
        languages = [c.strip() for c in (options["languages"] or "").split(",") if c.strip()]
        summary = load_demo_data(stdout=self.stdout, languages=languages or None)
        self.stdout.write(self.style.SUCCESS(summary))
