from django.core.management.base import BaseCommand

from phonlap.accounts.domain import users


class Command(BaseCommand):
    help = "Remove the personal data of accounts deleted more than 30 days ago (PDPA retention)."

    def handle(self, *args, **options):
        count = users.purge_deleted_accounts()
        self.stdout.write(f"Purged {count} account(s).")
