"""Data-rights requests under the GDPR, the drives that coordinate them, and escalation.

A member's request to one controller (an Organisation of the directory that takes data-rights
requests) asks for one or more rights (suma.rights.letters.Kind). It moves

    draft → sent → acknowledged → extended → answered (complete | incomplete)
                                            ↘ overdue → reminded → complaint

Its legal deadline (suma.rights.deadlines) is stored with it once the controller has it, so
finding the overdue ones is one set-based UPDATE however many there are. A drive invites
the members of a union (or of a chapter) to send the same request to one controller; its
dashboard counts their requests by status. Members may mandate the union under Art. 80(1)
to complain for them (versioned mandate text, dated consent, revocable); a complaint to a
supervisory authority covers one request or, collective, every mandated member's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Campaign, Organisation
from suma.core.models import TimeStampedModel
from suma.members.models import Chapter, Union


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    EXTENDED = "extended", _("Extended")
    COMPLETE = "complete", _("Answered, complete")
    INCOMPLETE = "incomplete", _("Answered, incomplete")
    OVERDUE = "overdue", _("Overdue")
    REMINDED = "reminded", _("Reminded")
    COMPLAINT = "complaint", _("Complaint lodged")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The controller has the request and owes an answer: the deadline runs.
AWAITING = (RequestStatus.SENT, RequestStatus.ACKNOWLEDGED, RequestStatus.EXTENDED)
# Past the deadline with no complete answer.
LATE = (RequestStatus.OVERDUE, RequestStatus.REMINDED)


class Channel(models.TextChoices):
    EMAIL = "email", _("Email, sent by Suma")
    LETTER = "letter", _("Letter by post (printed PDF)")
    WEBFORM = "webform", _("The controller's web form")
    FAX = "fax", _("Fax")


class DriveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Drive(TimeStampedModel):
    """An organiser's call: every member of the union (or of a chapter) asks one controller
    for the same rights, each in their own name."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="drives")
    slug = models.SlugField(_("short name"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    controller = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                   related_name="drives", verbose_name=_("controller"))
    kinds = models.JSONField(_("rights asked for"), default=list,
                             help_text=_("Values of suma.rights.letters.Kind."))
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="drives", verbose_name=_("chapter"),
                                help_text=_("Empty: every member of the union may join."))
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="drives", verbose_name=_("campaign"))
    status = models.CharField(_("status"), max_length=20, choices=DriveStatus.choices,
                              default=DriveStatus.DRAFT)
    opens_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    # The printable letters of every request of the drive, made in the background.
    letters_total = models.PositiveIntegerField(default=0)
    letters_done = models.PositiveIntegerField(default=0)
    letters_file = models.CharField(max_length=255, blank=True)
    letters_started_at = models.DateTimeField(null=True, blank=True)
    letters_finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["union", "slug"],
                                               name="drive_slug_unique")]
        verbose_name = _("request drive")
        verbose_name_plural = _("request drives")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("drive_detail", args=[self.union.slug, self.slug])


class DataRequest(TimeStampedModel):
    """One member's request to one controller."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="data_requests")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="data_requests")
    drive = models.ForeignKey(Drive, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="requests")
    controller = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                   related_name="data_requests",
                                   verbose_name=_("controller"))
    kinds = models.JSONField(_("rights asked for"), default=list)
    # What the letter says per right (what to rectify, which processing to object to …).
    details = models.JSONField(default=dict, blank=True)
    # The identification the controller requires, as [label, value] pairs.
    identification = models.JSONField(default=list, blank=True)
    language = models.CharField(_("language"), max_length=10)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.DRAFT)
    # The letter as sent: what a complaint quotes.
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)

    sent_on = models.DateField(_("sent"), null=True, blank=True)
    received_on = models.DateField(_("received by the controller"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged"), null=True, blank=True)
    extended_on = models.DateField(_("extension notified"), null=True, blank=True)
    extension_reasons = models.TextField(_("reasons given for the extension"), blank=True)
    # The deadline in force: one month from receipt, three once extended (Art. 12(3)).
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    answered_on = models.DateField(_("answered"), null=True, blank=True)
    # Keys of suma.rights.letters items the answer contained (the completeness check).
    contained = models.JSONField(default=list, blank=True)
    overdue_on = models.DateField(_("overdue since"), null=True, blank=True)
    reminded_on = models.DateField(_("reminded"), null=True, blank=True)
    complained_on = models.DateField(_("complaint lodged"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One request per member and drive: joining twice sends nothing twice.
            models.UniqueConstraint(fields=["drive", "member"], condition=Q(drive__isnull=False),
                                    name="one_request_per_member_and_drive"),
        ]
        indexes = [
            # The sweep: awaiting requests by deadline.
            models.Index(fields=["deadline"], name="request_awaiting_deadline",
                         condition=Q(status__in=["sent", "acknowledged", "extended"])),
            models.Index(fields=["member", "status"], name="request_member_status"),
            models.Index(fields=["controller", "status"], name="request_controller_status"),
        ]
        verbose_name = _("data-rights request")
        verbose_name_plural = _("data-rights requests")

    def __str__(self) -> str:
        return f"{self.reference} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("request_detail", args=[self.union.slug, self.reference])


class RequestEvent(models.Model):
    """What happened to a request, dated: its history, and the timeline of a complaint."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Drafted")
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        EXTENDED = "extended", _("Extended")
        ANSWERED = "answered", _("Answered")
        REPLY = "reply", _("Reply attached")
        CHECKED = "checked", _("Answer checked")
        OVERDUE = "overdue", _("Overdue")
        REMINDED = "reminded", _("Reminded")
        FOLLOW_UP = "follow_up", _("Follow-up sent")
        COMPLAINT = "complaint", _("Complaint lodged")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["on", "at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.kind} {self.on}"


class Reply(TimeStampedModel):
    """A controller's reply a member forwarded or uploaded: an .eml or a PDF."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="replies")
    file = models.FileField(upload_to="rights/replies/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    received_on = models.DateField(_("received"))
    # From an .eml: who sent it and its subject, shown in the history.
    sender = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")

    class Meta:
        ordering = ["received_on", "id"]


class MandateText(models.Model):
    """A version of the union's Art. 80(1) mandate: members consent to one version."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="mandate_texts")
    version = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        ordering = ["union", "-version"]
        constraints = [models.UniqueConstraint(fields=["union", "version"],
                                               name="mandate_text_version_unique")]

    def __str__(self) -> str:
        return f"{self.union_id} v{self.version}"


class Mandate(models.Model):
    """A member's explicit, dated consent that the union lodge complaints for them; revoked,
    it is never used again."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="mandates")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="mandates")
    text = models.ForeignKey(MandateText, on_delete=models.PROTECT, related_name="mandates")
    consented_at = models.DateTimeField(_("consented"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-consented_at"]
        constraints = [models.UniqueConstraint(fields=["union", "member"],
                                               condition=Q(revoked_at__isnull=True),
                                               name="one_live_mandate_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.union_id} ({'revoked' if self.revoked_at else 'live'})"


class ComplaintStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LODGED = "lodged", _("Lodged")


class Complaint(TimeStampedModel):
    """A complaint to a supervisory authority (Art. 77): one member's about one request, or
    the union's collective one about a controller, for every member who mandated it."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="complaints")
    controller = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("supervisory authority"))
    collective = models.BooleanField(default=False)
    requests = models.ManyToManyField(DataRequest, related_name="complaints")
    status = models.CharField(max_length=10, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.DRAFT)
    lodged_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    # The date the letters carry, and their language (the authority's, when Suma writes it).
    drafted_on = models.DateField(_("drafted"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    # The PDF bundle: a collective draft's, made in the background; every complaint's once
    # lodged, kept as the record of what was lodged.
    file = models.FileField(upload_to="rights/complaints/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-created_at"]
