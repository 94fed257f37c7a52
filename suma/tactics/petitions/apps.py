from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "suma.tactics.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from suma.campaigns.repertoire import register_tactic
        from suma.tactics.petitions import rules, tasks  # noqa: F401  (registries)
        from suma.tactics.petitions.repertoire import petition_uses

        register_tactic("petition", _("Petition"), petition_uses)
