"""An e-mail backend that always fails, to prove that nothing submitted is lost."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise OSError("SMTP down")
