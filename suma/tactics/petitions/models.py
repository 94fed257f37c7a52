"""Petitions, their milestones, signatures and the sharded counter of valid signatures."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suma.core.models import TimeStampedModel
from suma.members.models import Union


class PetitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for signatures")
    CLOSED = "closed", _("Closed")
    DELIVERED = "delivered", _("Delivered")


class Petition(TimeStampedModel):
    """A petition of a campaign, addressed to its target; public once it leaves the draft."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="petitions")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="petitions", verbose_name=_("campaign"))
    slug = models.SlugField(_("short name"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000, help_text=_("Markdown."))
    target = models.CharField(_("addressed to"), max_length=300,
                              help_text=_("Who receives the petition, e.g. Meta Platforms "
                                          "Ireland Ltd."))
    status = models.CharField(_("status"), max_length=20, choices=PetitionStatus.choices,
                              default=PetitionStatus.DRAFT)
    opens_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True,
                                     help_text=_("Empty: open until an organiser closes it."))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    anonymise_after_days = models.PositiveSmallIntegerField(
        _("anonymise visitors' signatures after (days)"), default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Days after the petition closes; names, emails and postcodes of people "
                    "without an account are then erased (countries and counts stay)."))
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["-opens_at", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["union", "slug"],
                                               name="petition_slug_unique")]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("petition_detail", args=[self.union.slug, self.slug])

    @property
    def is_public(self) -> bool:
        return self.status != PetitionStatus.DRAFT


class Milestone(models.Model):
    """A count organisers set (10,000: "a response"); reached_at is set once, when it is."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="milestones")
    count = models.PositiveIntegerField(_("signatures"), validators=[MinValueValidator(1)])
    label = models.CharField(_("what it brings"), max_length=100)
    reached_at = models.DateTimeField(_("reached"), null=True, blank=True)

    class Meta:
        ordering = ["count"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "count"], name="milestone_count_unique"),
            models.CheckConstraint(condition=Q(count__gte=1), name="milestone_count_positive"),
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.count}: {self.label}"


class SignatureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    QUARANTINED = "quarantined", _("Held for review")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Signature(models.Model):
    """One person's signature. Only confirmed ones count; one per mailbox among those not
    withdrawn (email_normalised, see emails.py), kept by the database."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures",
                                 db_index=False)  # led by the unique index below
    # A member signing with their account; null for a visitor.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+", db_index=False)
    name = models.CharField(_("name"), max_length=150)
    email = models.CharField(_("email"), max_length=254)
    email_normalised = models.CharField(max_length=254)
    country = models.CharField(_("country"), max_length=2)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SignatureStatus.choices)
    # Why screening held it (comma-separated, see screening.py); empty for most. A visitor's
    # suspicious signature stays pending until confirmed, then goes to the review queue.
    suspicion = models.CharField(max_length=200, blank=True)
    # The confirmation token's SHA-256 (the token itself is only in the email).
    token_hash = models.CharField(max_length=64, blank=True)
    token_issued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("signed"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    anonymised = models.BooleanField(default=False)
    # The language the signer used: their confirmation email is written in it.
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "email_normalised"],
                                    condition=~Q(status="withdrawn"),
                                    name="one_signature_per_mailbox"),
        ]
        indexes = [
            # A member's signatures (the sign button's state, their country next time).
            models.Index(fields=["user", "petition"], condition=Q(user__isnull=False),
                         name="signature_user_idx"),
            # The review queue, small.
            models.Index(fields=["petition", "created_at"], condition=Q(status="quarantined"),
                         name="signature_review_idx"),
            # The confirmation emails owed (services.signature_confirmations_send), few.
            models.Index(fields=["id"], condition=Q(status="pending", token_issued_at=None),
                         name="signature_email_owed_idx"),
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.pk} {self.status}"


class SignatureCount(models.Model):
    """The counter of valid signatures, per country, split in shards.

    Each confirmed signature adds one to a random shard of its country, in the transaction
    that confirms it; a withdrawal takes one off. Concurrent signings thus rarely wait for
    the same row, and the sum over the rows equals the valid signatures exactly.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+",
                                 db_index=False)  # led by the unique index below
    country = models.CharField(max_length=2)
    shard = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "country", "shard"],
                                               name="signature_count_shard_unique")]

    def __str__(self) -> str:
        return f"{self.petition_id}:{self.country}:{self.shard}={self.n}"
