"""Joining, approval, leaving and pseudonyms, through the real services on both engines."""

import pytest

from suma.core.errors import NotAllowed, SumaError
from suma.core.models import AuditEntry, Notification
from suma.members import services
from suma.members.models import ChapterStatus
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_an_open_chapter_lets_a_person_in_at_once(world):
    place = services.chapter_apply(chapter=world.open_chapter, user=world.outsider)
    assert place.status == ChapterStatus.ACTIVE
    assert world.outsider.has_perm("members.view_chapter_members", world.open_chapter)


def test_an_approval_chapter_waits_for_an_organiser_who_is_notified(world):
    newcomer = make_user("new@example.org")
    place = services.chapter_apply(chapter=world.chapter, user=newcomer, message="hi")
    assert place.status == ChapterStatus.PENDING
    assert Notification.objects.filter(user=world.organiser, category="applications").exists()
    services.application_approve(application=place, by=world.organiser)
    place.refresh_from_db()
    assert place.status == ChapterStatus.ACTIVE
    assert Notification.objects.filter(user=newcomer, category="membership").exists()


def test_declining_needs_a_reason_and_tells_the_applicant(world):
    application = world.applicant.memberships.get().chapter_memberships.get()
    with pytest.raises(SumaError) as error:
        services.application_decline(application=application, by=world.organiser, reason=" ")
    assert error.value.field == "reason"
    services.application_decline(application=application, by=world.organiser,
                                 reason="We only take drivers")
    note = Notification.objects.get(user=world.applicant, category="membership")
    assert note.body == "We only take drivers"


def test_an_application_is_decided_once(world):
    application = world.applicant.memberships.get().chapter_memberships.get()
    services.application_approve(application=application, by=world.organiser)
    with pytest.raises(SumaError):
        services.application_approve(application=application, by=world.organiser)


def test_an_invitation_chapter_needs_a_valid_link(world):
    with pytest.raises(NotAllowed):
        services.chapter_apply(chapter=world.invite_chapter, user=world.outsider)
    invitation, token = services.invitation_create(chapter=world.invite_chapter,
                                                   by=world.steward, max_uses=1)
    with pytest.raises(NotAllowed):
        services.chapter_apply(chapter=world.invite_chapter, user=world.outsider,
                               invitation_token="wrong")
    place = services.chapter_apply(chapter=world.invite_chapter, user=world.outsider,
                                   invitation_token=token)
    assert place.status == ChapterStatus.ACTIVE
    with pytest.raises(NotAllowed):  # the single use is spent
        services.chapter_apply(chapter=world.invite_chapter, user=world.member,
                               invitation_token=token)


def test_an_email_domain_chapter_needs_a_verified_address_there(world):
    with pytest.raises(NotAllowed):
        services.chapter_apply(chapter=world.domain_chapter, user=world.outsider)
    unverified = make_user("someone@uni.example", verified=False)
    with pytest.raises(NotAllowed):
        services.chapter_apply(chapter=world.domain_chapter, user=unverified)
    researcher = make_user("ada@UNI.example")
    place = services.chapter_apply(chapter=world.domain_chapter, user=researcher)
    assert place.status == ChapterStatus.ACTIVE


def test_a_member_can_leave_and_apply_again(world):
    services.chapter_leave(chapter=world.chapter, user=world.member)
    assert not world.member.has_perm("members.view_chapter_members", world.chapter)
    place = services.chapter_apply(chapter=world.chapter, user=world.member)
    assert place.status == ChapterStatus.PENDING


def test_pseudonyms_are_unique_within_a_union(world):
    m1 = world.member.memberships.get()
    m2 = world.organiser.memberships.get()
    services.membership_set_pseudonym(membership=m1, pseudonym="  Task   Hawk ")
    assert m1.public_name == "Task Hawk"
    with pytest.raises(SumaError) as error:
        services.membership_set_pseudonym(membership=m2, pseudonym="Task Hawk")
    assert error.value.field == "pseudonym"


def test_every_change_of_consequence_is_in_the_audit_chain(world):
    from suma.core.audit import audit_verify

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"union.created", "chapter.created", "chapter.applied", "application.approved",
            "organiser.appointed", "steward.appointed"} <= actions
    assert audit_verify() is None
