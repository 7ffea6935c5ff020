"""Proposal URLs (app namespace ``proposals``): the list and export (list_urls) and the
drafting, submission, revision and printing pages (draft_urls)."""

from .draft_urls import urlpatterns as draft_patterns
from .list_urls import urlpatterns as list_patterns

app_name = "proposals"

urlpatterns = list_patterns + draft_patterns
