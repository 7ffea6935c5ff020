"""proposals: built by its own issue."""
