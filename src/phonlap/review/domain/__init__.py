"""Writes of the review: sessions (``sessions``) and stage results (``results``)."""
