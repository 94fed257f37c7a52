from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "suma.tactics.pledges"
    label = "pledges"
    verbose_name = _("Pledges and strikes")

    def ready(self) -> None:
        from suma.campaigns.repertoire import register_tactic
        from suma.tactics.pledges import actions, tasks  # noqa: F401  (registries)
        from suma.tactics.pledges.selectors import pledge_uses, strike_uses

        register_tactic("pledge", _("Conditional pledges"), pledge_uses)
        register_tactic("strike", _("Strikes"), strike_uses)
