"""Account operations, one function per state change.

profile.py: sign-up, consent, profile. users.py: staff user management, committee accounts,
account status, PDPA export, the deletion lifecycle.
"""
