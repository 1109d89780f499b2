"""Reading bounces and complaints from a mailbox (mbox file or maildir directory): delivery
status notifications (RFC 3464) and abuse reports (ARF, RFC 5965), each turned into a call of
`record_bounce(email, kind)` (cms/bulletins/subscriptions.py), the one hook for all sources.

With a provider through django-anymail, connect its `tracking` signal to the same function:
    @receiver(anymail.signals.tracking)
    def on_event(sender, event, esp_name, **kwargs):
        if event.event_type in ("bounced", "complained"):
            record_bounce(event.recipient, "complaint" if event.event_type == "complained" else "hard")
"""

import mailbox
from email.utils import parseaddr
from pathlib import Path

from .subscriptions import record_bounce


def _address(value):
    """The address of a DSN field ("rfc822; someone@example.org") or a header."""
    value = str(value or "")
    if ";" in value:
        value = value.split(";", 1)[1]
    return parseaddr(value.strip())[1]


def events(message):
    """(email, kind) pairs that one mailbox message reports."""
    found = []
    if message.get_content_type() != "multipart/report":
        return found
    report = message.get_param("report-type", "").lower()
    for part in message.walk():
        kind = part.get_content_type()
        if report == "delivery-status" and kind == "message/delivery-status":
            for block in part.get_payload():
                action = str(block.get("Action", "")).strip().lower()
                email = _address(block.get("Final-Recipient") or block.get("Original-Recipient"))
                status = str(block.get("Status", "")).strip()
                if email and action == "failed":
                    found.append((email, "hard" if status.startswith("5") else "soft"))
                elif email and action == "delayed":
                    found.append((email, "soft"))
        elif report == "feedback-report" and kind == "message/feedback-report":
            fields = part.get_payload()[0] if part.is_multipart() else part
            email = _address(fields.get("Original-Rcpt-To"))
            if not email:
                for original in message.walk():
                    if original.get_content_type() == "message/rfc822":
                        email = _address(original.get_payload()[0].get("To"))
                        break
            if email:
                found.append((email, "complaint"))
    return found


def read_mailbox(path):
    """Record every bounce and complaint of the mailbox at `path`; return counts by kind."""
    path = Path(path)
    box = mailbox.Maildir(path, create=False) if path.is_dir() else mailbox.mbox(path, create=False)
    counts = {"hard": 0, "soft": 0, "complaint": 0, "messages": 0}
    try:
        for message in box:
            counts["messages"] += 1
            for email, kind in events(message):
                record_bounce(email, kind)
                counts[kind] += 1
    finally:
        box.close()
    return counts
