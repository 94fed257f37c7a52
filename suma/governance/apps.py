from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "suma.governance"
    label = "governance"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from suma.governance import actions, notifications, panels, tasks  # noqa: F401  (registries)
