"""outcomes: built by its own issue."""
