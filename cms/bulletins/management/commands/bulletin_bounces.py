"""Read a bounce mailbox (mbox file or maildir) and stop sending to the addresses it reports."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.bulletins.bounces import read_mailbox


class Command(BaseCommand):
    help = (
        "Read bounces (RFC 3464) and spam complaints (ARF) from an mbox file or a maildir and "
        "mark those addresses so that no bulletin is sent to them again. Run it from cron on "
        "the mailbox of the bulletin's return address."
    )

    def add_arguments(self, parser):
        parser.add_argument("mailbox", help="path of an mbox file or a maildir directory")

    def handle(self, *args, **options):
        path = Path(options["mailbox"])
        if not path.exists():
            raise CommandError(f"no mailbox at {path}")
        counts = read_mailbox(path)
        self.stdout.write(
            f"{counts['messages']} messages: {counts['hard']} bounced, "
            f"{counts['complaint']} complaints, {counts['soft']} soft bounces (ignored)."
        )
