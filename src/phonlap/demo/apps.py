from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make demo` (top layer: it uses every app's domain functions)."""

    name = "phonlap.demo"
    verbose_name = "Demo"
