from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "suma.tactics.letters"
    label = "letters"
    verbose_name = _("Letters to representatives")

    def ready(self) -> None:
        from suma.campaigns.repertoire import register_tactic
        from suma.tactics.letters import rules, tasks  # noqa: F401  (registries)
        from suma.tactics.letters.selectors import letter_uses

        register_tactic("letters", _("Letters to representatives"), letter_uses)
