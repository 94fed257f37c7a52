"""The enactment action `strike_launch`: a passed proposal launches a drafted strike.

Where the union's rules require it (GovernanceSettings.strikes_need_proposal), this is the
only way a strike starts collecting pledges.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suma.core.errors import SumaError
from suma.governance.actions import DECISION_KINDS, ActionType, register_action


def _strike(proposal):
    from suma.tactics.pledges.models import Pledge, PledgeKind

    raw = proposal.action_params.get("pledge")
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise SumaError(_("Name the strike to launch (its number)."), field="pledge") from None
    strike = Pledge.objects.filter(union_id=proposal.union_id, pk=pk,
                                   kind=PledgeKind.STRIKE).first()
    if strike is None:
        raise SumaError(_("There is no such strike in this union."), field="pledge")
    return strike


def _check(*, proposal, candidates=None) -> None:
    from suma.tactics.pledges.models import PledgeStatus

    if _strike(proposal).status != PledgeStatus.DRAFT:
        raise SumaError(_("That strike is already launched."), field="pledge")


def _run(*, proposal) -> dict:
    from suma.tactics.pledges.services import pledge_launch

    strike = pledge_launch(pledge=_strike(proposal), by=None, proposal=proposal)
    return {"pledge": strike.pk, "title": strike.title, "status": strike.status}


def form_fields(*, union) -> dict[str, forms.Field]:
    """The setting of this action on the proposal form: one of the union's drafted strikes."""
    from suma.tactics.pledges.models import Pledge, PledgeKind, PledgeStatus

    drafts = Pledge.objects.filter(union=union, kind=PledgeKind.STRIKE,
                                   status=PledgeStatus.DRAFT).order_by("title")
    return {"pledge": forms.ChoiceField(
        label=_("Strike to launch"), required=False,
        choices=[("", "—")] + [(str(p.pk), p.title) for p in drafts],
        help_text=_("A strike drafted on the pledges page; it starts collecting pledges when "
                    "the proposal passes."))}


def form_params(*, data: Mapping[str, Any]) -> dict:
    chosen = data.get("pledge")
    return {"pledge": int(chosen) if chosen else None}


register_action(ActionType(
    key="strike_launch", label=_("Launch a strike (a drafted strike pledge starts collecting)"),
    kinds=DECISION_KINDS, check=_check, run=_run, params=("pledge",), form_fields=form_fields,
    form_params=form_params))
