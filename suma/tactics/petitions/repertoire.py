"""Petitions in the repertoire dashboard: each petition of a campaign, with its figures."""

from django.utils.translation import gettext_lazy as _

from suma.campaigns.repertoire import TacticUse
from suma.tactics.petitions.models import Petition, PetitionStatus


def petition_uses(*, campaign) -> list[TacticUse]:
    """The campaign's public petitions: signatures, the goal (the last milestone), a
    cumulative daily series; succeeded once the last milestone is reached, failed when it
    closed short of it."""
    from suma.tactics.petitions.selectors import daily_series, petition_summary

    uses = []
    for petition in Petition.objects.filter(campaign=campaign).exclude(
            status=PetitionStatus.DRAFT).select_related("union").order_by("opens_at", "pk"):
        summary = petition_summary(petition=petition)
        milestones = summary["milestones"]
        figures: dict[str, int | float] = {"signatures": summary["total"]}
        if summary["goal"] is not None:
            figures["goal"] = summary["goal"]
        succeeded = None
        if milestones:
            if milestones[-1].reached_at is not None:
                succeeded = True
            elif petition.status != PetitionStatus.OPEN:
                succeeded = False
        uses.append(TacticUse(
            tactic="petition", title=petition.title, url=petition.get_absolute_url(),
            status=str(petition.get_status_display()), started_at=petition.opens_at,
            ended_at=petition.closed_at, figures=figures,
            labels={"signatures": _("Signatures"), "goal": _("Goal")},
            succeeded=succeeded, series=daily_series(petition=petition)))
    return uses
