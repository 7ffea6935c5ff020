from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "phonlap.monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from . import rules  # noqa: F401  (registers the object permissions)
