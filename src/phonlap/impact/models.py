"""impact: built by its own issue."""
