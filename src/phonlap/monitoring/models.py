"""monitoring: built by its own issue."""
