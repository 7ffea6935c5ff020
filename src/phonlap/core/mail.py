"""The demo e-mail backend: keeps each message for the demo mailbox page and prints it."""

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class DemoMailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .models import DemoEmail

        for message in email_messages:
            DemoEmail.objects.create(
                to=", ".join(message.to), subject=message.subject, body=message.body
            )
        ConsoleBackend(fail_silently=self.fail_silently).send_messages(email_messages)
        return len(email_messages)
