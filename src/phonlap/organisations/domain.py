"""Organisation operations: one function per state change."""
