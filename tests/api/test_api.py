"""The REST API as a program uses it: tokens, the session, pages, errors and pseudonyms."""

import pytest
from django.test import Client

from suma.core.models import ApiToken
from suma.core.notifications import preference_set
from suma.core.tokens import api_token_create, api_token_revoke
from suma.members import services
from suma.members.models import ChapterStatus, Membership
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
CHAPTER = f"{V1}/unions/users/chapters/nairobi"


def bearer(user) -> dict:
    _token, key = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {key}"}


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


# Authentication --------------------------------------------------------------------------

def test_a_personal_token_authenticates_and_is_stored_only_as_a_hash(world, client):
    _token, key = api_token_create(user=world.member, name="laptop")
    response = client.get(f"{V1}/me/", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["email"] == "achieng@example.org"
    stored = ApiToken.objects.get(name="laptop")
    assert key not in {stored.key_hash, stored.prefix}
    assert len(stored.key_hash) == 64
    assert stored.last_used_at is not None


def test_a_tokens_last_use_is_written_at_most_once_a_minute(world, client):
    from datetime import timedelta

    token, key = api_token_create(user=world.member, name="laptop")
    headers = {"Authorization": f"Bearer {key}"}
    client.get(f"{V1}/me/", headers=headers)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    client.get(f"{V1}/me/", headers=headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(f"{V1}/me/", headers=headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_a_revoked_token_no_longer_works(world, client):
    token, key = api_token_create(user=world.member, name="laptop")
    api_token_revoke(user=world.member, token_id=token.pk)
    response = client.get(f"{V1}/me/", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_deactivated_members_token_no_longer_works(world, client):
    headers = bearer(world.member)
    world.member.is_active = False
    world.member.save()
    assert client.get(f"{V1}/me/", headers=headers).status_code == 401


def test_a_wrong_token_is_unauthenticated_not_a_csrf_failure(world):
    client = Client(enforce_csrf_checks=True)
    response = client.patch(f"{V1}/unions/users/me", {"pseudonym": "x"},
                            content_type="application/json",
                            headers={"Authorization": "Bearer suma_not-a-token"})
    assert response.status_code == 401


def test_the_signed_in_session_reads_without_csrf_but_writes_only_with_it(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    assert client.get(f"{V1}/me/").status_code == 200

    refused = client.patch(f"{V1}/unions/users/me", {"pseudonym": "Night Owl"},
                           content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"

    client.get("/settings/tokens/")  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.patch(f"{V1}/unions/users/me", {"pseudonym": "Night Owl"},
                            content_type="application/json", headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 200
    assert Membership.objects.get(user=world.member).pseudonym == "Night Owl"


def test_a_token_needs_no_csrf_token_even_for_writes(world):
    client = Client(enforce_csrf_checks=True)
    response = client.patch(f"{V1}/unions/users/me", {"pseudonym": "Night Owl"},
                            content_type="application/json", headers=bearer(world.member))
    assert response.status_code == 200


# Pages -----------------------------------------------------------------------------------

def test_lists_come_in_pages_with_the_total_count(world, client, settings):
    settings.SUMA_API_PAGE_SIZE = 2
    for i in range(3):
        newcomer = make_user(f"new{i}@example.org", f"Newcomer {i}")
        services.chapter_apply(chapter=world.open_chapter, user=newcomer)
    headers = bearer(world.member)
    first = client.get(f"{V1}/unions/users/members", headers=headers).json()
    assert first["count"] == 7
    assert len(first["items"]) == 2
    last = client.get(f"{V1}/unions/users/members?page=4", headers=headers).json()
    assert len(last["items"]) == 1
    wide = client.get(f"{V1}/unions/users/members?page_size=10", headers=headers).json()
    assert len(wide["items"]) == 7
    seen = {item["id"] for page in (1, 2, 3, 4) for item in client.get(
        f"{V1}/unions/users/members?page={page}", headers=headers).json()["items"]}
    assert len(seen) == 7


def test_a_page_past_the_end_is_empty_and_page_zero_is_refused(world, client):
    headers = bearer(world.member)
    past = client.get(f"{V1}/unions/users/members?page=99", headers=headers)
    assert past.status_code == 200
    assert past.json()["items"] == []
    zero = client.get(f"{V1}/unions/users/members?page=0", headers=headers)
    assert zero.status_code == 422
    assert zero.json()["field"] == "page"


# Errors ----------------------------------------------------------------------------------

def test_a_domain_error_answers_with_its_status_code_and_field(world, client):
    application = world.applicant.memberships.get().chapter_memberships.get()
    response = client.post(f"{CHAPTER}/applications/{application.pk}/decline",
                           {"reason": "   "}, content_type="application/json",
                           headers=bearer(world.organiser))
    assert response.status_code == 400
    assert response.json() == {"detail": "Give the applicant a reason.", "code": "required",
                               "field": "reason"}
    application.refresh_from_db()
    assert application.status == ChapterStatus.PENDING


def test_a_pseudonym_in_use_answers_400_on_the_pseudonym_field(world, client):
    services.membership_set_pseudonym(membership=Membership.objects.get(user=world.organiser),
                                      pseudonym="Night Owl")
    response = client.patch(f"{V1}/unions/users/me", {"pseudonym": "Night Owl"},
                            content_type="application/json", headers=bearer(world.member))
    assert response.status_code == 400
    assert response.json()["field"] == "pseudonym"
    assert response.json()["code"] == "taken"


@pytest.mark.parametrize(("body", "field"), [
    ({"pseudonym": "x" * 81}, "pseudonym"),
    ({"pseudonym": "Night\x00Owl"}, "pseudonym"),
    ({"pseudonym": 7}, "pseudonym"),
    (["Night Owl"], None),
    ('"Night Owl"', None),  # a JSON string, not an object
])
def test_input_that_does_not_fit_the_schema_answers_422_naming_the_field(
        world, client, body, field):
    response = client.patch(f"{V1}/unions/users/me", body, content_type="application/json",
                            headers=bearer(world.member))
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert response.json()["errors"][0]["field"] == field
    assert Membership.objects.get(user=world.member).pseudonym == ""


def test_a_body_that_is_not_json_answers_400(world, client):
    response = client.post(f"{V1}/me/notifications/read", "{not json",
                           content_type="application/json", headers=bearer(world.member))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("path", [
    f"{CHAPTER}/applications/99999999999999999999999/approve",
    f"{CHAPTER}/applications/0/approve",
    f"{V1}/unions/us%20ers/chapters/nairobi/applications/1/approve",
])
def test_ids_and_slugs_outside_what_the_database_holds_answer_422(world, client, path):
    response = client.post(path, headers=bearer(world.organiser))
    assert response.status_code == 422


def test_an_unknown_union_answers_404(world, client):
    response = client.get(f"{V1}/unions/nowhere")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# Notifications ---------------------------------------------------------------------------

def test_notifications_turned_off_in_the_app_stay_hidden_as_on_the_page(world, client):
    headers = bearer(world.member)
    assert client.get(f"{V1}/me/notifications", headers=headers).json()["count"] == 1
    preference_set(user=world.member, category="membership", in_app=False, email=True)
    assert client.get(f"{V1}/me/notifications", headers=headers).json()["count"] == 0


def test_marking_chosen_notifications_read(world, client):
    headers = bearer(world.member)
    note = client.get(f"{V1}/me/notifications?unread=true", headers=headers).json()["items"][0]
    response = client.post(f"{V1}/me/notifications/read", {"ids": [note["id"]]},
                           content_type="application/json", headers=headers)
    assert response.json() == {"marked": 1}
    assert client.get(f"{V1}/me/notifications?unread=true", headers=headers).json()["count"] == 0


# Pseudonyms ------------------------------------------------------------------------------

@pytest.fixture
def night_owl(world):
    services.membership_set_pseudonym(membership=Membership.objects.get(user=world.member),
                                      pseudonym="Night Owl")
    services.membership_set_pseudonym(membership=Membership.objects.get(user=world.applicant),
                                      pseudonym="Quiet Fox")
    return world


def test_members_see_a_pseudonymous_member_only_by_pseudonym(night_owl, client):
    headers = bearer(night_owl.organiser)
    union = names(client.get(f"{V1}/unions/users/members", headers=headers))
    chapter = names(client.get(f"{CHAPTER}/members", headers=headers))
    applications = names(client.get(f"{CHAPTER}/applications", headers=headers))
    assert "Night Owl" in union and "Night Owl" in chapter
    assert "Quiet Fox" in applications
    everything = str(union + chapter + applications)
    assert "Achieng" not in everything and "Juma" not in everything


def test_a_steward_with_two_factor_sees_the_real_identity(night_owl, client):
    headers = bearer(night_owl.steward)
    assert "Night Owl (Achieng Atieno)" in names(
        client.get(f"{V1}/unions/users/members", headers=headers))
    assert "Quiet Fox (Juma Hassan)" in names(
        client.get(f"{CHAPTER}/applications", headers=headers))


def test_a_steward_without_two_factor_sees_only_the_pseudonym(night_owl, client):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=night_owl.steward).delete()
    headers = bearer(night_owl.steward)
    members = names(client.get(f"{V1}/unions/users/members", headers=headers))
    assert "Night Owl" in members
    assert "Achieng" not in str(members)
    audit = client.get(f"{V1}/audit/", headers=headers)
    assert audit.status_code == 403


# The schema and its docs -----------------------------------------------------------------

def test_the_openapi_schema_and_the_docs_page_are_served(client):
    schema = client.get(f"{V1}/openapi.json").json()
    assert schema["info"]["title"] == "Suma API"
    assert "/api/v1/unions/{union_slug}/members" in schema["paths"]
    assert "TokenAuth" in schema["components"]["securitySchemes"]
    docs = client.get(f"{V1}/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content
