"""Every write to unions, chapters and memberships."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suma.core.audit import audit_append
from suma.core.errors import NotAllowed, NotFound, SumaError
from suma.core.i18n import interpolate_lazy
from suma.core.notifications import notify
from suma.members.counts import member_counts_fill
from suma.members.models import (
    Chapter,
    ChapterMembership,
    ChapterRole,
    ChapterStatus,
    Invitation,
    JoinRule,
    Membership,
    Union,
    UnionRole,
    User,
)
from suma.members.roles import forget_standing


def union_create(*, slug: str, name: str, tagline: str = "", description: str = "",
                 actor: User | None = None) -> Union:
    with transaction.atomic():
        union = Union.objects.create(slug=slug, name=name, tagline=tagline,
                                     description=description)
        audit_append(action="union.created", actor=actor, obj=union, data={"slug": slug})
        return union


def chapter_create(*, union: Union, slug: str, name: str, join_rule: str = JoinRule.APPROVAL,
                   email_domain: str = "", community: str = "", description: str = "",
                   place: str = "", language: str = "", actor: User | None = None) -> Chapter:
    if join_rule == JoinRule.EMAIL_DOMAIN and not email_domain:
        raise SumaError(_("A chapter joined by email domain needs the domain."),
                        field="email_domain")
    with transaction.atomic():
        chapter = Chapter.objects.create(
            union=union, slug=slug, name=name, join_rule=join_rule,
            email_domain=email_domain.lower().lstrip("@"), community=community,
            description=description, place=place, language=language)
        audit_append(action="chapter.created", actor=actor, obj=chapter,
                     data={"union": union.slug, "slug": slug, "join_rule": join_rule})
        return chapter


def membership_get_or_create(*, user: User, union: Union) -> Membership:
    membership, _created = Membership.objects.get_or_create(user=user, union=union)
    return membership


def membership_refresh(*, membership: Membership) -> Membership:
    """Keep `is_member` true to the role and chapter places; call after changing either.

    Locks the membership row so that two changes at once (leaving two chapters) cannot
    each see the other's place still active.
    """
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    is_member = (locked.role == UnionRole.STEWARD
                 or locked.chapter_memberships.filter(status=ChapterStatus.ACTIVE).exists())
    if locked.is_member != is_member:
        Membership.objects.filter(pk=locked.pk).update(is_member=is_member)
        Union.objects.filter(pk=locked.union_id).update(
            member_count=F("member_count") + (1 if is_member else -1))
    membership.is_member = is_member
    return membership


def _place_moved(*, chapter_id: int, was: str | None, now: str) -> None:
    """Keep Chapter.member_count when a place moves from status `was` to `now`.

    Called with the place row locked, in the transaction that saves it, before
    membership_refresh: every writer takes the chapter row before the union row, so two
    changes at once wait for each other instead of deadlocking.
    """
    change = (now == ChapterStatus.ACTIVE) - (was == ChapterStatus.ACTIVE)
    if change:
        Chapter.objects.filter(pk=chapter_id).update(member_count=F("member_count") + change)


def member_counts_recompute(*, union: Union | None = None) -> None:
    """Count the members of one union (or all) from the rows into the kept counters.

    For bulk loads and as a safety net; the services keep the counters exact on their own.
    The chapter and union rows are locked first (in the services' order), so a change
    committing meanwhile waits and then applies its ±1 to the fresh count.
    """
    unions = Union.objects.all() if union is None else Union.objects.filter(pk=union.pk)
    chapters = Chapter.objects.filter(union__in=unions)
    with transaction.atomic():
        list(chapters.select_for_update().order_by("pk").values_list("pk", flat=True))
        list(unions.select_for_update().order_by("pk").values_list("pk", flat=True))
        member_counts_fill(unions=unions, chapters=chapters, memberships=Membership.objects,
                           places=ChapterMembership.objects)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _has_verified_email_at(user: User, domain: str) -> bool:
    suffix = "@" + domain.lower()
    return EmailAddress.objects.filter(user=user, verified=True,
                                       email__iendswith=suffix).exists()


def chapter_apply(*, chapter: Chapter, user: User, message: str = "",
                  invitation_token: str | None = None) -> ChapterMembership:
    """Apply to a chapter; its join rule decides whether the place is active at once."""
    invitation = None
    if chapter.join_rule == JoinRule.INVITATION:
        if not invitation_token:
            raise NotAllowed(_("This chapter can only be joined with an invitation link."),
                             code="invitation_required")
    if chapter.join_rule == JoinRule.EMAIL_DOMAIN and not _has_verified_email_at(
            user, chapter.email_domain):
        raise NotAllowed(
            _("This chapter is open to verified email addresses at %(domain)s. Add and "
              "confirm such an address in your account first.") % {"domain": chapter.email_domain},
            code="email_domain_required")
    with transaction.atomic():
        if invitation_token:
            invitation = (Invitation.objects.select_for_update()
                          .filter(token_hash=_token_hash(invitation_token), chapter=chapter)
                          .first())
            if (invitation is None or invitation.revoked or invitation.expires_at < timezone.now()
                    or invitation.uses >= invitation.max_uses):
                raise NotAllowed(_("This invitation link is not valid any more."),
                                 code="invitation_invalid")
        membership = membership_get_or_create(user=user, union=chapter.union)
        place = (ChapterMembership.objects.select_for_update()
                 .filter(membership=membership, chapter=chapter).first())
        if place and place.status == ChapterStatus.ACTIVE:
            raise SumaError(_("You are already a member of this chapter."), code="already_member")
        if place and place.status == ChapterStatus.PENDING:
            raise SumaError(_("Your application to this chapter is already waiting."),
                            code="already_pending")
        active_now = chapter.join_rule != JoinRule.APPROVAL or invitation is not None
        status = ChapterStatus.ACTIVE if active_now else ChapterStatus.PENDING
        was = place.status if place else None
        if place is None:
            place = ChapterMembership(membership=membership, chapter=chapter)
        place.status = status
        place.role = ChapterRole.MEMBER
        place.message = message
        place.decline_reason = ""
        place.decided_at = timezone.now() if active_now else None
        place.decided_by = None
        place.save()
        _place_moved(chapter_id=chapter.pk, was=was, now=status)
        membership_refresh(membership=membership)
        if invitation is not None:
            Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
        audit_append(action="chapter.joined" if active_now else "chapter.applied", actor=user,
                     obj=place, data={"chapter": chapter.pk, "rule": chapter.join_rule})
        if active_now:
            notify(user=user, category="membership",
                   title=interpolate_lazy(_("Welcome to %(chapter)s"), {"chapter": chapter.name}),
                   url=chapter.get_absolute_url())
        else:
            for organiser in _organisers(chapter):
                notify(user=organiser, category="applications",
                       title=interpolate_lazy(_("New application to %(chapter)s"),
                                              {"chapter": chapter.name}),
                       url=chapter.get_absolute_url() + "applications/")
        forget_standing(user)
        return place


def _organisers(chapter: Chapter) -> list[User]:
    return list(User.objects.filter(
        memberships__chapter_memberships__chapter=chapter,
        memberships__chapter_memberships__status=ChapterStatus.ACTIVE,
        memberships__chapter_memberships__role=ChapterRole.ORGANISER).distinct())


def _pending(application_id: int) -> ChapterMembership:
    application = (ChapterMembership.objects.select_for_update()
                   .select_related("chapter__union", "membership__user")
                   .filter(pk=application_id).first())
    if application is None:
        raise NotFound(_("No such application."))
    if application.status != ChapterStatus.PENDING:
        raise SumaError(_("This application has already been decided."), code="already_decided")
    return application


def application_approve(*, application: ChapterMembership, by: User) -> ChapterMembership:
    with transaction.atomic():
        application = _pending(application.pk)
        application.status = ChapterStatus.ACTIVE
        application.decided_at = timezone.now()
        application.decided_by = by
        application.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        _place_moved(chapter_id=application.chapter_id, was=ChapterStatus.PENDING,
                     now=ChapterStatus.ACTIVE)
        membership_refresh(membership=application.membership)
        audit_append(action="application.approved", actor=by, obj=application)
        chapter = application.chapter
        notify(user=application.membership.user, category="membership",
               title=interpolate_lazy(_("You are now a member of %(chapter)s"),
                                      {"chapter": chapter.name}),
               url=chapter.get_absolute_url())
        return application


def application_decline(*, application: ChapterMembership, by: User,
                        reason: str) -> ChapterMembership:
    reason = reason.strip()
    if not reason:
        raise SumaError(_("Give the applicant a reason."), field="reason", code="required")
    with transaction.atomic():
        application = _pending(application.pk)
        application.status = ChapterStatus.DECLINED
        application.decided_at = timezone.now()
        application.decided_by = by
        application.decline_reason = reason
        application.save(update_fields=["status", "decided_at", "decided_by", "decline_reason",
                                        "updated_at"])
        _place_moved(chapter_id=application.chapter_id, was=ChapterStatus.PENDING,
                     now=ChapterStatus.DECLINED)
        audit_append(action="application.declined", actor=by, obj=application)
        chapter = application.chapter
        notify(user=application.membership.user, category="membership",
               title=interpolate_lazy(_("Your application to %(chapter)s was declined"),
                                      {"chapter": chapter.name}),
               body=reason, url=chapter.get_absolute_url())
        return application


def chapter_leave(*, chapter: Chapter, user: User) -> ChapterMembership:
    """Leave a chapter, or withdraw a waiting application."""
    with transaction.atomic():
        place = (ChapterMembership.objects.select_for_update()
                 .filter(membership__user=user, chapter=chapter,
                         status__in=[ChapterStatus.ACTIVE, ChapterStatus.PENDING]).first())
        if place is None:
            raise SumaError(_("You are not a member of this chapter."), code="not_member")
        was = place.status
        place.status = ChapterStatus.LEFT
        place.role = ChapterRole.MEMBER
        place.save(update_fields=["status", "role", "updated_at"])
        _place_moved(chapter_id=place.chapter_id, was=was, now=ChapterStatus.LEFT)
        membership_refresh(membership=place.membership)
        audit_append(action="chapter.left", actor=user, obj=place)
        forget_standing(user)
        return place


def membership_set_pseudonym(*, membership: Membership, pseudonym: str) -> Membership:
    pseudonym = " ".join(pseudonym.split())
    if len(pseudonym) > 80:
        raise SumaError(_("A pseudonym has at most 80 characters."), field="pseudonym")
    try:
        with transaction.atomic():
            membership.pseudonym = pseudonym
            membership.save(update_fields=["pseudonym", "updated_at"])
            audit_append(action="membership.pseudonym_changed", actor=membership.user,
                         obj=membership, data={"has_pseudonym": bool(pseudonym)})
    except IntegrityError:
        raise SumaError(_("Another member already uses this pseudonym."), field="pseudonym",
                        code="taken") from None
    return membership


def organiser_appoint(*, place: ChapterMembership, by: User | None,
                      organiser: bool = True) -> ChapterMembership:
    if place.status != ChapterStatus.ACTIVE:
        raise SumaError(_("Only active members can organise a chapter."), code="not_active")
    with transaction.atomic():
        place.role = ChapterRole.ORGANISER if organiser else ChapterRole.MEMBER
        place.save(update_fields=["role", "updated_at"])
        audit_append(action="organiser.appointed" if organiser else "organiser.removed",
                     actor=by, obj=place)
        return place


def steward_appoint(*, membership: Membership, by: User | None,
                    steward: bool = True) -> Membership:
    with transaction.atomic():
        membership.role = UnionRole.STEWARD if steward else UnionRole.MEMBER
        membership.save(update_fields=["role", "updated_at"])
        membership_refresh(membership=membership)
        audit_append(action="steward.appointed" if steward else "steward.removed", actor=by,
                     obj=membership)
        return membership


def invitation_create(*, chapter: Chapter, by: User, days: int = 14,
                      max_uses: int = 50) -> tuple[Invitation, str]:
    """A new invitation link; the token is returned once and only its hash is kept."""
    if not 1 <= days <= 365:
        raise SumaError(_("An invitation lasts between 1 and 365 days."), field="days")
    if not 1 <= max_uses <= 10000:
        raise SumaError(_("An invitation allows between 1 and 10,000 uses."), field="max_uses")
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            chapter=chapter, created_by=by, token_hash=_token_hash(token),
            expires_at=timezone.now() + timedelta(days=days), max_uses=max_uses)
        audit_append(action="invitation.created", actor=by, obj=invitation,
                     data={"chapter": chapter.pk, "days": days, "max_uses": max_uses})
    return invitation, token


def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    with transaction.atomic():
        invitation.revoked = True
        invitation.save(update_fields=["revoked", "updated_at"])
        audit_append(action="invitation.revoked", actor=by, obj=invitation)
        return invitation


def invitation_get(*, token: str) -> Invitation:
    invitation = (Invitation.objects.select_related("chapter__union")
                  .filter(token_hash=_token_hash(token)).first())
    if invitation is None:
        raise NotFound(_("This invitation link is not valid."))
    return invitation


def user_set_language(*, user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user
