"""review: built by its own issue."""
