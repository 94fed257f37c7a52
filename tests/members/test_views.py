"""The members pages as a person uses them: pseudonyms, and bad input answered per field."""

import pytest
from django.contrib.messages import get_messages

from suma.core.models import ApiToken, Notification
from suma.members import services
from suma.members.models import ChapterStatus, Invitation, Membership
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CHAPTER = "/u/users/c/nairobi/"


def _membership(user) -> Membership:
    return Membership.objects.get(user=user)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _without_two_factor(user) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()


# Pseudonyms -------------------------------------------------------------------------------

@pytest.fixture
def night_owl(world):
    """The member appears to others as "Night Owl"; the applicant as "Quiet Fox"."""
    services.membership_set_pseudonym(membership=_membership(world.member),
                                      pseudonym="Night Owl")
    services.membership_set_pseudonym(membership=_membership(world.applicant),
                                      pseudonym="Quiet Fox")
    return world


def test_a_fellow_member_sees_a_pseudonymous_member_only_by_pseudonym(night_owl, client):
    client.force_login(night_owl.organiser)
    page = client.get(CHAPTER).content.decode()
    assert "Night Owl" in page
    assert "Achieng" not in page
    assert "achieng@example.org" not in page


def test_an_organiser_reviews_a_pseudonymous_applicant_by_pseudonym_only(night_owl, client):
    client.force_login(night_owl.organiser)
    page = client.get(CHAPTER + "applications/").content.decode()
    assert "Quiet Fox" in page
    assert "Juma" not in page


def test_a_steward_with_two_factor_sees_who_is_behind_a_pseudonym(night_owl, client):
    client.force_login(night_owl.steward)
    page = client.get(CHAPTER).content.decode()
    assert "Night Owl (Achieng Atieno)" in page
    applications = client.get(CHAPTER + "applications/").content.decode()
    assert "Quiet Fox (Juma Hassan)" in applications


def test_a_steward_without_two_factor_sees_no_member_list_and_no_real_name(night_owl, client):
    _without_two_factor(night_owl.steward)
    client.force_login(night_owl.steward)
    page = client.get(CHAPTER).content.decode()
    assert 'id="members"' not in page
    assert "Achieng" not in page


def test_a_member_sees_how_others_see_them_on_the_dashboard(night_owl, client):
    client.force_login(night_owl.member)
    assert "Night Owl" in client.get("/dashboard/").content.decode()


def test_a_member_sets_a_pseudonym_on_the_membership_page(world, client):
    client.force_login(world.member)
    response = client.post("/u/users/me/", {"pseudonym": "  Night   Owl "})
    assert response.status_code == 302
    assert _membership(world.member).pseudonym == "Night Owl"


# Bad input: errors on the field at fault, never a 500 -----------------------------------

def test_a_pseudonym_that_is_too_long_is_refused_on_its_field(world, client):
    client.force_login(world.member)
    response = client.post("/u/users/me/", {"pseudonym": "x" * 81})
    assert response.status_code == 200
    assert "at most 80 characters" in response.context["form"].errors["pseudonym"][0]
    assert _membership(world.member).pseudonym == ""


def test_a_pseudonym_another_member_uses_is_refused_on_its_field(world, client):
    services.membership_set_pseudonym(membership=_membership(world.organiser),
                                      pseudonym="Night Owl")
    client.force_login(world.member)
    response = client.post("/u/users/me/", {"pseudonym": "Night Owl"})
    assert response.status_code == 200
    assert response.context["form"].errors["pseudonym"] == [
        "Another member already uses this pseudonym."]
    assert _membership(world.member).pseudonym == ""


def test_a_pseudonym_with_a_null_character_is_refused_on_its_field(world, client):
    client.force_login(world.member)
    response = client.post("/u/users/me/", {"pseudonym": "Night\x00Owl"})
    assert response.status_code == 200
    assert "pseudonym" in response.context["form"].errors


def test_declining_without_a_reason_asks_for_one_and_leaves_the_application_waiting(
        world, client):
    application = world.applicant.memberships.get().chapter_memberships.get()
    client.force_login(world.organiser)
    response = client.post(f"{CHAPTER}applications/{application.pk}/",
                           {"decision": "decline", "reason": ""})
    assert response.status_code == 302
    assert _messages(response) == ["Give the applicant a reason."]
    application.refresh_from_db()
    assert application.status == ChapterStatus.PENDING


def test_deciding_an_application_that_does_not_exist_is_not_found(world, client):
    client.force_login(world.organiser)
    response = client.post(f"{CHAPTER}applications/999999/", {"decision": "approve"})
    assert response.status_code == 404


@pytest.mark.parametrize("days", ["0", "366", "soon", ""])
def test_an_invitation_valid_for_too_few_or_too_many_days_is_refused_on_its_field(
        world, client, days):
    client.force_login(world.organiser)
    response = client.post(CHAPTER + "invitations/", {"days": days, "max_uses": "10"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["days"]
    assert not Invitation.objects.exists()


def test_an_invitation_with_a_valid_duration_shows_its_link_once(world, client):
    client.force_login(world.organiser)
    response = client.post(CHAPTER + "invitations/", {"days": "7", "max_uses": "10"})
    assert response.status_code == 200
    assert "/join/" in response.context["link"]
    assert Invitation.objects.get().max_uses == 10


@pytest.mark.parametrize("revoke", ["abc", "²", "99999999999999999999999", ""])
def test_revoking_an_invitation_with_a_malformed_id_changes_nothing(world, client, revoke):
    invitation, _token = services.invitation_create(chapter=world.chapter, by=world.organiser)
    client.force_login(world.organiser)
    response = client.post(CHAPTER + "invitations/", {"revoke": revoke})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert not invitation.revoked


def test_an_application_message_that_is_too_long_is_refused(world, client):
    client.force_login(world.outsider)
    response = client.post(CHAPTER + "apply/", {"message": "x" * 2001})
    assert response.status_code == 302
    assert "2000" in _messages(response)[0]
    assert not world.outsider.memberships.exists()


@pytest.mark.parametrize("name", ["", "x" * 101, "lap\x00top"])
def test_a_token_needs_a_sensible_name(world, client, name):
    client.force_login(world.member)
    response = client.post("/settings/tokens/", {"name": name})
    assert response.status_code == 200
    assert response.context["new_token"] is None
    assert _messages(response) == ["Give the token a name of at most 100 characters."]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("revoke", ["abc", "²", "99999999999999999999999"])
def test_revoking_a_token_with_a_malformed_id_keeps_the_tokens(world, client, revoke):
    client.force_login(world.member)
    client.post("/settings/tokens/", {"name": "laptop"})
    response = client.post("/settings/tokens/", {"revoke": revoke})
    assert response.status_code == 302
    assert ApiToken.objects.filter(user=world.member).count() == 1


def test_a_member_revokes_their_own_token_and_no_one_elses(world, client):
    client.force_login(world.member)
    client.post("/settings/tokens/", {"name": "laptop"})
    theirs = ApiToken.objects.get(user=world.member)
    client.force_login(world.outsider)
    client.post("/settings/tokens/", {"revoke": str(theirs.pk)})
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    client.force_login(world.member)
    client.post("/settings/tokens/", {"revoke": str(theirs.pk)})
    assert not ApiToken.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("ids", [["²"], ["99999999999999999999999"], ["-1"], ["x"]])
def test_marking_notifications_read_with_malformed_ids_marks_none(world, client, ids):
    client.force_login(world.member)
    response = client.post("/notifications/read/", {"id": ids})
    assert response.status_code == 302
    assert Notification.objects.filter(user=world.member, read_at__isnull=True).count() == 1


def test_marking_read_without_a_selection_marks_every_notification(world, client):
    client.force_login(world.member)
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=world.member, read_at__isnull=True).exists()


def test_the_audit_log_filter_ignores_a_null_character(world, client):
    client.force_login(world.steward)
    response = client.get("/audit/", {"action": "chapter\x00"})
    assert response.status_code == 200
    assert response.context["action"] == "chapter"


def test_an_unknown_language_is_ignored(world, client):
    client.force_login(world.member)
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    world.member.refresh_from_db()
    assert world.member.language == "en"


def test_a_newcomer_sees_a_forged_invitation_link_is_not_valid(world, client):
    make_user("new@example.org")
    response = client.get("/join/forged-token/")
    assert response.status_code == 404
