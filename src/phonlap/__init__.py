"""Phonlap (ผลลัพธ์): an open-source platform for Thai public and social-impact funds."""

from .celery import app as celery_app

__all__ = ["celery_app"]
