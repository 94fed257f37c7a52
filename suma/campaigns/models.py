"""Targets, campaigns, their grievance lists of demands with a dated history, the timeline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suma.core.models import TimeStampedModel
from suma.members.models import Chapter, Union


class OrganisationKind(models.TextChoices):
    PLATFORM = "platform", _("Platform")
    COMPANY = "company", _("Company")
    REGULATOR = "regulator", _("Regulator")
    LEGISLATURE = "legislature", _("Legislature")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")


class Organisation(TimeStampedModel):
    """An entry of the directory of targets, shared by every union of the installation."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True,
                               help_text=_("ISO 3166 code, e.g. IE; empty when it acts worldwide."))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    contacts = models.TextField(_("other contacts"), blank=True,
                                help_text=_("People, offices and phone numbers, one per line."))

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"],
                                               name="organisation_name_country_unique")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Campaign(TimeStampedModel):
    """A union's campaign against one or more targets; public once it leaves the draft."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="campaigns")
    slug = models.SlugField(_("short name"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    targets = models.ManyToManyField(Organisation, related_name="campaigns",
                                     verbose_name=_("targets"))
    chapters = models.ManyToManyField(Chapter, related_name="campaigns", blank=True,
                                      verbose_name=_("owner chapters"),
                                      help_text=_("Empty: the whole union runs it."))
    status = models.CharField(_("status"), max_length=20, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-launched_at", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["union", "slug"],
                                               name="campaign_slug_unique")]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaign_detail", args=[self.union.slug, self.slug])


class EventKind(models.TextChoices):
    # Added by Suma itself.
    LAUNCH = "launch", _("Launch")
    MILESTONE = "milestone", _("Milestone")
    ACTIVATION = "activation", _("Activation")
    DELIVERY = "delivery", _("Delivery")
    STATUS = "status", _("Status change")
    DEMAND = "demand", _("Demand update")
    # Added by organisers.
    RESPONSE = "response", _("Response from a target")
    PRESS = "press", _("Press")
    OUTCOME = "outcome", _("Outcome")
    NOTE = "note", _("Note")


SYSTEM_EVENTS = {EventKind.LAUNCH, EventKind.MILESTONE, EventKind.ACTIVATION,
                 EventKind.DELIVERY, EventKind.STATUS, EventKind.DEMAND}


class TimelineEvent(TimeStampedModel):
    """One dated entry of a campaign's public timeline; `by` is empty for Suma's own."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    happened_at = models.DateTimeField(_("when"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("details"), blank=True, help_text=_("Markdown."))
    link = models.URLField(_("link"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "-happened_at"], name="timeline_order")]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return self.title


class GrievanceSection(models.Model):
    """A numbered section of a campaign's grievance list, like the seed's lists A, B and C."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=10, help_text=_("For example A, B or C."))
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"],
                                               name="section_code_unique")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class DemandStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the target")
    PARTIALLY_MET = "partially_met", _("Partially met")
    MET = "met", _("Met")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Demand(TimeStampedModel):
    """One numbered demand (A1, A2 …); its status history is in DemandEvent."""

    section = models.ForeignKey(GrievanceSection, on_delete=models.CASCADE,
                                related_name="demands")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("demand"))
    status = models.CharField(_("status"), max_length=20, choices=DemandStatus.choices,
                              default=DemandStatus.PROPOSED)

    class Meta:
        ordering = ["section__position", "section__code", "number"]
        constraints = [models.UniqueConstraint(fields=["section", "number"],
                                               name="demand_number_unique")]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    @property
    def code(self) -> str:
        return f"{self.section.code}{self.number}"


class DemandEvent(models.Model):
    """A dated change of a demand's status, with the evidence for it."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=20, choices=DemandStatus.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    # Set when a passed proposal adopted the demand (the demands_adopt action).
    proposal = models.ForeignKey("governance.Proposal", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("demand update")
        verbose_name_plural = _("demand updates")

    def __str__(self) -> str:
        return f"{self.demand.code} {self.status} {self.on}"


class CampaignMute(models.Model):
    """A member who unsubscribed from one campaign's notifications (and digests)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "user"],
                                               name="campaign_mute_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} muted {self.campaign_id}"

