"""Proposals, their options and discussion, the voter roll, detached ballots, delegations."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suma.core.models import TimeStampedModel
from suma.members.models import Chapter, Union


class Who(models.TextChoices):
    MEMBERS = "members", _("Any member")
    ORGANISERS = "organisers", _("Organisers and stewards")
    STEWARDS = "stewards", _("Stewards only")


class OpenWho(models.TextChoices):
    AUTHOR = "author", _("The proposal's author, organisers and stewards")
    ORGANISERS = "organisers", _("Organisers and stewards")
    STEWARDS = "stewards", _("Stewards only")


class GovernanceSettings(TimeStampedModel):
    """A union's rules for deciding; a passed proposal can change them (see actions.py)."""

    union = models.OneToOneField(Union, on_delete=models.CASCADE, related_name="governance")
    who_may_propose = models.CharField(_("who may propose"), max_length=20, choices=Who.choices,
                                       default=Who.MEMBERS)
    who_may_open_vote = models.CharField(_("who may open a vote"), max_length=20,
                                         choices=OpenWho.choices, default=OpenWho.ORGANISERS)
    delegation = models.BooleanField(_("members may delegate their vote"), default=False)
    quorum_percent = models.PositiveSmallIntegerField(
        _("default quorum (% of eligible members)"), default=20,
        validators=[MaxValueValidator(100)])
    discussion_days = models.PositiveSmallIntegerField(
        _("default discussion (days)"), default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)])
    voting_days = models.PositiveSmallIntegerField(
        _("default voting (days)"), default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)])
    strikes_need_proposal = models.BooleanField(
        _("a strike needs a passed proposal before it is launched"), default=False)

    class Meta:
        verbose_name = _("decision rules")
        constraints = [models.CheckConstraint(condition=Q(quorum_percent__lte=100),
                                              name="settings_quorum_is_a_share")]

    def __str__(self) -> str:
        return f"{self.union}"


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DISCUSSION = "discussion", _("Discussion")
    VOTING = "voting", _("Voting")
    CLOSED = "closed", _("Closed")
    ENACTED = "enacted", _("Enacted")


class Outcome(models.TextChoices):
    NONE = "", _("Not decided")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    NO_QUORUM = "no_quorum", _("No quorum")


class Kind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no / abstain")
    CONSENSUS = "consensus", _("Consensus (agree, abstain, disagree, block)")
    PLURALITY = "plurality", _("Single choice")
    APPROVAL = "approval", _("Approval")
    SCORE = "score", _("Score")
    IRV = "irv", _("Ranked choice (instant runoff)")
    SCHULZE = "schulze", _("Ranked, Condorcet (Schulze)")
    STV = "stv", _("Multi-seat election (STV)")


RANKED_KINDS = (Kind.IRV, Kind.SCHULZE, Kind.STV)
OPTION_KINDS = (Kind.PLURALITY, Kind.APPROVAL, Kind.SCORE, *RANKED_KINDS)


class Proposal(TimeStampedModel):
    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="proposals")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="proposals",
                                help_text=_("Empty for a proposal to the whole union."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=20000,
                            help_text=_("Markdown: **bold**, *italic*, lists, links."))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices,
                             default=Phase.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices,
                               default=Outcome.NONE, blank=True)
    kind = models.CharField(_("ballot"), max_length=20, choices=Kind.choices,
                            default=Kind.YES_NO)
    secret = models.BooleanField(_("secret ballot"), default=True)
    # Passing share of yes among yes+no: 1/2 means more than half, others at least the share.
    threshold_num = models.PositiveSmallIntegerField(default=1)
    threshold_den = models.PositiveSmallIntegerField(default=2)
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (% of eligible members)"),
                                                      default=20)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    option_count = models.PositiveSmallIntegerField(default=0, editable=False)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    discussion_closes_at = models.DateTimeField(_("discussion closes"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    # Filled when voting opens: the size of the voter roll and the public tie-break seed.
    eligible_count = models.PositiveIntegerField(_("eligible members"), default=0)
    tie_seed = models.CharField(_("tie-break seed"), max_length=64, blank=True)
    # Random salt that, with the secret key, seals delegates' choices; wiped at the close.
    seal_salt = models.BinaryField(null=True, blank=True, editable=False)
    reminded = models.BooleanField(default=False, editable=False)
    result = models.JSONField(_("result"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    action_kind = models.CharField(_("action when passed"), max_length=50, blank=True)
    action_params = models.JSONField(_("action settings"), default=dict, blank=True)
    action_outcome = models.JSONField(_("what the action did"), null=True, blank=True)
    enacted_at = models.DateTimeField(_("enacted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["phase", "voting_closes_at"]),
                   models.Index(fields=["union", "phase"])]
        constraints = [
            models.CheckConstraint(condition=Q(threshold_num__lte=F("threshold_den"))
                                   & Q(threshold_num__gt=0), name="proposal_threshold_share"),
            models.CheckConstraint(condition=Q(quorum_percent__lte=100),
                                   name="proposal_quorum_share"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="proposal_seats_positive"),
            models.CheckConstraint(
                condition=Q(voting_opens_at__isnull=True) | Q(voting_closes_at__isnull=True)
                | Q(voting_closes_at__gt=F("voting_opens_at")),
                name="proposal_voting_window_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposal_detail", args=[self.union.slug, self.pk])

    @property
    def scope(self):
        """The chapter the proposal belongs to, or the whole union."""
        return self.chapter or self.union

    @property
    def is_ranked(self) -> bool:
        return self.kind in RANKED_KINDS

    @property
    def has_options(self) -> bool:
        return self.kind in OPTION_KINDS


class Option(models.Model):
    """A choice on the ballot; numbered from 1 in the order shown."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="options")
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("option"), max_length=200)
    # For an election of stewards: the candidate.
    candidate = models.ForeignKey("members.Membership", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="candidacies")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="option_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="option_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class Comment(TimeStampedModel):
    """The discussion thread: comments, and replies to them."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies")
    body = models.TextField(_("comment"), max_length=5000)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


class Voter(models.Model):
    """The voter roll: who was eligible when voting opened, and whether they voted.

    Nothing here points at a ballot. A secret ballot's receipt code is known only to its voter;
    this row keeps a hash of it under one salt, the ballot a hash under another, so nobody
    without the code can join the two.
    """

    # Indexed by the unique (proposal, user) below; a second, proposal-only index would let
    # the planner scan a whole roll to mark one voter when statistics are stale.
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="voters",
                                 db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    voted = models.BooleanField(default=False)
    receipt_check = models.CharField(max_length=64, blank=True)
    # The member's delegate in this scope when voting opened (delegation snapshot).
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    # A delegate's choice, sealed with a key that is destroyed at the close: only delegates,
    # only until the close, and never readable from the database alone (see docs).
    sealed_choice = models.BinaryField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_roll_entry_per_voter"),
            models.CheckConstraint(condition=Q(voted=False) | ~Q(receipt_check=""),
                                   name="voter_who_voted_holds_a_receipt_check"),
        ]
        # Few indexes, since every ballot rewrites a roll row: turnout is counted through the
        # unique (proposal, user) index, and only rows with a delegate are indexed by it.
        indexes = [models.Index(fields=["proposal", "delegate"],
                                condition=Q(delegate__isnull=False),
                                name="voter_delegate_idx")]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.user_id}"


class Ballot(models.Model):
    """One counted ballot. Secret ballots carry no voter, no time and a random id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballots",
                                 db_index=False)  # led by the (proposal, receipt) index below
    choice = models.CharField(max_length=1000)
    receipt_hash = models.CharField(max_length=64)
    delegated = models.BooleanField(default=False)
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", help_text="open ballots only")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "receipt_hash"],
                                    name="ballot_receipt_unique"),
            models.UniqueConstraint(fields=["proposal", "voter"], condition=Q(voter__isnull=False),
                                    name="one_open_ballot_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.receipt_hash[:8]}"


class Delegation(TimeStampedModel):
    """A member's standing delegation of their vote in a scope (a chapter, or the union)."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="delegations")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="delegations")
    delegator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="delegations_given")
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="delegations_received")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["union", "delegator"], condition=Q(chapter=None),
                                    name="one_union_delegation"),
            models.UniqueConstraint(fields=["chapter", "delegator"],
                                    condition=Q(chapter__isnull=False),
                                    name="one_chapter_delegation"),
            models.CheckConstraint(condition=~Q(delegator=F("delegate")),
                                   name="no_delegation_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.delegator_id} → {self.delegate_id}"


class AdoptedText(TimeStampedModel):
    """A text the union adopted by a vote: a policy, a statement, a rule."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="adopted_texts")
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="adopted")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
