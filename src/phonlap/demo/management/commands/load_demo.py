"""``manage.py load_demo``: the demo accounts, organisations and open calls (``make demo``)."""

from django.core.management.base import BaseCommand, CommandError

from phonlap.demo.loader import DemoRefused, load_demo

SITE = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Load demo data (demo mode only). Safe to run again: it creates only what is missing."

    def handle(self, *args, **options):
        try:
            result = load_demo()
        except DemoRefused as refused:
            raise CommandError(str(refused)) from refused
        created = ", ".join(f"{n} {what}" for what, n in sorted(result.created.items()))
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready ({'created ' + created if created else 'nothing new: already loaded'})."
        ))
        rows = [("E-MAIL", "PASSWORD", "ROLE")] + [(a.email, a.password, a.role) for a in result.accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        self.stdout.write("")
        for email, password, role in rows:
            self.stdout.write(f"  {email:<{widths[0]}}  {password:<{widths[1]}}  {role}")
        self.stdout.write("")
        self.stdout.write(f"Open {SITE}/ and sign in with one of the accounts above.")
        self.stdout.write(f"Mail the demo sends (verification links, notices): {SITE}/demo/mailbox/")
