"""Stewards hold the keys: their powers need TOTP two-factor authentication."""

import pytest
from django.test import Client

from suma.members import services
from tests.conftest import enable_totp, make_user

pytestmark = pytest.mark.django_db


def test_a_steward_without_two_factor_is_sent_to_set_it_up(world):
    steward = make_user("new-steward@example.org", "Nadia Steward")
    services.steward_appoint(
        membership=services.membership_get_or_create(user=steward, union=world.union), by=None)
    client = Client()
    client.force_login(steward)
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
    client.get("/dashboard/")  # consume the redirect's message
    assert "need two-factor authentication" in client.get("/dashboard/").content.decode()
    enable_totp(steward)
    assert client.get("/audit/").status_code == 200


def test_the_audit_log_can_be_exported_by_a_steward(world):
    client = Client()
    client.force_login(world.steward)
    jsonl = b"".join(client.get("/audit/export/?format=jsonl").streaming_content).decode()
    assert '"action": "union.created"' in jsonl
    csv = b"".join(client.get("/audit/export/?format=csv").streaming_content).decode()
    assert csv.splitlines()[0].startswith("seq,created_at")
    assert "The chain is intact." in client.get("/audit/?verify=1").content.decode()


def test_every_steward_power_waits_for_two_factor(world):
    steward = make_user("unsecured@example.org", "Sam Steward")
    services.steward_appoint(
        membership=services.membership_get_or_create(user=steward, union=world.union), by=None)
    powers = [("members.review_applications", world.chapter),
              ("members.invite_to_chapter", world.chapter),
              ("members.view_chapter_members", world.chapter),
              ("members.appoint_organiser", world.union),
              ("members.see_real_identity", world.union),
              ("members.view_audit_log", world.union)]
    assert not any(steward.has_perm(perm, obj) for perm, obj in powers)
    client = Client()
    client.force_login(steward)
    assert client.get("/u/users/c/nairobi/applications/").status_code == 403
    assert "Applications to review" not in client.get("/dashboard/").content.decode()
    enable_totp(steward)
    steward = type(steward).objects.get(pk=steward.pk)  # a fresh object: no cached standing
    assert all(steward.has_perm(perm, obj) for perm, obj in powers)
