"""Account operations: one function per state change (built by the accounts work)."""
