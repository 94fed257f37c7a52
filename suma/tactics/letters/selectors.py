"""Every read the letter pages and the API need: campaigns, matching, letters, counts."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Representative
from suma.campaigns.selectors import representatives_for
from suma.core.errors import NotFound
from suma.core.i18n import interpolate_lazy
from suma.members.models import Union
from suma.tactics.letters.models import (
    Constituent,
    Letter,
    LetterCampaign,
    LetterCampaignStatus,
    LetterStatus,
    ReplyAnswer,
    SendMethod,
)
from suma.tactics.petitions.countries import country_name


def letter_campaign_list(*, union: Union, viewer=None) -> QuerySet[LetterCampaign]:
    """The union's open and closed letter campaigns, open first; drafts too for those who
    may change them."""
    qs = LetterCampaign.objects.filter(union=union).select_related("union", "campaign")
    public = ~Q(status=LetterCampaignStatus.DRAFT)
    if viewer is not None and viewer.is_authenticated:
        drafts = [c.pk for c in qs.filter(status=LetterCampaignStatus.DRAFT)
                  if viewer.has_perm("letters.change_letter_campaign", c)]
        public |= Q(pk__in=drafts)
    return qs.filter(public).annotate(
        sent_count=Count("letters", filter=Q(letters__status=LetterStatus.SENT))
    ).order_by("-status", "-opened_at", "-created_at", "-pk")  # open, drafts, closed


def letter_campaign_get(*, union: Union, pk: int) -> LetterCampaign:
    found = (LetterCampaign.objects.select_related("union", "campaign")
             .filter(union=union, pk=pk).first())
    if found is None:
        raise NotFound(_("No such letter campaign."))
    return found


def constituent_of(*, user) -> Constituent | None:
    if user is None or not user.is_authenticated:
        return None
    return Constituent.objects.filter(user=user).first()


# -- Matching -------------------------------------------------------------------------------

def _in_scope(letter_campaign: LetterCampaign, qs: QuerySet[Representative]
              ) -> QuerySet[Representative]:
    if letter_campaign.body:
        qs = qs.filter(body__iexact=letter_campaign.body)
    return qs


def representatives_matching(*, letter_campaign: LetterCampaign,
                             constituent: Constituent | None) -> list[Representative]:
    """The member's representatives in this letter campaign: those of their region (matched
    by the directory's selector, in any case and with or without accents) and those elected
    nationally, in the campaign's country and body."""
    if constituent is None:
        return []
    if letter_campaign.country and letter_campaign.country != constituent.country:
        return []
    found = list(_in_scope(letter_campaign, representatives_for(
        country=constituent.country, region=constituent.region)))
    if constituent.region:
        found += list(_in_scope(letter_campaign, representatives_for(
            country=constituent.country, region="")))
    return found


def no_match_reason(*, letter_campaign: LetterCampaign,
                    constituent: Constituent | None) -> Promise:
    """Why a member has no representative to write to, and what to do about it."""
    if constituent is None:
        return _("Tell us where you live: your representatives are found by your country and "
                 "region.")
    where = letter_campaign.body or country_name(letter_campaign.country or constituent.country)
    if letter_campaign.country and letter_campaign.country != constituent.country:
        return interpolate_lazy(
            _("This letter campaign writes to representatives in %(campaign)s; you live in "
              "%(yours)s. If you moved, change your details."),
            {"campaign": country_name(letter_campaign.country),
             "yours": country_name(constituent.country)})
    known = _in_scope(letter_campaign, Representative.objects.filter(
        country=constituent.country))
    if not known.exists():
        return interpolate_lazy(
            _("The union has not imported the representatives of %(where)s yet: ask an "
              "organiser to add them to the directory."), {"where": where})
    return _region_message(where, constituent.region, known)


def _region_message(where: str, region: str, known: QuerySet[Representative]) -> Promise:
    regions = sorted(set(known.exclude(region="").order_by("region")
                         .values_list("region", flat=True).distinct()[:200]),
                     key=str.casefold)[:8]
    return interpolate_lazy(
        _("No representative of %(where)s for the region “%(region)s”. Check its spelling "
          "as the directory writes it, for example: %(examples)s."),
        {"where": where, "region": region or "—", "examples": ", ".join(regions) or "—"})


def region_unmatched(*, letter_campaign: LetterCampaign, constituent: Constituent | None,
                     matched: list[Representative]) -> Promise | str:
    """When a member's region found nobody but they have national representatives: the
    region may be misspelt, and they should hear it."""
    if constituent is None or not constituent.region or not matched \
            or any(r.region for r in matched):
        return ""
    known = _in_scope(letter_campaign, Representative.objects.filter(
        country=constituent.country)).exclude(region="")
    if not known.exists():
        return ""
    return _region_message(letter_campaign.body or country_name(constituent.country),
                           constituent.region, known)


# -- Letters ----------------------------------------------------------------------------------

def letter_of(*, letter_campaign: LetterCampaign, user, representative) -> Letter | None:
    if user is None or not user.is_authenticated:
        return None
    return Letter.objects.filter(letter_campaign=letter_campaign, user=user,
                                 representative=representative).first()


def letters_of(*, letter_campaign: LetterCampaign, user) -> list[Letter]:
    """The member's letters in the campaign, the drafts first, with their replies."""
    if user is None or not user.is_authenticated:
        return []
    return list(Letter.objects.filter(letter_campaign=letter_campaign, user=user)
                .prefetch_related("replies").order_by("status", "-sent_at", "to_name", "pk"))


def my_letter_get(*, letter_campaign: LetterCampaign, user, pk: int) -> Letter:
    """One of the member's own sent letters; nobody else's exists for them."""
    found = (Letter.objects.filter(letter_campaign=letter_campaign, pk=pk,
                                   status=LetterStatus.SENT)
             .select_related("representative").first())
    if found is None or user is None or found.user_id != user.pk:
        raise NotFound(_("No such letter."))
    return found


def representative_get(*, pk: int) -> Representative:
    found = Representative.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such representative."))
    return found


# -- Counts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RepresentativeCount:
    representative_id: int | None
    name: str
    office: str
    body: str
    sent: int
    replied: int


def counts_per_representative(*, letter_campaign: LetterCampaign) -> list[RepresentativeCount]:
    """Letters sent and replies (recorded, or "yes" to the questionnaire), per representative,
    most letters first."""
    rows = (Letter.objects.filter(letter_campaign=letter_campaign, status=LetterStatus.SENT)
            .values("representative_id", "to_name", "to_office", "to_body").order_by()
            .annotate(sent=Count("pk"), replied=Count("pk", filter=Q(answer=ReplyAnswer.YES))))
    found = [RepresentativeCount(representative_id=r["representative_id"], name=r["to_name"],
                                 office=r["to_office"], body=r["to_body"], sent=r["sent"],
                                 replied=r["replied"]) for r in rows]
    return sorted(found, key=lambda c: (-c.sent, c.name.casefold()))


def letter_totals(*, letter_campaign: LetterCampaign) -> dict[str, int]:
    """Letters sent (by email, by post), representatives written to, and the answers to
    "did they reply?" (yes counts recorded replies too)."""
    sent = Q(status=LetterStatus.SENT)
    totals = Letter.objects.filter(letter_campaign=letter_campaign).aggregate(
        sent=Count("pk", filter=sent),
        by_email=Count("pk", filter=sent & Q(method=SendMethod.EMAIL)),
        by_post=Count("pk", filter=sent & Q(method=SendMethod.POST)),
        representatives=Count("to_name", filter=sent, distinct=True),
        replied=Count("pk", filter=sent & Q(answer=ReplyAnswer.YES)),
        no_reply=Count("pk", filter=sent & Q(answer=ReplyAnswer.NO)),
        not_yet=Count("pk", filter=sent & Q(answer=ReplyAnswer.NOT_YET)),
        asked=Count("pk", filter=sent & Q(asked_at__isnull=False)))
    return {key: value or 0 for key, value in totals.items()}


def daily_series(*, letter_campaign: LetterCampaign) -> tuple[tuple[date, int], ...]:
    """Letters sent, cumulative, per day."""
    rows = (Letter.objects.filter(letter_campaign=letter_campaign, status=LetterStatus.SENT)
            .annotate(day=TruncDate("sent_at")).values("day").order_by("day")
            .annotate(n=Count("pk")))
    total, series = 0, []
    for row in rows:
        total += row["n"]
        series.append((row["day"], total))
    return tuple(series)


def letter_uses(*, campaign) -> list:
    """The campaign's open and closed letter campaigns in the repertoire dashboard."""
    from suma.campaigns.repertoire import TacticUse

    uses = []
    for found in (LetterCampaign.objects.filter(campaign=campaign)
                  .exclude(status=LetterCampaignStatus.DRAFT).select_related("union")
                  .order_by("opened_at", "pk")):
        totals = letter_totals(letter_campaign=found)
        uses.append(TacticUse(
            tactic="letters", title=found.title, url=found.get_absolute_url(),
            status=str(found.get_status_display()), started_at=found.opened_at,
            ended_at=found.closed_at,
            figures={"letters": totals["sent"], "replies": totals["replied"],
                     "representatives": totals["representatives"]},
            labels={"letters": _("Letters sent"), "replies": _("Replies"),
                    "representatives": _("Representatives written to")},
            series=daily_series(letter_campaign=found)))
    return uses
