"""Background jobs of the ground floor: sending e-mail."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

# A mail server that is down delays mail but loses none (spec 07): any OSError (smtplib's
# errors and refused connections are OSErrors) retries with exponential back-off, capped at an
# hour between attempts, for about two days. acks_late + reject_on_worker_lost put the message
# back on the queue if a worker dies mid-send. Without a broker (eager mode) retries run at once.
MAIL_MAX_RETRIES = 50


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=MAIL_MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_email(self, *, to, subject, body, html=""):
    """Send one message (plain text, optionally with an HTML alternative) to ``to``."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
