from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Phonlap's hooks into django-allauth (sign-up consent, e-mail after commit)."""
