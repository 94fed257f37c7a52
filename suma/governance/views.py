"""Pages for collective decisions: proposals, discussion, ballots, results, the bulletin,
delegation and the union's decision rules."""

import csv
import io
import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from suma.core.errors import NotFound, SumaError
from suma.governance import selectors, services
from suma.governance.ballots import CONSENSUS, YES_NO, profile_build
from suma.governance.forms import (
    VOTE_LABELS,
    BallotForm,
    CommentForm,
    DelegationForm,
    FindBallotForm,
    ProposalEditForm,
    ProposalForm,
    PublishForm,
    SettingsForm,
    scope_key,
)
from suma.governance.models import RANKED_KINDS, Kind, Phase, Proposal
from suma.governance.sealing import ballot_hash, receipt_normalise
from suma.governance.tally import write_csv, write_preflib
from suma.members import selectors as members
from suma.members.models import Union
from suma.members.pages import posted as _posted
from suma.members.pages import require as _require
from suma.members.pages import union_or_404 as _union
from suma.members.roles import standing

RECEIPT_SALT = "suma.governance.receipt"
BULLETIN_PAGE = 100
CLOSED = (Phase.CLOSED, Phase.ENACTED)
PREFLIB = ("soc", "soi", "toc", "toi")


# -- Fetching what a page is about -----------------------------------------------------------


def _proposal(request: HttpRequest, union_slug: str, proposal_id: int,
              perm: str = "governance.view_proposal") -> Proposal:
    union = _union(union_slug)
    try:
        proposal = selectors.proposal_get(union=union, pk=proposal_id)
    except NotFound:
        raise Http404 from None
    _require(request, perm, proposal)
    return proposal


def _error(form, error: SumaError) -> None:
    """Put a service's refusal on the field at fault, or on the whole form."""
    fields = {"chapter": "scope", "threshold": "threshold_percent"}
    name = fields.get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, str(error.message))


def _proposal_scopes(user, union: Union) -> list:
    """Where the user may propose: None for the whole union, then chapters."""
    scopes: list = [None] if user.has_perm("governance.add_proposal", union) else []
    scopes += [c for c in members.chapter_list(union=union)
               if user.has_perm("governance.add_proposal", c)]
    return scopes


def _receipt_cookie(proposal: Proposal) -> str:
    return f"suma_receipt_{proposal.pk}"


def _receipt_in_browser(request: HttpRequest, proposal: Proposal) -> str:
    """The receipt this browser keeps for the vote: only on the voter's device, never stored
    on the server beside the voter (that link would break the secrecy of the ballot)."""
    return request.get_signed_cookie(_receipt_cookie(proposal), default="", salt=RECEIPT_SALT)


def _choice_text(proposal: Proposal, decoded: dict, labels: dict[int, str]) -> str:
    """A ballot's choice in words, with option labels."""
    if "vote" in decoded:
        return str(VOTE_LABELS.get(decoded["vote"], decoded["vote"]))
    if "option" in decoded:
        return labels.get(decoded["option"], str(decoded["option"]))
    if "options" in decoded:
        return ", ".join(labels.get(n, str(n)) for n in decoded["options"]) or _("none")
    if "scores" in decoded:
        return ", ".join(f"{labels.get(n, str(n))}: {s}"
                         for n, s in enumerate(decoded["scores"], start=1))
    return " > ".join(labels.get(n, str(n)) for n in decoded.get("ranking", []))


# -- The list, new proposals, drafts -----------------------------------------------------------

@login_required
def proposal_list(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "governance.view_proposals", union)
    proposals = list(selectors.proposal_list(union=union, viewer=request.user))
    order = (Phase.VOTING, Phase.DISCUSSION, Phase.DRAFT, Phase.CLOSED)
    groups = {phase: [] for phase in order}
    for proposal in proposals:
        groups[Phase.CLOSED if proposal.phase == Phase.ENACTED else proposal.phase].append(
            proposal)
    titles = {Phase.VOTING: _("Voting now"), Phase.DISCUSSION: _("Under discussion"),
              Phase.DRAFT: _("Your drafts"), Phase.CLOSED: _("Decided")}
    return render(request, "governance/proposal_list.html", {
        "union": union,
        "groups": [(phase, titles[phase], groups[phase]) for phase in order],
        "may_propose": bool(_proposal_scopes(request.user, union)),
        "may_delegate": request.user.has_perm("governance.delegate", union),
        "may_change_settings": request.user.has_perm("governance.change_settings", union),
    })


@login_required
def proposal_create(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    scopes = _proposal_scopes(request.user, union)
    if not scopes:
        raise PermissionDenied
    rules = services.settings_get(union=union)
    form = ProposalForm(_posted(request), union=union, scopes=scopes,
                        initial={"quorum_percent": rules.quorum_percent})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chapter = data["chapter"]
        if not request.user.has_perm("governance.add_proposal", chapter or union):
            raise PermissionDenied
        try:
            proposal = services.proposal_create(
                union=union, chapter=chapter, author=request.user, title=data["title"],
                body=data["body"], kind=data["kind"], options=data["option_list"],
                candidates=data["candidate_list"], secret=data["secret"],
                threshold=data["threshold_share"], quorum_percent=data["quorum_percent"],
                seats=data["seats"], max_score=data["max_score"],
                action_kind=data["action_kind"] or "", action_params=data["action_params"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Your draft is saved. Only you see it until you "
                                        "publish it."))
            return redirect(proposal)
    return render(request, "governance/proposal_form.html", {"union": union, "form": form})


@login_required
def proposal_edit(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, union_slug, proposal_id, "governance.change_proposal")
    form = ProposalEditForm(_posted(request),
                            initial={"title": proposal.title, "body": proposal.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, by=request.user,
                                     title=form.cleaned_data["title"],
                                     body=form.cleaned_data["body"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(proposal)
    return render(request, "governance/proposal_edit.html",
                  {"union": proposal.union, "proposal": proposal, "form": form})


@login_required
def proposal_publish(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, union_slug, proposal_id, "governance.publish_proposal")
    rules = services.settings_get(union=proposal.union)
    form = PublishForm(_posted(request), initial=PublishForm.defaults(rules))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_publish(
                proposal=proposal, by=request.user,
                discussion_closes_at=data["discussion_closes_at"],
                voting_opens_at=data["voting_opens_at"],
                voting_closes_at=data["voting_closes_at"])
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The proposal is published: its discussion is open."))
            return redirect(proposal)
    return render(request, "governance/proposal_publish.html",
                  {"union": proposal.union, "proposal": proposal, "form": form, "rules": rules})


# -- The proposal page: discussion and ballot --------------------------------------------------

def _timeline(proposal: Proposal) -> list[dict]:
    now = timezone.now()
    steps = [
        (Phase.DRAFT, _("Drafted"), proposal.created_at),
        (Phase.DISCUSSION, _("The discussion closes"), proposal.discussion_closes_at),
        (Phase.VOTING, _("Voting opens"), proposal.voting_opens_at),
        (Phase.VOTING, _("Voting closes"), proposal.voting_closes_at),
    ]
    if proposal.enacted_at:
        steps.append((Phase.ENACTED, _("Enacted"), proposal.enacted_at))
    return [{"label": label, "at": at, "past": at is not None and at <= now}
            for _phase, label, at in steps]


def _detail(request: HttpRequest, proposal: Proposal, *, ballot_form=None,
            comment_form=None, status: int = 200) -> HttpResponse:
    user = request.user
    options = list(proposal.options.all())
    comments = selectors.comment_thread(proposal=proposal)
    authors = [proposal.author_id] + [c.author_id for c in comments] + [
        r.author_id for c in comments for r in c.thread_replies]
    names = selectors.author_names(union=proposal.union,
                                   user_ids=[a for a in authors if a is not None])
    for comment in comments:
        comment.author_name = names.get(comment.author_id, _("a former member"))
        for reply in comment.thread_replies:
            reply.author_name = names.get(reply.author_id, _("a former member"))
    entry = None
    may_vote = user.has_perm("governance.vote", proposal)
    receipt = ""
    if proposal.phase == Phase.VOTING:
        entry = selectors.roll_entry(proposal=proposal, user=user)
        receipt = _receipt_in_browser(request, proposal) if entry and entry.voted else ""
        if ballot_form is None and may_vote and entry is not None:
            ballot_form = BallotForm(proposal=proposal, options=options,
                                     initial={"receipt": receipt})
    return render(request, "governance/proposal_detail.html", {
        "union": proposal.union,
        "proposal": proposal,
        "author_name": names.get(proposal.author_id, _("a former member")),
        "options": options,
        "timeline": _timeline(proposal),
        "comments": comments,
        "comment_form": comment_form or CommentForm(),
        "may_comment": user.has_perm("governance.comment", proposal),
        "may_edit": user.has_perm("governance.change_proposal", proposal),
        "may_publish": user.has_perm("governance.publish_proposal", proposal),
        "may_open": user.has_perm("governance.open_vote", proposal),
        "may_vote": may_vote,
        "on_roll": entry is not None,
        "voted": entry is not None and entry.voted,
        "receipt": receipt,
        "ballot_form": ballot_form,
        "turnout": (selectors.turnout(proposal=proposal)
                    if user.has_perm("governance.view_turnout", proposal) else None),
        "closed": proposal.phase in CLOSED,
        "result": proposal.result or {},
    }, status=status)


@never_cache
@login_required
def proposal_detail(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    return _detail(request, _proposal(request, union_slug, proposal_id))


@login_required
@require_POST
def comment_add(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, union_slug, proposal_id, "governance.comment")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _detail(request, proposal, comment_form=form, status=400)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = proposal.comments.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            raise Http404
    try:
        services.comment_add(proposal=proposal, author=request.user,
                             body=form.cleaned_data["body"], parent=parent)
    except SumaError as error:
        messages.error(request, str(error.message))
        return redirect(proposal)
    messages.success(request, _("Your comment is posted."))
    return redirect(f"{proposal.get_absolute_url()}#discussion")


@login_required
@require_POST
def proposal_open_vote(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, union_slug, proposal_id, "governance.open_vote")
    try:
        services.proposal_open_voting(proposal=proposal, by=request.user)
    except SumaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Voting is open."))
    return redirect(proposal)


@login_required
@require_POST
def ballot_cast(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, union_slug, proposal_id, "governance.vote")
    options = list(proposal.options.all())
    form = BallotForm(request.POST, proposal=proposal, options=options)
    if not form.is_valid():
        return _detail(request, proposal, ballot_form=form, status=400)
    try:
        code = services.ballot_cast(proposal=proposal, user=request.user, choice=form.choice(),
                                    receipt=form.cleaned_data.get("receipt", "").strip())
    except SumaError as error:
        if error.field in form.fields or error.field in ("choice", "ranking", "scores"):
            _error(form, error)
            return _detail(request, proposal, ballot_form=form, status=400)
        messages.error(request, str(error.message))
        return redirect(proposal)
    messages.success(request, _("Your vote is cast."))
    response = redirect("ballot_receipt", proposal.union.slug, proposal.pk)
    # Kept in the voter's browser only, until some weeks after the close: to change the
    # vote, and to find the ballot on the bulletin.
    keep = (proposal.voting_closes_at - timezone.now()) + timedelta(days=30)
    response.set_signed_cookie(
        _receipt_cookie(proposal), code, salt=RECEIPT_SALT, httponly=True, samesite="Lax",
        secure=request.is_secure(), max_age=int(keep.total_seconds()),
        path=proposal.get_absolute_url())
    return response


@never_cache
@login_required
def ballot_receipt(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, union_slug, proposal_id)
    return render(request, "governance/ballot_receipt.html", {
        "union": proposal.union, "proposal": proposal,
        "receipt": _receipt_in_browser(request, proposal)})


# -- Results and the bulletin ------------------------------------------------------------------

def _matrix(names: list[str], rows: list[list[int]]) -> list[dict]:
    """Rows of a pairwise table; a cell wins when it beats its mirror."""
    return [{"name": name, "cells": [
        {"value": value, "self": i == j, "win": i != j and value > rows[j][i],
         "against": names[j]} for j, value in enumerate(row)]}
        for i, (name, row) in enumerate(zip(names, rows, strict=True))]


def _rounds(tally: dict) -> dict | None:
    """IRV and STV rounds, as columns of a chart and rows of a transfers table."""
    details = tally.get("details", {})
    rounds = details.get("rounds")
    if not rounds:
        return None
    names = tally.get("alternatives", [])
    columns, transfers = [], []
    for entry in rounds:
        number = entry.get("round", entry.get("stage"))
        elected = entry.get("elected") or []
        elected = [elected] if isinstance(elected, str) else list(elected)
        out = entry.get("eliminated") or (entry.get("candidate")
                                          if entry.get("action") == "exclusion" else None)
        columns.append({"number": number, "tallies": entry.get("tallies", {}),
                        "elected": elected, "eliminated": [out] if out else []})
        if entry.get("transfers"):
            if entry.get("action") == "surplus":
                what = _("Surplus of %(name)s (%(votes)s)") % {
                    "name": entry.get("candidate"), "votes": entry.get("surplus")}
            else:
                what = _("%(name)s eliminated") % {"name": out}
            transfers.append({"number": number, "what": what, "moves": [
                (_("not transferable") if to in ("exhausted", "non_transferable") else to, n)
                for to, n in entry["transfers"].items()]})
    return {"names": names, "columns": columns, "transfers": transfers,
            "quota": details.get("quota"), "rule": details.get("rule", "")}


def _bars(proposal: Proposal, result: dict, labels: dict[int, str]) -> tuple[str, list]:
    """The main bar chart: vote counts, totals, or first choices for ranked ballots."""
    winners = set(result.get("tally", {}).get("winners", []))
    if "counts" in result:
        allowed = YES_NO if proposal.kind == Kind.YES_NO else CONSENSUS
        return _("Votes"), [(str(VOTE_LABELS[v]), result["counts"].get(v, 0), False)
                            for v in allowed]
    details = result.get("tally", {}).get("details", {})
    if "totals" in details:
        title = {Kind.APPROVAL: _("Approvals"), Kind.SCORE: _("Sum of scores")}.get(
            proposal.kind, _("Votes"))
        return title, [(name, n, name in winners) for name, n in details["totals"].items()]
    rounds = details.get("rounds")
    if rounds:
        first = rounds[0].get("tallies", {})
        return _("First choices"), [(name, first.get(name, 0), name in winners)
                                    for name in result["tally"].get("alternatives", [])]
    firsts = dict.fromkeys(labels.values(), 0)
    for choice, n in services.ballot_counts(proposal=proposal):
        top = choice.split(">")[0]
        if top:
            firsts[labels[int(top)]] = firsts.get(labels[int(top)], 0) + n
    return _("First choices"), [(name, n, name in winners) for name, n in firsts.items()]


@login_required
def proposal_results(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, union_slug, proposal_id)
    if proposal.phase not in CLOSED:
        return redirect(proposal)
    result = proposal.result or {}
    labels = dict(proposal.options.values_list("number", "label"))
    tally = result.get("tally", {})
    details = tally.get("details", {})
    bars_title, bars = _bars(proposal, result, labels)
    names = tally.get("alternatives", [])
    eligible = result.get("eligible", proposal.eligible_count)
    return render(request, "governance/proposal_results.html", {
        "union": proposal.union,
        "proposal": proposal,
        "result": result,
        "tally": tally,
        "bars_title": bars_title,
        "bars": bars,
        "rounds": _rounds(tally) if tally else None,
        "pairwise": _matrix(names, details["pairwise"]) if "pairwise" in details else None,
        "paths": (_matrix(names, details["strongest_paths"])
                  if "strongest_paths" in details else None),
        "names": names,
        "turnout_percent": round(100 * result.get("ballots", 0) / eligible, 1)
        if eligible else 0,
        "delegation": result.get("delegation") or {},
        "tie_break": tally.get("tie_break") or {},
        "action_outcome": proposal.action_outcome,
    })


def _closed_proposal(request: HttpRequest, union_slug: str, proposal_id: int) -> Proposal:
    proposal = _proposal(request, union_slug, proposal_id)
    if proposal.phase not in CLOSED:
        raise Http404
    return proposal


@login_required
def bulletin(request: HttpRequest, union_slug: str, proposal_id: int) -> HttpResponse:
    proposal = _proposal(request, union_slug, proposal_id)
    if proposal.phase not in CLOSED:
        return redirect(proposal)  # published at the close, not before
    labels = dict(proposal.options.values_list("number", "label"))
    found = searched = None
    form = FindBallotForm(_posted(request),
                          initial={"receipt": _receipt_in_browser(request, proposal)})
    if request.method == "POST" and form.is_valid():
        code = receipt_normalise(form.cleaned_data["receipt"])
        searched = code
        match = list(selectors.bulletin(proposal=proposal).filter(receipt_hash=ballot_hash(code)))
        if match:
            found = selectors.bulletin_rows(proposal=proposal, ballots=match)[0]
            found["text"] = _choice_text(proposal, found["decoded"], labels)
    page = Paginator(selectors.bulletin(proposal=proposal), BULLETIN_PAGE).get_page(
        request.GET.get("page"))
    rows = selectors.bulletin_rows(proposal=proposal, ballots=list(page))
    for row in rows:
        row["text"] = _choice_text(proposal, row["decoded"], labels)
    return render(request, "governance/bulletin.html", {
        "union": proposal.union, "proposal": proposal, "page": page, "rows": rows,
        "form": form, "found": found, "searched": searched,
        "ranked": proposal.kind in RANKED_KINDS, "preflib": PREFLIB})


def _download(text: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def bulletin_export(request: HttpRequest, union_slug: str, proposal_id: int,
                    fmt: str) -> HttpResponse:
    proposal = _closed_proposal(request, union_slug, proposal_id)
    if fmt not in ("csv", "json"):
        raise Http404
    labels = dict(proposal.options.values_list("number", "label"))
    rows = selectors.bulletin_rows(proposal=proposal,
                                   ballots=list(selectors.bulletin(proposal=proposal)))
    name = f"bulletin-{proposal.pk}.{fmt}"
    if fmt == "json":
        data = {"proposal": proposal.pk, "title": proposal.title, "kind": proposal.kind,
                "secret": proposal.secret,
                "options": [{"number": n, "label": label} for n, label in labels.items()],
                "ballots": [{"receipt_hash": r["receipt_hash"], "choice": r["choice"],
                             "decoded": r["decoded"], "delegated": r["delegated"],
                             **({} if proposal.secret else {"voter": r["voter"]})}
                            for r in rows]}
        return _download(json.dumps(data, ensure_ascii=False, indent=1), name,
                         "application/json")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["receipt_hash", "choice", "choice_text", "delegated",
                     *([] if proposal.secret else ["voter"])])
    for r in rows:
        writer.writerow([r["receipt_hash"], r["choice"],
                         _choice_text(proposal, r["decoded"], labels),
                         "yes" if r["delegated"] else "no",
                         *([] if proposal.secret else [r["voter"]])])
    return _download(out.getvalue(), name, "text/csv")


@login_required
def ballots_export(request: HttpRequest, union_slug: str, proposal_id: int,
                   fmt: str) -> HttpResponse:
    """The counted ballots of a ranked vote as a ballot file anyone can recount."""
    proposal = _closed_proposal(request, union_slug, proposal_id)
    if proposal.kind not in RANKED_KINDS or fmt not in ("csv", *PREFLIB):
        raise Http404
    labels = list(proposal.options.order_by("number").values_list("label", flat=True))
    profile = profile_build(kind=proposal.kind, labels=labels, max_score=proposal.max_score,
                            counts=services.ballot_counts(proposal=proposal))
    if fmt == "csv":
        return _download(write_csv(profile), f"ballots-{proposal.pk}.csv", "text/csv")
    try:
        text = write_preflib(profile, fmt, title=proposal.title)
    except ValueError as error:
        return HttpResponseBadRequest(
            _("These ballots do not fit the %(format)s format (%(problem)s). Download "
              "another format: soi and toi take incomplete rankings.")
            % {"format": fmt, "problem": error}, content_type="text/plain; charset=utf-8")
    return _download(text, f"ballots-{proposal.pk}.{fmt}", "text/plain")


# -- Delegation, adopted texts, the union's rules ------------------------------------------------

@login_required
def delegation(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "governance.delegate", union)
    mine = standing(request.user, union.pk)
    scopes = [None] + [c for c in members.chapter_list(union=union) if mine.is_active_in(c.pk)]
    form = DelegationForm(_posted(request), union=union, scopes=scopes)
    if request.method == "POST":
        if "remove" in request.POST:
            chapter = form.scopes.get(request.POST["remove"], False)
            if chapter is False:
                raise Http404
            services.delegation_remove(union=union, delegator=request.user, chapter=chapter)
            messages.success(request, _("Your delegation is removed: you vote yourself."))
            return redirect("delegation", union.slug)
        if form.is_valid():
            try:
                services.delegation_set(union=union, delegator=request.user,
                                        delegate=form.cleaned_data["delegate_user"],
                                        chapter=form.cleaned_data["chapter"])
            except SumaError as error:
                _error(form, error)
            else:
                messages.success(request, _("Your delegation is saved."))
                return redirect("delegation", union.slug)
    current = []
    for scope in scopes:
        found = selectors.delegation_of(union=union, user=request.user, chapter=scope)
        name = None
        if found is not None:
            name = selectors.author_names(union=union, user_ids=[found.delegate_id]).get(
                found.delegate_id, "?")
        current.append({"scope": scope, "key": scope_key(scope),
                        "delegate": name})
    return render(request, "governance/delegation.html", {
        "union": union, "form": form, "current": current,
        "received": selectors.delegations_received(union=union, user=request.user)})


@login_required
def adopted_texts(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "governance.view_proposals", union)
    return render(request, "governance/adopted_texts.html", {
        "union": union, "texts": selectors.adopted_text_list(union=union)})


@login_required
def decision_settings(request: HttpRequest, union_slug: str) -> HttpResponse:
    union = _union(union_slug)
    _require(request, "governance.change_settings", union)
    current = services.settings_get(union=union)
    form = SettingsForm(_posted(request), instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(union=union, by=request.user,
                                     values={k: form.cleaned_data[k] for k in form.fields})
        except SumaError as error:
            _error(form, error)
        else:
            messages.success(request, _("The union's decision rules are saved."))
            return redirect("decision_settings", union.slug)
    return render(request, "governance/settings.html", {"union": union, "form": form})
