"""The REST endpoints of collective decisions: proposals, discussion, ballots, delegation.

Thin like the rest of the API (suma/api/api.py): each handler checks the same rules as the
pages (user.has_perm), calls a service or a selector, and shapes the answer. Mounted under
/api/v1/unions by suma/api/api.py.
"""

from datetime import UTC, datetime
from fractions import Fraction
from typing import Annotated, Any, Literal

from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AwareDatetime

from suma.api import schemas as s
from suma.api.api import ERRORS, Pages, _forbid_unless, _Rows, _union
from suma.api.auth import member_auth
from suma.core import rows
from suma.core.errors import Conflict, NotFound, SumaError
from suma.governance import selectors, services
from suma.governance.models import Comment, Kind, OpenWho, Phase, Proposal, Who
from suma.governance.sealing import ballot_hash
from suma.members import selectors as member_selectors
from suma.members.models import Membership, Union

MAX_OPTIONS = services.MAX_OPTIONS
# Deadlines carry a time zone. The latest one allowed (see _deadlines) keeps date arithmetic
# (a deadline plus some days) within what Python and both databases hold.
Deadline = AwareDatetime
LATEST = datetime(2999, 12, 31, tzinfo=UTC)
OptionNumber = Annotated[int, Field(ge=1, le=s.MAX_ID)]
Text = Annotated[str, Field(max_length=1000, pattern=s.NO_NUL)]


# -- Shapes --------------------------------------------------------------------------------

class ProposalIn(s.Input):
    title: str = Field(..., min_length=1, max_length=200, pattern=s.NO_NUL)
    body: str = Field("", max_length=20000, pattern=s.NO_NUL, description="Markdown")
    chapter: s.Slug | None = Field(None, description="The chapter the proposal is made in "
                                                     "(its slug); left out for the whole union")
    kind: Kind = Kind.YES_NO
    options: list[Annotated[str, Field(max_length=200, pattern=s.NO_NUL)]] = Field(
        [], max_length=MAX_OPTIONS, description="The options, in ballot order (numbered from 1)")
    candidates: list[s.Id] = Field([], max_length=MAX_OPTIONS,
                                   description="An election of stewards (STV): the candidates' "
                                               "membership ids, which become the options")
    secret: bool = True
    threshold: str = Field("1/2", pattern=r"^[1-9][0-9]{0,2}/[1-9][0-9]{0,2}$",
                           description="Passing share of yes among yes and no, e.g. 2/3")
    quorum_percent: int | None = Field(None, ge=0, le=100,
                                       description="Left out: the union's default")
    seats: int = Field(1, ge=1, le=MAX_OPTIONS, description="Seats to fill (STV)")
    max_score: int = Field(5, ge=1, le=100, description="The highest score (score ballots)")
    action_kind: str = Field("", max_length=50, pattern=s.NO_NUL,
                             description="What the proposal does once passed: "
                                         "setting_change, text_adopt, stewards_elect, "
                                         "demands_adopt")
    action_params: dict[Annotated[str, Field(max_length=50, pattern=s.NO_NUL)],
                        Text | int | bool | Annotated[list[s.Id], Field(max_length=100)]
                        | None] = Field(
        {}, max_length=20, description='setting_change: {"setting": name, "value": value}; '
                                       'demands_adopt: {"campaign": id, "demands": [id, …]}')


class OptionOut(Schema):
    number: int
    label: str


class YourVoteOut(Schema):
    on_roll: bool = Field(description="On the voter roll taken when voting opened")
    voted: bool


class ProposalOut(Schema):
    id: int
    title: str
    scope: str | None = Field(description="The chapter's slug; null for the whole union")
    phase: str
    outcome: str
    kind: str
    secret: bool
    created_at: datetime
    discussion_closes_at: datetime | None
    voting_opens_at: datetime | None
    voting_closes_at: datetime | None
    closed_at: datetime | None


class ProposalDetailOut(ProposalOut):
    body: str = Field(description="Markdown")
    author: str = Field(description="The author's pseudonym, or name")
    threshold: str
    quorum_percent: int
    seats: int
    max_score: int
    eligible_count: int
    options: list[OptionOut]
    action_kind: str
    action_outcome: dict[str, Any] | None
    your_vote: YourVoteOut


class PublishIn(s.Input):
    discussion_closes_at: Deadline | None = Field(
        None, description="Left out: the union's discussion days from now")
    voting_opens_at: Deadline | None = Field(None, description="Left out: when discussion ends")
    voting_closes_at: Deadline | None = Field(None, description="Left out: the union's voting "
                                                                "days after it opens")


class OpenVoteIn(s.Input):
    voting_closes_at: Deadline | None = Field(None, description="Left out: as published")


class CommentIn(s.Input):
    body: str = Field(..., min_length=1, max_length=5000, pattern=s.NO_NUL)
    parent: s.Id | None = Field(None, description="The comment this one replies to")


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str
    body: str
    created_at: datetime


Vote = Literal["yes", "no", "abstain", "agree", "disagree", "block"]


class ChoiceIn(s.Input):
    """One key, by the proposal's kind; options are numbered from 1."""

    vote: Vote | None = Field(None, description="yes_no: yes, no, abstain; consensus: agree, "
                                                "abstain, disagree, block")
    option: OptionNumber | None = Field(None, description="plurality: the option chosen")
    options: list[OptionNumber] | None = Field(None, max_length=MAX_OPTIONS,
                                               description="approval: the options approved")
    scores: list[Annotated[int, Field(ge=0, le=100)]] | None = Field(
        None, max_length=MAX_OPTIONS, description="score: one score per option, in order")
    ranking: list[OptionNumber] | None = Field(None, max_length=MAX_OPTIONS,
                                               description="irv, schulze, stv: best first")


class BallotIn(s.Input):
    choice: ChoiceIn
    receipt: str = Field("", max_length=64, pattern=s.NO_NUL,
                         description="Secret ballot: to change your vote, your last receipt")


class ReceiptOut(Schema):
    receipt: str = Field(description="Shown once and never stored: keep it to check the "
                                     "bulletin or to change your vote")
    receipt_hash: str = Field(description="What the bulletin shows for this ballot")


class TurnoutOut(Schema):
    voted: int
    eligible: int
    percent: float


class ResultOut(Schema):
    outcome: str
    phase: str
    closed_at: datetime | None
    kind: str
    ballots: int
    direct: int = Field(description="Ballots cast by the voters themselves")
    eligible: int
    quorum_needed: int
    passes: bool
    counts: dict[str, int] | None = Field(description="yes_no and consensus")
    tally: dict[str, Any] | None = Field(description="Ballots with options: winners, "
                                                     "ranking, rounds, tie-break")
    delegation: dict[str, Any] | None


class ChoiceOut(Schema):
    vote: str | None = None
    option: int | None = None
    options: list[int] | None = None
    scores: list[int] | None = None
    ranking: list[int] | None = None


class BulletinRowOut(Schema):
    receipt_hash: str
    choice: str = Field(description="The canonical text counted: yes, 3, 1,4, 5,0,3, 2>1>3")
    decoded: ChoiceOut
    delegated: bool
    voter: str = Field(description="Open ballots: the voter's public name; secret: empty")


class MemberRefOut(Schema):
    id: int = Field(description="The membership's id")
    name: str


class DelegationIn(s.Input):
    delegate: s.Id = Field(description="Your delegate's membership id (as the member list "
                                       "gives it)")
    chapter: s.Slug | None = Field(None, description="A chapter's slug; left out: union-wide")


class DelegationOut(Schema):
    chapter: str | None
    delegate: MemberRefOut | None
    enabled: bool = Field(description="Whether the union lets members delegate")


class SettingsOut(Schema):
    who_may_propose: str
    who_may_open_vote: str
    delegation: bool
    quorum_percent: int
    discussion_days: int
    voting_days: int
    strikes_need_proposal: bool


class SettingsIn(s.Input):
    who_may_propose: Who | None = None
    who_may_open_vote: OpenWho | None = None
    delegation: bool | None = None
    quorum_percent: int | None = Field(None, ge=0, le=100)
    discussion_days: int | None = Field(None, ge=1, le=90)
    voting_days: int | None = Field(None, ge=1, le=90)
    strikes_need_proposal: bool | None = None


# -- Helpers -------------------------------------------------------------------------------

class _PageRows(_Rows):
    """Like _Rows, but `out` turns a whole page at once (one query for its names)."""

    def __getitem__(self, item):
        return self.out(list(self.queryset[item]))


def _proposal(union_slug: str, proposal_id: int) -> Proposal:
    """The proposal with its union and chapter, in one query (the ballot endpoint is hot)."""
    proposal = (Proposal.objects.select_related("union", "chapter")
                .filter(union__slug=union_slug, pk=proposal_id).first())
    if proposal is None:
        _union(union_slug)  # "No such union." when that is what is missing
        raise NotFound(_("No such proposal."))
    return proposal


_TO_VOTE_IN = ["id", "union", "chapter", "author", "phase", "kind", "secret", "option_count",
               "max_score", "voting_opens_at", "voting_closes_at", "seal_salt"]


def _proposal_to_vote_in(union_slug: str, proposal_id: int) -> Proposal:
    """Just what casting a ballot reads (not the text, nor the result), in one plain SQL join
    on the union's slug: the ballot endpoint is the hottest of all (see suma.core.rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rows.columns(Proposal, _TO_VOTE_IN, 'p')} FROM {Proposal._meta.db_table} p "
            f"JOIN {Union._meta.db_table} u ON u.id = p.union_id "
            f"WHERE p.id = %s AND u.slug = %s", [proposal_id, union_slug])
        row = cursor.fetchone()
    if row is None:
        return _proposal(union_slug, proposal_id)  # raises the right "No such …"
    return rows.instance(Proposal, _TO_VOTE_IN, row)


def _seen(request: HttpRequest, union_slug: str, proposal_id: int) -> Proposal:
    proposal = _proposal(union_slug, proposal_id)
    _forbid_unless(request, "governance.view_proposal", proposal)
    return proposal


def _closed(proposal: Proposal) -> None:
    if proposal.phase not in (Phase.CLOSED, Phase.ENACTED):
        raise Conflict(_("The vote has not closed yet."), code="not_closed")


def _deadlines(payload: s.Input) -> dict:
    """The deadlines given, checked in the handler rather than the schema: a year 9999
    deadline is bad input (400 on its field), not a 500, and OpenAPI cannot say so."""
    given = payload.dict()
    for name, value in given.items():
        if value is not None and value > LATEST:
            raise SumaError(_("A deadline must be before the year 3000."), field=name)
    return given


def _summary(p: Proposal) -> dict:
    return {"id": p.pk, "title": p.title, "scope": p.chapter.slug if p.chapter else None,
            "phase": p.phase, "outcome": p.outcome, "kind": p.kind, "secret": p.secret,
            "created_at": p.created_at, "discussion_closes_at": p.discussion_closes_at,
            "voting_opens_at": p.voting_opens_at, "voting_closes_at": p.voting_closes_at,
            "closed_at": p.closed_at}


def _detail(request: HttpRequest, p: Proposal) -> dict:
    entry = selectors.roll_entry(proposal=p, user=request.user)
    author = selectors.author_names(union=p.union, user_ids=[p.author_id]).get(p.author_id, "")
    return {**_summary(p), "body": p.body, "author": author,
            "threshold": f"{p.threshold_num}/{p.threshold_den}",
            "quorum_percent": p.quorum_percent, "seats": p.seats, "max_score": p.max_score,
            "eligible_count": p.eligible_count,
            "options": [{"number": o.number, "label": o.label} for o in p.options.all()],
            "action_kind": p.action_kind, "action_outcome": p.action_outcome,
            "your_vote": {"on_roll": entry is not None,
                          "voted": entry is not None and entry.voted}}


def _comment_rows(proposal: Proposal):
    def out(page: list[Comment]) -> list[dict]:
        names = selectors.author_names(union=proposal.union,
                                       user_ids=[c.author_id for c in page if c.author_id])
        return [_comment_out(c, names) for c in page]

    return out


def _comment_out(c: Comment, names: dict[int, str]) -> dict:
    return {"id": c.pk, "parent": c.parent_id, "author": names.get(c.author_id, ""),
            "body": c.body, "created_at": c.created_at}


def _scope(union, chapter_slug: str | None):
    """The chapter a slug in a body or query names, or None (the whole union)."""
    if not chapter_slug:
        return None
    try:
        return member_selectors.chapter_get(union=union, slug=chapter_slug)
    except NotFound:
        raise SumaError(_("No such chapter."), field="chapter", code="not_found") from None


def _delegation_out(union, user, chapter) -> dict:
    found = selectors.delegation_of(union=union, user=user, chapter=chapter)
    delegate = None
    if found is not None:
        membership = Membership.objects.select_related("user").filter(
            union=union, user=found.delegate).first()
        if membership is not None:
            delegate = {"id": membership.pk, "name": membership.public_name}
    return {"chapter": chapter.slug if chapter else None, "delegate": delegate,
            "enabled": services.settings_get(union=union).delegation}


def _settings_out(found) -> dict:
    return {name: getattr(found, name) for name in services.SETTINGS}


# -- Endpoints -----------------------------------------------------------------------------

router = Router(tags=["decisions"], auth=member_auth)
PROPOSAL = "/{union_slug}/proposals/{proposal_id}"
LATE_ERRORS = {**ERRORS, 409: s.Error}


@router.get("/{union_slug}/proposals", response={200: list[ProposalOut], **ERRORS})
@paginate(Pages)
def proposal_list(request: HttpRequest, union_slug: s.Slug, phase: Phase | None = None):
    union = _union(union_slug)
    _forbid_unless(request, "governance.view_proposals", union)
    return _Rows(selectors.proposal_list(union=union, viewer=request.user, phase=phase),
                 _summary)


@router.post("/{union_slug}/proposals", response={201: ProposalDetailOut, **ERRORS})
def proposal_create(request: HttpRequest, union_slug: s.Slug, payload: ProposalIn):
    union = _union(union_slug)
    chapter = _scope(union, payload.chapter)
    _forbid_unless(request, "governance.add_proposal", chapter or union)
    candidates = None
    if payload.candidates:
        found = Membership.objects.filter(union=union).select_related("user").in_bulk(
            payload.candidates)
        candidates = [found[pk] for pk in payload.candidates if pk in found]
        if len(candidates) != len(payload.candidates):
            raise SumaError(_("Every candidate must be a member of this union."),
                            field="candidates")
    proposal = services.proposal_create(
        union=union, chapter=chapter, author=request.user, title=payload.title,
        body=payload.body, kind=payload.kind, options=payload.options, candidates=candidates,
        secret=payload.secret, threshold=Fraction(payload.threshold),
        quorum_percent=payload.quorum_percent, seats=payload.seats,
        max_score=payload.max_score, action_kind=payload.action_kind,
        action_params=payload.action_params)
    return 201, _detail(request, proposal)


@router.get(PROPOSAL, response={200: ProposalDetailOut, **ERRORS})
def proposal_get(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id):
    return _detail(request, _seen(request, union_slug, proposal_id))


@router.post(f"{PROPOSAL}/publish", response={200: ProposalDetailOut, **ERRORS})
def proposal_publish(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id,
                     payload: PublishIn):
    proposal = _seen(request, union_slug, proposal_id)
    _forbid_unless(request, "governance.publish_proposal", proposal)
    services.proposal_publish(proposal=proposal, by=request.user, **_deadlines(payload))
    return _detail(request, proposal)


@router.post(f"{PROPOSAL}/open-vote", response={200: ProposalDetailOut, **ERRORS})
def proposal_open_voting(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id,
                         payload: OpenVoteIn):
    proposal = _seen(request, union_slug, proposal_id)
    _forbid_unless(request, "governance.open_vote", proposal)
    services.proposal_open_voting(proposal=proposal, by=request.user, **_deadlines(payload))
    return _detail(request, proposal)


@router.get(f"{PROPOSAL}/comments", response={200: list[CommentOut], **ERRORS})
@paginate(Pages)
def comment_list(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id):
    proposal = _seen(request, union_slug, proposal_id)
    return _PageRows(proposal.comments.order_by("created_at", "id"), _comment_rows(proposal))


@router.post(f"{PROPOSAL}/comments", response={201: CommentOut, **ERRORS})
def comment_add(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id,
                payload: CommentIn):
    proposal = _seen(request, union_slug, proposal_id)
    _forbid_unless(request, "governance.comment", proposal)
    parent = None
    if payload.parent is not None:
        parent = proposal.comments.filter(pk=payload.parent).first()
        if parent is None:
            raise SumaError(_("That comment belongs to another proposal."), field="parent")
    comment = services.comment_add(proposal=proposal, author=request.user, body=payload.body,
                                   parent=parent)
    names = selectors.author_names(union=proposal.union, user_ids=[request.user.pk])
    return 201, _comment_out(comment, names)


@router.post(f"{PROPOSAL}/ballots", response={201: ReceiptOut, **ERRORS})
def ballot_cast(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id,
                payload: BallotIn):
    # The hot path: the voter roll taken when voting opened is the permission (the service
    # refuses whoever is not on it), so a ballot that counts needs no role lookups. A refusal
    # first checks the caller may see the proposal, so outsiders learn nothing of it.
    proposal = _proposal_to_vote_in(union_slug, proposal_id)
    try:
        code = services.ballot_cast(proposal=proposal, user=request.user,
                                    choice=payload.choice.dict(exclude_none=True),
                                    receipt=payload.receipt)
    except SumaError:
        _forbid_unless(request, "governance.view_proposal", proposal)
        raise
    return 201, {"receipt": code, "receipt_hash": ballot_hash(code)}


@router.get(f"{PROPOSAL}/turnout", response={200: TurnoutOut, **ERRORS})
def turnout(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id):
    proposal = _seen(request, union_slug, proposal_id)
    _forbid_unless(request, "governance.view_turnout", proposal)
    return selectors.turnout(proposal=proposal)


@router.get(f"{PROPOSAL}/result", response={200: ResultOut, **LATE_ERRORS})
def result_get(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id):
    proposal = _seen(request, union_slug, proposal_id)
    _closed(proposal)
    result = proposal.result or {}
    return {"outcome": proposal.outcome, "phase": proposal.phase,
            "closed_at": proposal.closed_at, "kind": proposal.kind,
            "ballots": result.get("ballots", 0),
            "direct": result.get("direct", result.get("ballots", 0)),
            "eligible": result.get("eligible", proposal.eligible_count),
            "quorum_needed": result.get("quorum_needed", 0),
            "passes": bool(result.get("passes")), "counts": result.get("counts"),
            "tally": result.get("tally"), "delegation": result.get("delegation")}


@router.get(f"{PROPOSAL}/bulletin", response={200: list[BulletinRowOut], **LATE_ERRORS})
@paginate(Pages)
def bulletin(request: HttpRequest, union_slug: s.Slug, proposal_id: s.Id):
    proposal = _seen(request, union_slug, proposal_id)
    _closed(proposal)
    return _PageRows(selectors.bulletin(proposal=proposal),
                     lambda page: selectors.bulletin_rows(proposal=proposal, ballots=page),
                     count=(proposal.result or {}).get("ballots"))


ChapterQuery = Annotated[s.Slug | None, Query(description="A chapter's slug; left out: "
                                                          "the union-wide delegation")]


@router.get("/{union_slug}/delegation", response={200: DelegationOut, **ERRORS})
def delegation_get(request: HttpRequest, union_slug: s.Slug, chapter: ChapterQuery = None):
    union = _union(union_slug)
    _forbid_unless(request, "governance.view_proposals", union)
    return _delegation_out(union, request.user, _scope(union, chapter))


@router.put("/{union_slug}/delegation", response={200: DelegationOut, **ERRORS})
def delegation_set(request: HttpRequest, union_slug: s.Slug, payload: DelegationIn):
    union = _union(union_slug)
    _forbid_unless(request, "governance.delegate", union)
    chapter = _scope(union, payload.chapter)
    delegate = Membership.objects.select_related("user").filter(
        union=union, pk=payload.delegate).first()
    if delegate is None:
        raise SumaError(_("Your delegate must be a member of the union."), field="delegate")
    services.delegation_set(union=union, delegator=request.user, delegate=delegate.user,
                            chapter=chapter)
    return _delegation_out(union, request.user, chapter)


@router.delete("/{union_slug}/delegation", response={204: None, **ERRORS})
def delegation_remove(request: HttpRequest, union_slug: s.Slug, chapter: ChapterQuery = None):
    union = _union(union_slug)
    # Taking a delegation back is allowed even after the union turned delegation off.
    _forbid_unless(request, "governance.view_proposals", union)
    services.delegation_remove(union=union, delegator=request.user,
                               chapter=_scope(union, chapter))
    return 204, None


@router.get("/{union_slug}/decision-settings", response={200: SettingsOut, **ERRORS})
def settings_get(request: HttpRequest, union_slug: s.Slug):
    union = _union(union_slug)
    _forbid_unless(request, "governance.view_proposals", union)
    return _settings_out(services.settings_get(union=union))


@router.patch("/{union_slug}/decision-settings", response={200: SettingsOut, **ERRORS})
def settings_update(request: HttpRequest, union_slug: s.Slug, payload: SettingsIn):
    union = _union(union_slug)
    _forbid_unless(request, "governance.change_settings", union)
    values = payload.model_dump(mode="json", exclude_none=True)
    found = services.settings_update(union=union, by=request.user, values=values) if values \
        else services.settings_get(union=union)
    return _settings_out(found)
