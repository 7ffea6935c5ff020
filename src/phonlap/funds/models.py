"""Funds, calls, and the pipeline and rubric definitions (data)."""
