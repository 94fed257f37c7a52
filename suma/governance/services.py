"""Every write to proposals, discussions, voter rolls, ballots and delegations.

Phases move forward only: draft → discussion → voting → closed (passed, failed, no quorum)
→ enacted. Each phase has a deadline; `proposals_advance` (a periodic job) moves proposals
whose deadline has passed, so nothing stalls waiting for someone to click.
"""

import logging
import math
import secrets
import uuid
from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from django.conf import settings as django_settings
from django.db import connection, transaction
from django.db.models import Count, Exists
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.core.audit import audit_append
from suma.core.errors import NotAllowed, SumaError
from suma.core.i18n import interpolate_lazy
from suma.governance import sealing
from suma.governance.ballots import choice_encode, profile_build
from suma.governance.delegation import delegation_resolve
from suma.governance.models import (
    OPTION_KINDS,
    Ballot,
    Comment,
    Delegation,
    GovernanceSettings,
    Kind,
    Option,
    Outcome,
    Phase,
    Proposal,
    Voter,
)
from suma.governance.tally import consensus_outcome, tally, yes_no_outcome
from suma.members.models import Chapter, ChapterMembership, ChapterStatus, Membership, Union, User

MAX_OPTIONS = 50
logger = logging.getLogger(__name__)


def settings_get(*, union: Union) -> GovernanceSettings:
    found, _created = GovernanceSettings.objects.get_or_create(union=union)
    return found


def settings_update(*, union: Union, by: User | None, values: Mapping[str, Any],
                    proposal: Proposal | None = None) -> GovernanceSettings:
    """Change the union's decision rules (by a steward, or by a passed proposal)."""
    with transaction.atomic():
        found = GovernanceSettings.objects.select_for_update().filter(union=union).first() \
            or settings_get(union=union)
        before = {}
        for name, value in values.items():
            value = setting_value(name=name, value=value)
            before[name] = getattr(found, name)
            setattr(found, name, value)
        found.save()
        audit_append(action="governance.settings_changed", actor=by, obj=union,
                     data={"before": before, "after": dict(values),
                           "proposal": proposal.pk if proposal else None})
        return found


SETTINGS = ("who_may_propose", "who_may_open_vote", "delegation", "quorum_percent",
            "discussion_days", "voting_days", "strikes_need_proposal")


def setting_value(*, name: str, value: Any, field: str | None = None) -> Any:
    """A decision rule's new value, checked and converted as the model field would; the
    error names `field` (the form or API field the value came in), else the setting."""
    if name not in SETTINGS:
        raise SumaError(interpolate_lazy(_("There is no setting called %(name)s."),
                                         {"name": name}), field="setting")
    model_field = GovernanceSettings._meta.get_field(name)
    try:
        value = model_field.to_python(value)
        model_field.run_validators(value)
    except Exception:
        raise SumaError(_("That value is not allowed for this setting."),
                        field=field or name) from None
    if model_field.choices and value not in dict(model_field.choices):
        raise SumaError(_("That value is not one of the choices."), field=field or name)
    return value


# -- Proposals -----------------------------------------------------------------------------

def _threshold(threshold: Fraction) -> tuple[int, int]:
    if not Fraction(1, 100) <= threshold <= 1:
        raise SumaError(_("The pass threshold must be a share between 1% and 100%."),
                        field="threshold")
    return threshold.numerator, threshold.denominator


def _check_options(kind: str, options: list[str], seats: int) -> list[str]:
    labels = [label.strip() for label in options if label and label.strip()]
    if kind not in OPTION_KINDS:
        return []
    if len(labels) < 2:
        raise SumaError(_("A ballot with options needs at least two."), field="options")
    if len(labels) > MAX_OPTIONS:
        raise SumaError(interpolate_lazy(_("A ballot can have at most %(n)s options."),
                                         {"n": MAX_OPTIONS}), field="options")
    if len(set(labels)) != len(labels):
        raise SumaError(_("Two options have the same text."), field="options")
    if kind == Kind.STV and not 1 <= seats < len(labels):
        raise SumaError(_("An election needs fewer seats than candidates."), field="seats")
    return labels


def proposal_create(*, union: Union, chapter: Chapter | None, author: User, title: str,
                    body: str, kind: str = Kind.YES_NO, options: list[str] | None = None,
                    candidates: list[Membership] | None = None, secret: bool = True,
                    threshold: Fraction = Fraction(1, 2), quorum_percent: int | None = None,
                    seats: int = 1, max_score: int = 5, action_kind: str = "",
                    action_params: Mapping[str, Any] | None = None) -> Proposal:
    """A draft, visible to its author only until it is published."""
    from suma.governance.actions import action_check

    if chapter is not None and chapter.union_id != union.pk:
        raise SumaError(_("That chapter belongs to another union."), field="chapter")
    if kind not in Kind.values:
        raise SumaError(_("Unknown kind of ballot."), field="kind")
    title = title.strip()
    if not title:
        raise SumaError(_("A proposal needs a title."), field="title")
    if candidates:
        if any(c.union_id != union.pk for c in candidates):
            raise SumaError(_("Every candidate must be a member of this union."),
                            field="candidates")
        options = [c.public_name for c in candidates]
    labels = _check_options(kind, list(options or []), seats)
    if kind == Kind.SCORE and not 1 <= max_score <= 100:
        raise SumaError(_("The highest score must be from 1 to 100."), field="max_score")
    rules = settings_get(union=union)
    quorum = rules.quorum_percent if quorum_percent is None else quorum_percent
    if not 0 <= quorum <= 100:
        raise SumaError(_("Quorum is a share of eligible members, from 0% to 100%."),
                        field="quorum_percent")
    num, den = _threshold(Fraction(threshold))
    with transaction.atomic():
        proposal = Proposal(
            union=union, chapter=chapter, author=author, title=title[:200], body=body,
            kind=kind, secret=secret, threshold_num=num, threshold_den=den,
            quorum_percent=quorum, seats=seats if kind == Kind.STV else 1, max_score=max_score,
            option_count=len(labels),
            action_kind=action_kind, action_params=dict(action_params or {}))
        action_check(proposal=proposal, candidates=candidates)
        proposal.save()
        Option.objects.bulk_create([
            Option(proposal=proposal, number=i, label=label,
                   candidate=candidates[i - 1] if candidates else None)
            for i, label in enumerate(labels, start=1)])
        audit_append(action="proposal.drafted", actor=author, obj=proposal,
                     data={"title": proposal.title, "kind": kind,
                           "scope": chapter.slug if chapter else union.slug})
        return proposal


def proposal_update(*, proposal: Proposal, by: User, title: str, body: str) -> Proposal:
    if proposal.phase != Phase.DRAFT:
        raise SumaError(_("Only a draft can be edited."), code="not_draft")
    if not title.strip():
        raise SumaError(_("A proposal needs a title."), field="title")
    with transaction.atomic():
        proposal.title, proposal.body = title.strip()[:200], body
        proposal.save(update_fields=["title", "body", "updated_at"])
        return proposal


def _locked(proposal: Proposal) -> Proposal:
    """Lock the proposal's row and bring the caller's object up to date with it."""
    list(Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("pk"))
    proposal.refresh_from_db()
    return proposal


def proposal_publish(*, proposal: Proposal, by: User | None,
                     discussion_closes_at: datetime | None = None,
                     voting_opens_at: datetime | None = None,
                     voting_closes_at: datetime | None = None,
                     now: datetime | None = None) -> Proposal:
    """Open the discussion, with its deadline, and announce the proposal to the scope."""
    from suma.governance.tasks import proposal_announce

    now = now or timezone.now()
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.phase != Phase.DRAFT:
            raise SumaError(_("This proposal is already published."), code="not_draft")
        rules = settings_get(union=proposal.union)
        closes = discussion_closes_at or now + timedelta(days=rules.discussion_days)
        if closes <= now:
            raise SumaError(_("The discussion must close in the future."),
                            field="discussion_closes_at")
        opens = voting_opens_at or closes
        ends = voting_closes_at or opens + timedelta(days=rules.voting_days)
        if opens < closes or ends <= opens:
            raise SumaError(_("Voting opens when the discussion closes or later, and closes "
                              "after it opens."), field="voting_closes_at")
        proposal.phase = Phase.DISCUSSION
        proposal.discussion_closes_at = closes
        proposal.voting_opens_at, proposal.voting_closes_at = opens, ends
        proposal.save(update_fields=["phase", "discussion_closes_at", "voting_opens_at",
                                     "voting_closes_at", "updated_at"])
        audit_append(action="proposal.published", actor=by, obj=proposal,
                     data={"discussion_closes_at": closes.isoformat()})
        transaction.on_commit(lambda: proposal_announce.enqueue(proposal.pk, "published"))
        return proposal


def comment_add(*, proposal: Proposal, author: User, body: str,
                parent: Comment | None = None) -> Comment:
    body = body.strip()
    if not body:
        raise SumaError(_("Write something first."), field="body")
    if proposal.phase not in (Phase.DISCUSSION, Phase.VOTING):
        raise SumaError(_("The discussion of this proposal is closed."), code="closed")
    if parent is not None and parent.proposal_id != proposal.pk:
        raise SumaError(_("That comment belongs to another proposal."), field="parent")
    with transaction.atomic():
        return Comment.objects.create(proposal=proposal, author=author, body=body[:5000],
                                      parent=parent)


# -- Voting --------------------------------------------------------------------------------

def eligible_user_ids(*, proposal: Proposal):
    """Members active in the scope right now: the people the voter roll is made of."""
    if proposal.chapter_id:
        return ChapterMembership.objects.filter(
            chapter_id=proposal.chapter_id, status=ChapterStatus.ACTIVE
        ).values_list("membership__user_id", flat=True)
    return Membership.objects.filter(union_id=proposal.union_id, is_member=True).values_list(
        "user_id", flat=True)


def _delegations_for(proposal: Proposal) -> dict[int, int]:
    """delegator -> delegate in the proposal's scope: the chapter's first, then the union's."""
    union_wide = dict(Delegation.objects.filter(union_id=proposal.union_id, chapter=None)
                      .values_list("delegator_id", "delegate_id"))
    if proposal.chapter_id:
        union_wide.update(Delegation.objects.filter(chapter_id=proposal.chapter_id)
                          .values_list("delegator_id", "delegate_id"))
    return union_wide


def proposal_open_voting(*, proposal: Proposal, by: User | None,
                         voting_closes_at: datetime | None = None,
                         now: datetime | None = None) -> Proposal:
    """Take the eligibility snapshot (and the delegation snapshot) and open the ballot box."""
    from suma.governance.tasks import proposal_announce

    now = now or timezone.now()
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.phase != Phase.DISCUSSION:
            raise SumaError(_("Voting opens only after a discussion."), code="wrong_phase")
        rules = settings_get(union=proposal.union)
        closes = voting_closes_at or proposal.voting_closes_at
        if closes is None or closes <= now:
            closes = now + timedelta(days=rules.voting_days)
        delegate_of = _delegations_for(proposal) if rules.delegation else {}
        roll = list(eligible_user_ids(proposal=proposal))
        for start in range(0, len(roll), 5000):
            Voter.objects.bulk_create([Voter(proposal=proposal, user_id=user_id,
                                             delegate_id=delegate_of.get(user_id))
                                       for user_id in roll[start:start + 5000]])
        proposal.phase = Phase.VOTING
        proposal.discussion_closes_at = min(proposal.discussion_closes_at or now, now)
        proposal.voting_opens_at, proposal.voting_closes_at = now, closes
        proposal.eligible_count = len(roll)
        proposal.tie_seed = secrets.token_hex(8)
        proposal.seal_salt = sealing.seal_salt_new() if delegate_of else None
        proposal.save()
        audit_append(action="proposal.voting_opened", actor=by, obj=proposal,
                     data={"eligible": len(roll), "closes_at": closes.isoformat(),
                           "tie_seed": proposal.tie_seed,
                           "delegations": sum(1 for u in roll if u in delegate_of)})
        transaction.on_commit(lambda: proposal_announce.enqueue(proposal.pk, "voting"))
        return proposal


def _refuse_outside_window(proposal: Proposal, now: datetime) -> None:
    if proposal.phase != Phase.VOTING or not (
            proposal.voting_opens_at <= now < proposal.voting_closes_at):
        if proposal.phase in (Phase.DRAFT, Phase.DISCUSSION):
            raise SumaError(_("Voting has not opened yet."), code="not_open")
        raise SumaError(_("Voting has closed."), code="closed")


def ballot_cast(*, proposal: Proposal, user: User, choice: Mapping[str, Any],
                receipt: str = "", now: datetime | None = None) -> str:
    """Cast (or, with the previous receipt, replace) a ballot; returns the new receipt code.

    The roll entry is changed only if it is in the state this request saw (not voted yet; or
    voted with this receipt), in the same transaction as the ballot: two parallel requests for
    one voter can never both count.
    """
    now = now or timezone.now()
    _refuse_outside_window(proposal, now)
    canonical = choice_encode(kind=proposal.kind, options=proposal.option_count,
                              max_score=proposal.max_score, choice=choice)
    code = sealing.receipt_new()
    stored = False
    with transaction.atomic():
        _ballot_box_hold(proposal)

        def roll():
            # Every roll change below also checks the vote is still open, in its statement.
            return Voter.objects.filter(proposal=proposal, user=user).filter(
                _ballot_box_open(proposal, now))

        if receipt:
            # Replacing a ballot: the voter proves which one is theirs with its receipt.
            changed = roll().filter(voted=True,
                                    receipt_check=sealing.roll_hash(proposal.pk, receipt)).update(
                receipt_check=sealing.roll_hash(proposal.pk, code))
            if not changed:
                _refuse_ballot(proposal, user, now, receipt_given=True)
            Ballot.objects.filter(proposal=proposal,
                                  receipt_hash=sealing.ballot_hash(receipt)).delete()
        elif _first_ballot(proposal, user, now, sealing.roll_hash(proposal.pk, code),
                           canonical, sealing.ballot_hash(code)):
            stored = True
        else:
            if proposal.secret or not roll().filter(voted=True).update(
                    receipt_check=sealing.roll_hash(proposal.pk, code)):
                _refuse_ballot(proposal, user, now)
            # An open ballot is the voter's own row: changing it needs no receipt.
            Ballot.objects.filter(proposal=proposal, voter=user).delete()
        if not stored:
            _ballot_insert(proposal, canonical, sealing.ballot_hash(code),
                           None if proposal.secret else user.pk)
        if proposal.seal_salt and Voter.objects.filter(proposal=proposal,
                                                       delegate=user).exists():
            roll().update(sealed_choice=sealing.seal(
                secret_key=django_settings.SECRET_KEY, salt=bytes(proposal.seal_salt),
                proposal_id=proposal.pk, choice=canonical))
    return code


# The two statements every ballot runs, written out: the ORM's query building cost more than
# the database's work for them (see docs/benchmarks.md, casting). On PostgreSQL they are one
# statement: the ballot is inserted only if the roll row was marked.
_MARK_VOTED = (
    "UPDATE {voter} SET voted = %s, receipt_check = %s "
    "WHERE proposal_id = %s AND user_id = %s AND voted = %s AND EXISTS ("
    "SELECT 1 FROM {proposal} WHERE id = %s AND phase = %s AND voting_closes_at > %s)")
_INSERT_BALLOT = ("INSERT INTO {ballot} (id, proposal_id, choice, receipt_hash, delegated, "
                  "voter_id) VALUES (%s, %s, %s, %s, %s, %s)")
_MARK_VOTED_AND_INSERT = (
    "WITH marked AS (" + _MARK_VOTED + " RETURNING 1) "
    "INSERT INTO {ballot} (id, proposal_id, choice, receipt_hash, delegated, voter_id) "
    "SELECT %s, %s, %s, %s, %s, %s FROM marked")


def _first_ballot(proposal: Proposal, user: User, now: datetime, receipt_check: str,
                  choice: str, receipt_hash: str) -> bool:
    """Mark a voter who has not voted yet as voted, if the vote is still open, and store
    their ballot; False (nothing written) when the roll row was not in that state."""
    tables = {"voter": Voter._meta.db_table, "proposal": Proposal._meta.db_table,
              "ballot": Ballot._meta.db_table}
    when = Proposal._meta.get_field("voting_closes_at").get_db_prep_value(now, connection)
    mark = [True, receipt_check, proposal.pk, user.pk, False, proposal.pk, Phase.VOTING, when]
    ballot = [Ballot._meta.pk.get_db_prep_value(uuid.uuid4(), connection), proposal.pk,
              choice, receipt_hash, False, None if proposal.secret else user.pk]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_MARK_VOTED_AND_INSERT.format(**tables), mark + ballot)
            return cursor.rowcount == 1
        cursor.execute(_MARK_VOTED.format(**tables), mark)
        if cursor.rowcount != 1:
            return False
        cursor.execute(_INSERT_BALLOT.format(**tables), ballot)
        return True


def _ballot_insert(proposal: Proposal, choice: str, receipt_hash: str,
                   voter_id: int | None) -> None:
    ballot_id = Ballot._meta.pk.get_db_prep_value(uuid.uuid4(), connection)
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_BALLOT.format(ballot=Ballot._meta.db_table),
                       [ballot_id, proposal.pk, choice, receipt_hash, False, voter_id])


# The PostgreSQL advisory lock (a pair of int4: this namespace, the proposal's id) that keeps
# a ballot box open while ballots are being committed into it.
_BALLOT_BOX = 0x53554D42


def _ballot_box_hold(proposal: Proposal) -> None:
    """Keep the ballot box open until this ballot is committed: on PostgreSQL a shared
    advisory lock, which any number of voters hold at once (in memory: no row is written)
    and which the close's exclusive lock waits for, so no ballot commits uncounted. On
    SQLite, writers take turns anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)",
                           [_BALLOT_BOX, proposal.pk])


def _ballot_box_close(proposal: Proposal) -> None:
    """Wait for the ballots being cast to commit, and let no more in until this commits."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_BALLOT_BOX, proposal.pk])


def _ballot_box_open(proposal: Proposal, now: datetime) -> Exists:
    """The vote is open, read when the statement runs (after the hold was granted)."""
    return Exists(Proposal.objects.filter(pk=proposal.pk, phase=Phase.VOTING,
                                          voting_closes_at__gt=now))


def _refuse_ballot(proposal: Proposal, user: User, now: datetime,
                   receipt_given: bool = False) -> None:
    """Why the roll entry could not be changed, most telling reason first."""
    if not Proposal.objects.filter(_ballot_box_open(proposal, now), pk=proposal.pk).exists():
        raise SumaError(_("Voting has closed."), code="closed")
    if receipt_given and Voter.objects.filter(proposal=proposal, user=user).exists():
        raise SumaError(_("That receipt does not match your last ballot in this vote."),
                        code="bad_receipt", field="receipt")
    _refuse_second_ballot(proposal, user)


def _refuse_second_ballot(proposal: Proposal, user: User) -> None:
    entry = Voter.objects.filter(proposal=proposal, user=user).first()
    if entry is None:
        raise NotAllowed(_("You are not on the voter roll of this vote: only members active in "
                           "its scope when voting opened may vote."), code="not_eligible")
    if proposal.secret:
        raise SumaError(_("You have already voted. To change your vote, give the receipt of "
                          "your last ballot."), code="already_voted", field="receipt")
    raise SumaError(_("You have already voted."), code="already_voted")


def delegation_set(*, union: Union, delegator: User, delegate: User,
                   chapter: Chapter | None = None) -> Delegation:
    if delegator.pk == delegate.pk:
        raise SumaError(_("You cannot delegate your vote to yourself."), field="delegate")
    if not Membership.objects.filter(union=union, user=delegate, is_member=True).exists():
        raise SumaError(_("Your delegate must be a member of the union."), field="delegate")
    if chapter is not None and chapter.union_id != union.pk:
        raise SumaError(_("That chapter belongs to another union."), field="chapter")
    if chapter is not None and not ChapterMembership.objects.filter(
            chapter=chapter, membership__user=delegate, status=ChapterStatus.ACTIVE).exists():
        raise SumaError(_("For a chapter, your delegate must be a member of that chapter."),
                        field="delegate")
    with transaction.atomic():
        found, _created = Delegation.objects.update_or_create(
            union=union, chapter=chapter, delegator=delegator,
            defaults={"delegate": delegate})
        audit_append(action="delegation.set", actor=delegator, obj=found,
                     data={"scope": chapter.slug if chapter else union.slug})
        return found


def delegation_remove(*, union: Union, delegator: User, chapter: Chapter | None = None) -> int:
    with transaction.atomic():
        deleted, _rows = Delegation.objects.filter(union=union, chapter=chapter,
                                                   delegator=delegator).delete()
        if deleted:
            audit_append(action="delegation.removed", actor=delegator, obj=union,
                         data={"scope": chapter.slug if chapter else union.slug})
        return deleted


# -- Closing -------------------------------------------------------------------------------

def _delegated_ballots(proposal: Proposal) -> tuple[list[Ballot], dict]:
    """Ballots cast by delegation for members who did not vote, and what the results show."""
    rows = list(Voter.objects.filter(proposal=proposal).values_list(
        "user_id", "voted", "delegate_id", "sealed_choice"))
    if not proposal.seal_salt or not any(delegate for _u, _v, delegate, _s in rows):
        return [], {"delegated": 0, "delegates": 0, "largest": 0}
    carried = delegation_resolve(
        delegate_of={user: delegate for user, _voted, delegate, _sealed in rows},
        voted={user for user, voted, _d, _s in rows if voted})
    sealed = {user: sealed for user, voted, _d, sealed in rows if voted and sealed}
    choices = {voter: sealing.unseal(secret_key=django_settings.SECRET_KEY,
                                     salt=bytes(proposal.seal_salt), proposal_id=proposal.pk,
                                     sealed=sealed[voter])
               for voter in set(carried.values()) if voter in sealed}
    ballots = [Ballot(proposal=proposal, choice=choices[voter], delegated=True,
                      receipt_hash=sealing.ballot_hash(sealing.receipt_new()),
                      voter_id=None if proposal.secret else user)
               for user, voter in carried.items() if voter in choices]
    weights = Counter(voter for voter in carried.values() if voter in choices)
    return ballots, {"delegated": len(ballots), "delegates": len(weights),
                     "largest": max(weights.values(), default=0),
                     "weights": _open_weights(proposal, weights)}


def _open_weights(proposal: Proposal, weights: Counter) -> list[dict]:
    """Each delegate's carried votes, named: only for open ballots."""
    if proposal.secret:
        return []
    names = {m.user_id: m.public_name for m in Membership.objects.filter(
        union_id=proposal.union_id, user_id__in=list(weights)).select_related("user")}
    return [{"delegate": names.get(user, "?"), "votes": count}
            for user, count in weights.most_common()]


def _shuffle_ballots(proposal: Proposal) -> None:
    """Store the ballots again in random order, so that not even their order on disk follows
    the order they were cast in."""
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE suma_ballot_shuffle AS "
                       f"SELECT * FROM {table} WHERE proposal_id = %s", [proposal.pk])
        cursor.execute(f"DELETE FROM {table} WHERE proposal_id = %s", [proposal.pk])
        cursor.execute(f"INSERT INTO {table} SELECT * FROM suma_ballot_shuffle ORDER BY random()")
        cursor.execute("DROP TABLE suma_ballot_shuffle")


def ballot_counts(*, proposal: Proposal) -> list[tuple[str, int]]:
    """(canonical choice, number of ballots), one row per distinct choice."""
    return list(Ballot.objects.filter(proposal=proposal).values("choice")
                .annotate(n=Count("id")).order_by().values_list("choice", "n"))


def result_compute(*, proposal: Proposal) -> dict:
    """Tally the stored ballots (grouped in the database) into the result the pages show."""
    counts = ballot_counts(proposal=proposal)
    ballots = sum(n for _c, n in counts)
    result: dict[str, Any] = {"kind": proposal.kind, "ballots": ballots,
                              "eligible": proposal.eligible_count}
    if proposal.kind in (Kind.YES_NO, Kind.CONSENSUS):
        tallied = dict(counts)
        result["counts"] = tallied
        if proposal.kind == Kind.YES_NO:
            result["passes"] = yes_no_outcome(
                yes=tallied.get("yes", 0), no=tallied.get("no", 0),
                abstain=tallied.get("abstain", 0),
                threshold=Fraction(proposal.threshold_num, proposal.threshold_den))
        else:
            result["passes"] = consensus_outcome(
                agree=tallied.get("agree", 0), abstain=tallied.get("abstain", 0),
                disagree=tallied.get("disagree", 0), block=tallied.get("block", 0))
        return result
    labels = list(proposal.options.order_by("number").values_list("label", flat=True))
    profile = profile_build(kind=proposal.kind, labels=labels, max_score=proposal.max_score,
                            counts=counts)
    method = {Kind.PLURALITY: "plurality"}.get(proposal.kind, proposal.kind)
    outcome = tally(profile, method, seats=proposal.seats,
                    seed=proposal.tie_seed or str(proposal.pk))
    result["tally"] = outcome.as_dict()
    result["passes"] = ballots > 0 and bool(outcome.winners)
    return result


def proposal_close(*, proposal: Proposal, now: datetime | None = None,
                   early: bool = False) -> Proposal:
    """Count delegated votes, tally, publish the bulletin, decide, and enact if it passed."""
    from suma.governance.actions import proposal_enact
    from suma.governance.tasks import proposal_announce

    now = now or timezone.now()
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.phase != Phase.VOTING:
            raise SumaError(_("Only a running vote can be closed."), code="wrong_phase")
        if not early and now < proposal.voting_closes_at:
            raise SumaError(_("Voting is still open."), code="still_open")
        _ballot_box_close(proposal)
        delegated, weight = _delegated_ballots(proposal)
        Ballot.objects.bulk_create(delegated, batch_size=5000)
        _shuffle_ballots(proposal)
        # Nothing of the receipts or of the seal is needed any more: forget them.
        Voter.objects.filter(proposal=proposal, sealed_choice__isnull=False).update(
            sealed_choice=None)
        result = result_compute(proposal=proposal)
        result["delegation"] = weight
        result["direct"] = result["ballots"] - weight["delegated"]
        needed = math.ceil(proposal.quorum_percent * proposal.eligible_count / 100)
        result["quorum_needed"] = needed
        if result["ballots"] < needed or result["ballots"] == 0:
            outcome = Outcome.NO_QUORUM
        else:
            outcome = Outcome.PASSED if result["passes"] else Outcome.FAILED
        proposal.phase, proposal.outcome = Phase.CLOSED, outcome
        proposal.result, proposal.closed_at, proposal.seal_salt = result, now, None
        if early:
            proposal.voting_closes_at = now
        proposal.save()
        audit_append(action="proposal.closed", actor=None, obj=proposal,
                     data={"outcome": outcome, "ballots": result["ballots"],
                           "eligible": proposal.eligible_count,
                           "winners": result.get("tally", {}).get("winners", [])})
        if outcome == Outcome.PASSED and proposal.action_kind:
            proposal_enact(proposal=proposal, now=now)
        transaction.on_commit(lambda: proposal_announce.enqueue(proposal.pk, "result"))
        return proposal


def proposals_advance(*, now: datetime | None = None) -> dict[str, int]:
    """Move every proposal whose deadline passed: open due votes, close finished ones."""
    now = now or timezone.now()
    opened = closed = 0
    for proposal in Proposal.objects.filter(phase=Phase.DISCUSSION, voting_opens_at__lte=now):
        if _advanced(proposal_open_voting, proposal=proposal, by=None, now=now):
            opened += 1
    for proposal in Proposal.objects.filter(phase=Phase.VOTING, voting_closes_at__lte=now):
        if _advanced(proposal_close, proposal=proposal, now=now):
            closed += 1
    return {"opened": opened, "closed": closed}


def _advanced(step, **kwargs) -> bool:
    """Run one phase change; one proposal that fails must not hold up the others."""
    try:
        step(**kwargs)
        return True
    except SumaError:
        return False  # moved on by someone else meanwhile
    except Exception:
        logger.exception("could not advance proposal %s", kwargs["proposal"].pk)
        return False


def voting_reminders_send(*, now: datetime | None = None) -> int:
    """Remind eligible members who have not voted, once, within 24 hours of the close."""
    from suma.governance.tasks import proposal_announce

    now = now or timezone.now()
    due = []
    with transaction.atomic():
        for proposal in Proposal.objects.select_for_update(skip_locked=True).filter(
                phase=Phase.VOTING, reminded=False,
                voting_closes_at__lte=now + timedelta(hours=24), voting_closes_at__gt=now):
            proposal.reminded = True
            proposal.save(update_fields=["reminded"])
            due.append(proposal.pk)
        for pk in due:
            transaction.on_commit(lambda pk=pk: proposal_announce.enqueue(pk, "reminder"))
    return len(due)
