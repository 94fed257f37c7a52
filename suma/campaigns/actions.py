"""The enactment a campaign offers to decisions: a passed proposal adopts demands.

Params: {"campaign": <campaign id>, "demands": [<demand id>, ...]}; the campaign must be the
proposal's union's, and the demands its own. Checked when the proposal is drafted; run once
when it passes: each demand becomes adopted, with a DemandEvent that links the proposal.
"""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Campaign, Demand, DemandStatus
from suma.core.errors import SumaError
from suma.core.i18n import interpolate_lazy
from suma.governance.actions import DECISION_KINDS, ActionType, register_action

MAX_DEMANDS = 100


def _ids(value) -> list[int]:
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if not isinstance(value, list | tuple):
        raise SumaError(_("Choose the demands to adopt."), field="demands")
    try:
        ids = [int(v) for v in value]
    except (TypeError, ValueError):
        raise SumaError(_("Choose the demands to adopt."), field="demands") from None
    return list(dict.fromkeys(ids))


def adoption_targets(*, union, params: Mapping[str, Any]) -> tuple[Campaign, list[Demand]]:
    """The campaign and demands a proposal's params name, checked."""
    try:
        campaign_id = int(params.get("campaign"))
    except (TypeError, ValueError):
        raise SumaError(_("Choose the campaign whose demands are adopted."),
                        field="campaign") from None
    campaign = Campaign.objects.filter(pk=campaign_id, union=union).first()
    if campaign is None:
        raise SumaError(_("That campaign is not one of this union's."), field="campaign")
    ids = _ids(params.get("demands"))
    if not ids:
        raise SumaError(_("Choose the demands to adopt."), field="demands")
    if len(ids) > MAX_DEMANDS:
        raise SumaError(interpolate_lazy(_("At most %(n)s demands at once."),
                                         {"n": MAX_DEMANDS}), field="demands")
    demands = list(Demand.objects.filter(pk__in=ids, section__campaign=campaign)
                   .select_related("section"))
    if len(demands) != len(ids):
        raise SumaError(_("Every demand must belong to the campaign."), field="demands")
    return campaign, demands


def _check(*, proposal, candidates=None) -> None:
    adoption_targets(union=proposal.union, params=proposal.action_params)


def _run(*, proposal) -> dict:
    from suma.campaigns.models import EventKind
    from suma.campaigns.services import demand_status_set, timeline_event_add

    campaign, demands = adoption_targets(union=proposal.union, params=proposal.action_params)
    adopted = []
    for demand in demands:
        if demand.status == DemandStatus.ADOPTED:
            continue
        demand_status_set(demand=demand, by=None, status=DemandStatus.ADOPTED,
                          on=timezone.localdate(),
                          note=str(interpolate_lazy(_("Adopted by the vote on “%(title)s”."),
                                                    {"title": proposal.title})),
                          proposal=proposal)
        adopted.append(demand.code)
    timeline_event_add(campaign=campaign, kind=EventKind.MILESTONE,
                       title=interpolate_lazy(_("The union adopted demands %(codes)s"),
                                              {"codes": ", ".join(adopted) or "—"}),
                       body=proposal.title)
    return {"campaign": campaign.slug, "adopted": adopted}


def form_fields(*, union) -> dict[str, forms.Field]:
    """The settings of this action on the proposal form: the demands, grouped by campaign."""
    choices = []
    campaigns = Campaign.objects.filter(union=union).prefetch_related("sections__demands")
    for campaign in campaigns:
        demands = [(str(d.pk), f"{d.code}. {d.text[:90]}")
                   for s in campaign.sections.all() for d in s.demands.all()]
        if demands:
            choices.append((campaign.title, demands))
    return {"demands": forms.MultipleChoiceField(
        label=_("Demands to adopt"), required=False, choices=choices,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("All of one campaign. Hold Ctrl (or ⌘) to choose several."))}


def form_params(*, data: Mapping[str, Any]) -> dict:
    """The action's params from the proposal form's cleaned data."""
    ids = [int(i) for i in data.get("demands") or []]
    campaign = Demand.objects.filter(pk__in=ids[:1]).values_list(
        "section__campaign_id", flat=True).first()
    return {"campaign": campaign, "demands": ids}


register_action(ActionType(
    key="demands_adopt", label=_("Adopt demands of a campaign"), kinds=DECISION_KINDS,
    check=_check, run=_run, params=("campaign", "demands"), form_fields=form_fields,
    form_params=form_params))
