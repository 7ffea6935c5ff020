"""Organisations, memberships, personnel and the SE registry."""
