"""People, unions and the chapters they are organised in."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from suma.core.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        email = self.normalize_email(email)
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account; email is the login."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True,
                                choices=settings.LANGUAGES)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email


class Union(TimeStampedModel):
    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("Markdown. Shown on the public page."))
    # Memberships with is_member: kept exact by membership_refresh (an F() update in the
    # transaction that flips is_member), so that pages and the API need not count 100,000 rows.
    member_count = models.PositiveIntegerField(_("Members"), default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("union")
        verbose_name_plural = _("unions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("union_detail", args=[self.slug])


class JoinRule(models.TextChoices):
    OPEN = "open", _("Open: anyone may join")
    APPROVAL = "approval", _("Approval by an organiser")
    INVITATION = "invitation", _("By invitation link")
    EMAIL_DOMAIN = "email_domain", _("Verified email address at a domain")


class Chapter(TimeStampedModel):
    """A union's local group, built on an existing community."""

    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="chapters")
    slug = models.SlugField(_("short name"))
    name = models.CharField(_("name"), max_length=200)
    community = models.CharField(_("community"), max_length=300, blank=True,
                                 help_text=_("The existing community this chapter grows from."))
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    join_rule = models.CharField(_("how to join"), max_length=20, choices=JoinRule.choices,
                                 default=JoinRule.APPROVAL)
    email_domain = models.CharField(_("email domain"), max_length=200, blank=True,
                                    help_text=_("For the verified-domain rule, e.g. example.org"))
    # Active places: kept exact by the services that move a place into or out of ACTIVE.
    member_count = models.PositiveIntegerField(_("Members"), default=0, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["union", "slug"], name="chapter_slug_unique"),
            models.CheckConstraint(
                condition=~Q(join_rule="email_domain") | ~Q(email_domain=""),
                name="email_domain_rule_has_domain",
            ),
        ]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("chapter_detail", args=[self.union.slug, self.slug])


class UnionRole(models.TextChoices):
    MEMBER = "member", _("Member")
    STEWARD = "steward", _("Steward")


class Membership(TimeStampedModel):
    """A person in a union: their pseudonym and union-wide role."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    union = models.ForeignKey(Union, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=UnionRole.choices,
                            default=UnionRole.MEMBER)
    pseudonym = models.CharField(
        _("pseudonym"), max_length=80, blank=True,
        help_text=_("Other members see this name instead of yours. Only stewards see who you are."),
    )
    # A steward, or active in at least one chapter: kept by the services (membership_refresh)
    # so that a union of 100,000 counts and pages its members off one small index instead of
    # joining every chapter place on every request.
    is_member = models.BooleanField(_("member"), default=False, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "union"], name="one_membership_per_union"),
            models.UniqueConstraint(fields=["union", "pseudonym"], condition=~Q(pseudonym=""),
                                    name="pseudonym_unique_in_union"),
        ]
        indexes = [models.Index(fields=["union", "id"], condition=Q(is_member=True),
                                name="membership_members_idx")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.union}"

    @property
    def public_name(self) -> str:
        """The name other members see."""
        return self.pseudonym or self.user.name or self.user.email.split("@")[0]


class ChapterStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class ChapterRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ORGANISER = "organiser", _("Organiser")


class ChapterMembership(TimeStampedModel):
    """A person's place in a chapter: an application until it is active."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE,
                                   related_name="chapter_memberships")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE,
                                related_name="chapter_memberships")
    status = models.CharField(_("status"), max_length=20, choices=ChapterStatus.choices,
                              default=ChapterStatus.PENDING)
    role = models.CharField(_("role"), max_length=20, choices=ChapterRole.choices,
                            default=ChapterRole.MEMBER)
    message = models.TextField(_("message to the organisers"), blank=True, max_length=2000)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decline_reason = models.TextField(_("reason"), blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "chapter"],
                                    name="one_place_per_chapter"),
        ]
        indexes = [models.Index(fields=["chapter", "status"])]
        verbose_name = _("chapter membership")
        verbose_name_plural = _("chapter memberships")

    def __str__(self) -> str:
        return f"{self.membership.user} in {self.chapter} ({self.status})"


class Invitation(TimeStampedModel):
    """A link that lets whoever holds it join a chapter; only its hash is stored."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"))
    max_uses = models.PositiveIntegerField(_("uses allowed"), default=50)
    uses = models.PositiveIntegerField(_("uses"), default=0)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(uses__lte=models.F("max_uses")),
                                              name="invitation_uses_within_limit")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"invitation to {self.chapter}"
