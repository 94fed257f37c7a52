from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "suma.rights"
    label = "rights"
    verbose_name = _("Data-rights requests")

    def ready(self) -> None:
        from suma.campaigns.repertoire import register_tactic

        # Registries: background jobs, notification categories, permission rules.
        from suma.rights import (  # noqa: F401
            batch,
            escalation_notifications,
            escalation_rules,
            notifications,
            rules,
            sweep,
            tasks,
        )
        from suma.rights.selectors import drive_uses

        register_tactic("drive", _("Data-rights request drives"), drive_uses)
