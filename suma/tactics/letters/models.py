"""Letter campaigns, the places members declare, their letters to representatives, replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suma.core.models import TimeStampedModel
from suma.members.models import Union


class LetterCampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for letters")
    CLOSED = "closed", _("Closed")


class LetterCampaign(TimeStampedModel):
    """Letters a campaign asks members to write to their representatives: a template with
    merge fields, talking points, and whom to write to (a body and/or a country)."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="letter_campaigns")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="letter_campaigns", verbose_name=_("campaign"))
    title = models.CharField(_("title"), max_length=200)
    # Whom members write to: the representatives of the member's region (and the national
    # ones) in this country and body; empty country: the member's own; empty body: any.
    country = models.CharField(_("country"), max_length=2, blank=True,
                               help_text=_("Empty: each member writes in their own country."))
    body = models.CharField(_("body"), max_length=200, blank=True,
                            help_text=_("The parliament, council or office, as in the "
                                        "directory, e.g. Deutscher Bundestag. Empty: any."))
    subject = models.CharField(_("subject"), max_length=200)
    template = models.TextField(_("letter template"), max_length=20000)
    talking_points = models.JSONField(_("talking points"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LetterCampaignStatus.choices,
                              default=LetterCampaignStatus.DRAFT)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["-opened_at", "-created_at"]
        verbose_name = _("letter campaign")
        verbose_name_plural = _("letter campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("letter_campaign_detail", args=[self.union.slug, self.pk])


class Constituent(TimeStampedModel):
    """Where a member lives, declared once and used by every letter campaign to find their
    representatives; the address goes on printed letters."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="constituent")
    country = models.CharField(_("country"), max_length=2)
    region = models.CharField(_("constituency or region"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    address = models.TextField(_("postal address"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("constituent")
        verbose_name_plural = _("constituents")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.country} {self.region}"


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class SendMethod(models.TextChoices):
    EMAIL = "email", _("By email")
    POST = "post", _("By post")


class ReplyAnswer(models.TextChoices):
    YES = "yes", _("Yes, they replied")
    NO = "no", _("No")
    NOT_YET = "not_yet", _("Not yet")


class Letter(TimeStampedModel):
    """One member's letter to one representative in one letter campaign: one each, kept by
    the database, so a letter is never sent twice. The representative's name and office are
    copied when it is sent, so the letter reads the same if the directory changes."""

    letter_campaign = models.ForeignKey(LetterCampaign, on_delete=models.CASCADE,
                                        related_name="letters", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+")
    representative = models.ForeignKey("campaigns.Representative", on_delete=models.SET_NULL,
                                       null=True, related_name="+")
    to_name = models.CharField(_("to"), max_length=200)
    to_office = models.CharField(max_length=200, blank=True)
    to_body = models.CharField(max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("letter"), max_length=20000)
    status = models.CharField(_("status"), max_length=10, choices=LetterStatus.choices,
                              default=LetterStatus.DRAFT)
    method = models.CharField(_("sent"), max_length=10, choices=SendMethod.choices, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The identikit check when it was sent: the highest similarity, and the MinHash
    # signature later letters are compared with (see similarity.py).
    similarity = models.FloatField(null=True, blank=True)
    signature = models.JSONField(default=list, blank=True)
    # The "did they reply?" questionnaire, 14 days after sending.
    asked_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(_("did they reply?"), max_length=10, choices=ReplyAnswer.choices,
                              blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["letter_campaign", "user", "representative"],
                                    name="one_letter_per_representative"),
            models.CheckConstraint(condition=Q(status="draft") | Q(sent_at__isnull=False),
                                   name="letter_sent_has_date"),
        ]
        indexes = [
            # The sent letters of a campaign (counts, the identikit corpus).
            models.Index(fields=["letter_campaign", "sent_at"], condition=Q(status="sent"),
                         name="letter_sent_idx"),
            # The questionnaires owed (few at a time).
            models.Index(fields=["sent_at"], condition=Q(status="sent", asked_at=None),
                         name="letter_ask_idx"),
        ]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return f"{self.letter_campaign_id}:{self.pk} to {self.to_name} {self.status}"


class LetterReply(TimeStampedModel):
    """A representative's reply, as the member recorded it: when, what it said, a copy."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="replies")
    received_on = models.DateField(_("received on"))
    summary = models.TextField(_("what they said"), max_length=5000)
    file = models.FileField(_("a copy"), upload_to="letters/replies/%Y/%m/", blank=True)
    filename = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"reply to {self.letter_id} on {self.received_on}"
