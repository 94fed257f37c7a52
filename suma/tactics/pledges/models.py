"""Conditional pledges and strikes, the members' signups, daily check-ins and follow-ups.

A pledge reads "I will <action> from <starts_at> to <ends_at>, but only if <threshold> of us
in <scope> pledge by <deadline>". The threshold counts every pledger, the one reading
included: a pledge of 50 activates the moment the 50th valid pledge lands.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suma.campaigns.models import Campaign, Organisation
from suma.core.models import TimeStampedModel
from suma.members.models import Chapter, Union


class PledgeKind(models.TextChoices):
    PLEDGE = "pledge", _("Pledge")
    STRIKE = "strike", _("Strike")


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COLLECTING = "collecting", _("Collecting pledges")
    ACTIVATED = "activated", _("Activated")
    IN_EFFECT = "in_effect", _("In effect")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", _("Failed")


# Once activated, a pledge stays activated whatever follows.
ACTIVATED_STATES = (PledgeStatus.ACTIVATED, PledgeStatus.IN_EFFECT, PledgeStatus.FINISHED)


class StrikeAction(models.TextChoices):
    LOG_OUT = "log_out", _("Log out of the platform")
    STOP_TASKS = "stop_tasks", _("Stop taking tasks")
    WITHHOLD_DATA = "withhold_data", _("Withhold our data")


class Pledge(TimeStampedModel):
    """An assurance contract: nobody is bound until `threshold` members have pledged."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="pledges")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pledges",
                                 verbose_name=_("campaign"))
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="pledges", verbose_name=_("scope"),
                                help_text=_("Empty: every member of the union may pledge."))
    kind = models.CharField(_("kind"), max_length=20, choices=PledgeKind.choices,
                            default=PledgeKind.PLEDGE)
    title = models.CharField(_("title"), max_length=200)
    action = models.CharField(_("I will …"), max_length=300,
                              help_text=_("What each pledger promises to do, e.g. "
                                          "“log out of Facebook”."))
    details = models.TextField(_("details"), blank=True, max_length=10000,
                               help_text=_("Markdown."))
    threshold = models.PositiveIntegerField(
        _("pledgers needed"),
        help_text=_("It activates when this many members have pledged, each pledger counted."))
    deadline = models.DateTimeField(_("deadline for pledging"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    confidential = models.BooleanField(
        _("confidential until activation"), default=False,
        help_text=_("Until it activates, everyone sees only the count, never names."))
    status = models.CharField(_("status"), max_length=20, choices=PledgeStatus.choices,
                              default=PledgeStatus.DRAFT)
    # Kept exact in the transaction that adds or withdraws a signup (under the row lock).
    pledge_count = models.PositiveIntegerField(_("pledges"), default=0, editable=False)
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    # A strike: what pledgers withdraw from which target, stored for the access gateway.
    strike_action = models.CharField(_("strike action"), max_length=20, blank=True,
                                     choices=StrikeAction.choices)
    target = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="strikes", verbose_name=_("target"))
    # Bookkeeping of the jobs, so each reminder goes out once.
    nudged_at = models.DateTimeField(null=True, blank=True, editable=False)
    deadline_reminded = models.BooleanField(default=False, editable=False)
    prompted_on = models.DateField(null=True, blank=True, editable=False)
    followup_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["union", "status"]),
                   models.Index(fields=["status", "deadline"]),
                   models.Index(fields=["kind", "status", "ends_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=1),
                                   name="pledge_threshold_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="pledge_window_ordered"),
            models.CheckConstraint(condition=Q(deadline__lte=F("starts_at")),
                                   name="pledge_deadline_before_window"),
            models.CheckConstraint(
                condition=Q(kind=PledgeKind.PLEDGE, strike_action="", target__isnull=True)
                | (Q(kind=PledgeKind.STRIKE, target__isnull=False) & ~Q(strike_action="")),
                name="pledge_strike_has_action_and_target"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ACTIVATED_STATES],
                            activated_at__isnull=False)
                | (~Q(status__in=[s.value for s in ACTIVATED_STATES])
                   & Q(activated_at__isnull=True)),
                name="pledge_activated_iff_activated_at"),
        ]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pledge_detail", args=[self.union.slug, self.pk])

    @property
    def scope(self):
        return self.chapter or self.union

    @property
    def is_strike(self) -> bool:
        return self.kind == PledgeKind.STRIKE

    @property
    def is_activated(self) -> bool:
        return self.status in ACTIVATED_STATES

    @property
    def others_needed(self) -> int:
        """The "N others" of the pledge's sentence: everyone but the one reading it."""
        return self.threshold - 1

    @property
    def still_needed(self) -> int:
        return max(0, self.threshold - self.pledge_count)


class PledgeSignup(models.Model):
    """One member's pledge; withdrawn ones stay, with their date, and no longer count."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes, I did it")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="pledge_signups")
    created_at = models.DateTimeField(_("pledged"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # Set once the pledger was told "it's on", so a retried job never tells them twice.
    told_activated = models.BooleanField(default=False)
    followup = models.CharField(_("did you do it?"), max_length=10, blank=True,
                                choices=Answer.choices)
    followup_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "user"],
                                    condition=Q(withdrawn_at__isnull=True),
                                    name="one_active_signup_per_pledger"),
        ]
        indexes = [models.Index(fields=["user", "pledge"])]
        verbose_name = _("signup")
        verbose_name_plural = _("signups")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.pledge_id}"


class CheckIn(models.Model):
    """"I'm on strike today": one per pledger per day of the window."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="check_ins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "id"]
        constraints = [models.UniqueConstraint(fields=["pledge", "user", "day"],
                                               name="one_check_in_per_day")]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
