from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from phonlap.core.notifications import send_email_after_commit


class AccountAdapter(DefaultAccountAdapter):
    """Phonlap's hooks into django-allauth."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Verification links, password resets and the like go the way all our mail goes:
        rendered now (in the user's language), sent after commit through the job queue, retried
        while the mail server is down (spec 07 "Reliability")."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        body, html = message.body, ""
        if message.content_subtype == "html":  # an HTML-only template
            body, html = "", message.body
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send_email_after_commit(to=list(message.to), subject=message.subject, body=body, html=html)
