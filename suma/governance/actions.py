"""Enactment: what a passed proposal does. Action types live in a registry other apps add to.

An action type checks its settings when the proposal is drafted (so a vote is never held on
something that cannot be done) and runs, once, in the transaction that closes the vote. What
it did, or why it could not, goes into the proposal and the audit chain.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suma.core.audit import audit_append
from suma.core.errors import SumaError
from suma.governance.models import AdoptedText, Kind, Phase, Proposal


@dataclass(frozen=True)
class ActionType:
    key: str
    label: Promise
    kinds: tuple[str, ...]  # the ballots that can decide it
    check: Callable[..., None]  # (proposal=, candidates=) -> None, raises SumaError
    run: Callable[..., dict]  # (proposal=) -> what it did, JSON-serialisable
    params: tuple[str, ...] = field(default=())  # the settings it takes, for forms and the API
    # Optional, for an action another app registers: the proposal form's fields for its
    # settings, (union=) -> {name: forms.Field}, and how to read them, (data=) -> params.
    form_fields: Callable[..., dict] | None = None
    form_params: Callable[..., dict] | None = None


ACTIONS: dict[str, ActionType] = {}
DECISION_KINDS = (Kind.YES_NO, Kind.CONSENSUS)


def register_action(action: ActionType) -> ActionType:
    ACTIONS[action.key] = action
    return action


def action_check(*, proposal: Proposal, candidates=None) -> None:
    if not proposal.action_kind:
        return
    action = ACTIONS.get(proposal.action_kind)
    if action is None:
        raise SumaError(_("Unknown action."), field="action_kind")
    if proposal.kind not in action.kinds:
        raise SumaError(_("This action needs another kind of ballot."), field="action_kind")
    action.check(proposal=proposal, candidates=candidates)


def proposal_enact(*, proposal: Proposal, now: datetime | None = None) -> Proposal:
    """Run the passed proposal's action, once; record what it did or why it failed."""
    action = ACTIONS[proposal.action_kind]
    try:
        with transaction.atomic():
            outcome = {"ok": True, **action.run(proposal=proposal)}
    except SumaError as error:
        outcome = {"ok": False, "error": str(error.message)}
    proposal.action_outcome = outcome
    if outcome["ok"]:
        proposal.phase, proposal.enacted_at = Phase.ENACTED, now or timezone.now()
    proposal.save(update_fields=["action_outcome", "phase", "enacted_at", "updated_at"])
    audit_append(action="proposal.enacted" if outcome["ok"] else "proposal.enactment_failed",
                 actor=None, obj=proposal, data={"action": action.key, **outcome})
    return proposal


# -- Change a union setting ----------------------------------------------------------------

def _setting_check(*, proposal: Proposal, candidates=None) -> None:
    from suma.governance.services import setting_value

    params: Mapping[str, Any] = proposal.action_params
    setting_value(name=params.get("setting", ""), value=params.get("value"), field="value")


def _setting_run(*, proposal: Proposal) -> dict:
    from suma.governance.services import settings_update

    name, value = proposal.action_params["setting"], proposal.action_params["value"]
    settings_update(union=proposal.union, by=None, values={name: value}, proposal=proposal)
    return {"setting": name, "value": value}


register_action(ActionType(
    key="setting_change", label=_("Change one of the union's decision rules"),
    kinds=DECISION_KINDS, check=_setting_check, run=_setting_run, params=("setting", "value")))


# -- Adopt a text --------------------------------------------------------------------------

def _text_check(*, proposal: Proposal, candidates=None) -> None:
    if not proposal.body.strip():
        raise SumaError(_("A text to adopt cannot be empty."), field="body")


def _text_run(*, proposal: Proposal) -> dict:
    text = AdoptedText.objects.create(union=proposal.union, proposal=proposal,
                                      title=proposal.title, body=proposal.body)
    return {"adopted_text": text.pk, "title": text.title}


register_action(ActionType(
    key="text_adopt", label=_("Adopt the proposal's text as the union's position"),
    kinds=DECISION_KINDS, check=_text_check, run=_text_run))


# -- Elect stewards ------------------------------------------------------------------------

def _stewards_check(*, proposal: Proposal, candidates=None) -> None:
    if not candidates:
        raise SumaError(_("An election of stewards needs candidates who are members."),
                        field="candidates")


def _stewards_run(*, proposal: Proposal) -> dict:
    from suma.members.services import steward_appoint

    winners = set(proposal.result["tally"]["winners"])
    elected = []
    for option in proposal.options.select_related("candidate__user"):
        if option.label in winners and option.candidate is not None:
            steward_appoint(membership=option.candidate, by=None)
            elected.append(option.label)
    if not elected:
        raise SumaError(_("Nobody was elected."))
    return {"elected": elected}


register_action(ActionType(
    key="stewards_elect", label=_("Elect stewards (the winners become stewards)"),
    kinds=(Kind.STV,), check=_stewards_check, run=_stewards_run))
