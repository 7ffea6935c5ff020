from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "phonlap.review"
    verbose_name = _("Review")

    def ready(self):
        from phonlap.proposals import review_hooks

        from .queries import list_badges

        review_hooks.register_stage_badges(list_badges)
