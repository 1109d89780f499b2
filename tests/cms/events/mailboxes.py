"""A mail backend that refuses some addresses, as an SMTP server does for a mailbox that is
full or gone: Django's locmem outbox for the others."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

#: Addresses the "server" refuses; tests add and remove theirs.
REFUSED: set[str] = set()


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = {
                a: (550, b"mailbox unavailable") for a in message.recipients() if a in REFUSED
            }
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)
