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
    AUTHORITY = "authority", _("Data-protection authority")
    OTHER = "other", _("Other")


class OrganisationSource(models.TextChoices):
    HAND = "", _("Added by hand")
    DATENANFRAGEN = "datenanfragen", _("The datenanfragen.de directory")


class Transport(models.TextChoices):
    """How a request or a complaint is best sent."""

    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    FAX = "fax", _("Fax")
    WEBFORM = "webform", _("Web form")


class Organisation(TimeStampedModel):
    """An entry of the directory of targets, shared by every union of the installation.

    Entries are added by hand or come from a source (the datenanfragen.de directory of data
    controllers and supervisory authorities, see suma.campaigns.directory), which a refresh
    keeps up to date by `slug`; the fields from `slug` down are the source's.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True,
                               help_text=_("ISO 3166 code, e.g. IE; empty when it acts worldwide."))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    contacts = models.TextField(_("other contacts"), blank=True,
                                help_text=_("People, offices and phone numbers, one per line."))
    is_controller = models.BooleanField(
        _("takes data-rights requests"), default=False,
        help_text=_("A data controller: members may send it access and erasure requests."))
    webform = models.URLField(_("web form"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    slug = models.CharField(_("directory key"), max_length=100, blank=True,
                            help_text=_("The source's key for the entry, e.g. facebook."))
    source = models.CharField(_("source"), max_length=20, blank=True, default="",
                              choices=OrganisationSource.choices)
    relevant_countries = models.JSONField(
        _("relevant countries"), default=list, blank=True,
        help_text=_("ISO codes of the countries it serves, or \"all\"."))
    categories = models.JSONField(_("categories"), default=list, blank=True)
    runs = models.JSONField(_("runs"), default=list, blank=True,
                            help_text=_("Brands and services it is responsible for."))
    request_language = models.CharField(_("language of requests"), max_length=8, blank=True)
    complaint_language = models.CharField(_("language of complaints"), max_length=8,
                                          blank=True)
    required_elements = models.JSONField(
        _("identification required"), default=list, blank=True,
        help_text=_("What a request must give to identify the person."))
    needs_id_document = models.BooleanField(_("needs an identity document"), default=False)
    suggested_transport = models.CharField(_("suggested channel"), max_length=10, blank=True,
                                           choices=Transport.choices)
    quality = models.CharField(_("quality of the record"), max_length=20, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    # Records of the source with the same name and country, folded into this entry, each
    # with its own slug, countries and contacts (see directory_data.merge_collisions).
    branches = models.JSONField(_("branches"), default=list, blank=True)
    # The name, slugs and what it runs, folded (lower case, no accents), for the search.
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"],
                                    name="organisation_name_country_unique"),
            models.UniqueConstraint(fields=["slug"], condition=~models.Q(slug=""),
                                    name="organisation_slug_unique"),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


class Representative(TimeStampedModel):
    """A member of a parliament or a regulator's office, whom letters are addressed to;
    imported from a file (see suma.campaigns.directory.representatives_import)."""

    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=200, blank=True,
                              help_text=_("For example Member of Parliament."))
    body = models.CharField(_("body"), max_length=200,
                            help_text=_("The parliament, council or office they sit in."))
    region = models.CharField(_("constituency or region"), max_length=200, blank=True,
                              help_text=_("Empty for those elected nationally."))
    # The region folded (lower case, no accents): how members are matched to it.
    region_key = models.CharField(max_length=200, blank=True, editable=False)
    country = models.CharField(_("country"), max_length=2)
    email = models.EmailField(_("email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    webform = models.URLField(_("web form"), blank=True)
    party = models.CharField(_("party"), max_length=200, blank=True)
    source_file = models.CharField(_("imported from"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["country", "body", "region", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "body", "region"],
                                               name="representative_unique")]
        indexes = [models.Index(fields=["country", "region_key"],
                                name="representative_region")]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return f"{self.name} ({self.body})"


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

