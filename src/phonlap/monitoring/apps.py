from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "phonlap.monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from . import dashboard, rules  # noqa: F401  (rules registers the object permissions)

        # A change to any figure, plan or report forgets the cached dashboards.
        dashboard.connect_signals()
