"""Shared models: audit entries, notifications, preferences, API tokens, job bookkeeping."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One link of the append-only audit chain (see suma.core.chain)."""

    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    created_at = models.DateTimeField(_("time"))
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    data = models.JSONField(_("data"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def content(self) -> dict:
        """What the hash covers."""
        return {
            "seq": self.seq,
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "data": self.data,
        }


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    category = models.CharField(_("category"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    # What it is about (e.g. "campaign:12"), for grouping a digest.
    group = models.CharField(_("group"), max_length=100, blank=True)
    # Its email waits for the next digest (see suma.core.mail.notification_digests_deliver).
    digest = models.BooleanField(_("sent in a digest"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"]),
                   models.Index(fields=["user"], name="notification_digest_due",
                                condition=models.Q(digest=True, emailed_at__isnull=True))]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A member's choice per category; no row means the category's default (both on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    category = models.CharField(_("category"), max_length=50)
    in_app = models.BooleanField(_("on the site"), default=True)
    email = models.BooleanField(_("by email"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "category"],
                                               name="one_preference_per_category")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.category}"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PeriodicRun(models.Model):
    """One period's run of a periodic job: the unique row makes it run once, however many
    workers there are."""

    name = models.CharField(max_length=200)
    period_start = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "period_start"],
                                               name="one_run_per_period")]

    def __str__(self) -> str:
        return f"{self.name}@{self.period_start:%Y-%m-%dT%H:%M}"


class WorkerHeartbeat(models.Model):
    """A live worker; a job held by a worker whose heartbeat stopped is run again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=200, blank=True)
    pid = models.IntegerField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker_id


class JobAttempt(models.Model):
    """Retry bookkeeping for a django-tasks-db result: how often it ran and failed."""

    task_result_id = models.CharField(max_length=64, primary_key=True)
    attempts = models.IntegerField(default=0)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.task_result_id}: {self.attempts}"
