"""The petition pages as people use them: visitors sign and confirm, members click once."""

import re

import pytest
from django.test import Client

from suma.tactics.petitions import selectors, services
from suma.tactics.petitions.models import Signature, SignatureStatus
from tests.conftest import outbox_messages
from tests.petitions.world import make_petition

pytestmark = pytest.mark.django_db

VISITOR = {"name": "Jane Roe", "email": "jane@example.org", "country": "IE", "postcode": ""}


def page(petition, suffix=""):
    return f"/u/users/petitions/{petition.slug}/{suffix}"


def test_a_visitor_signs_then_confirms_with_the_button_of_the_emailed_link(
        world, client, run_jobs, settings, django_capture_on_commit_callbacks):
    petition = make_petition(world)
    form = client.get(page(petition))
    assert b'name="email"' in form.content and b"Sign with one click" not in form.content
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(page(petition, "sign/"), VISITOR, follow=True)
    assert b"we sent you an email" in answer.content
    run_jobs()
    body = outbox_messages(settings)[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://[^/]+(/u/\S+/confirm/\S+/)", body).group(1)
    shown = client.get(link)  # a GET shows the button and never confirms
    assert shown.status_code == 200 and b"Confirm my signature" in shown.content
    assert Signature.objects.get().status == SignatureStatus.PENDING
    answer = client.post(link, follow=True)
    assert b"Your signature is confirmed" in answer.content
    assert services.signature_total(petition=petition) == 1
    again = client.post(link)
    assert again.status_code == 400 and b"already confirmed" in again.content
    assert services.signature_total(petition=petition) == 1
    withdraw = re.search(r"http://[^/]+(/u/\S+/withdraw/\S+/)", body).group(1)
    assert client.get(withdraw).status_code == 200
    client.post(withdraw)
    assert services.signature_total(petition=petition) == 0


def test_a_member_signs_with_one_click_then_withdraws(world, client):
    petition = make_petition(world)
    client.force_login(world.member)
    assert b'name="country"' in client.get(page(petition)).content  # asked once
    answer = client.post(page(petition, "sign/"), {"country": "KE"}, follow=True)
    assert b"Thank you for signing" in answer.content and b"You signed on" in answer.content
    other = make_petition(world, slug="second")
    shown = client.get(page(other)).content.decode()
    assert 'type="hidden" name="country" value="KE"' in shown
    client.post(page(petition, "withdraw/"))
    assert services.signature_total(petition=petition) == 0


@pytest.mark.parametrize(("data", "message"), [
    ({**VISITOR, "email": "not-an-email"}, b"valid email"),
    ({**VISITOR, "name": "x" * 151}, b"at most 150"),
    ({**VISITOR, "country": "XX"}, b"valid choice"),
])
def test_bad_input_gets_a_400_with_the_field_at_fault(world, client, data, message):
    petition = make_petition(world)
    answer = client.post(page(petition, "sign/"), data)
    assert answer.status_code == 400 and message in answer.content
    assert not Signature.objects.exists()


def test_an_oversized_body_is_refused_with_400(world, client, settings):
    petition = make_petition(world)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    answer = client.post(page(petition, "sign/"), {**VISITOR, "name": "x" * 20_000})
    assert answer.status_code == 400
    assert not Signature.objects.exists()


def test_signing_a_closed_petition_is_refused_clearly(world, client):
    petition = make_petition(world)
    services.petition_close(petition=petition, by=world.organiser)
    answer = client.post(page(petition, "sign/"), VISITOR, follow=True)
    assert b"This petition is closed" in answer.content
    assert not Signature.objects.exists()


def test_the_public_page_shows_the_counter_milestones_and_countries(world, client):
    petition = make_petition(world)
    services.petition_sign(petition=petition, user=world.member, country="KE")
    shown = Client().get(page(petition)).content.decode()
    assert "1 signature" in shown and "Kenya" in shown and "a response" in shown
    assert "<progress" in shown


def test_organisers_review_held_signatures_and_deliver(world, client):
    petition = make_petition(world)
    held = services.petition_sign_visitor(petition=petition, name="Bob", country="KE",
                                          email="bob@mailinator.com", send_email=False)
    services.signature_confirm(petition=petition,
                               token=services.signature_token_issue(signature=held))
    client.force_login(world.organiser)
    assert b"bob@mailinator.com" in client.get(page(petition, "review/")).content
    client.post(page(petition, "review/"), {"signature": held.pk, "decision": "approve"})
    assert services.signature_total(petition=petition) == 1
    pdf = client.get(page(petition, "letter.pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv = client.get(page(petition, "signatures.csv")).content.decode()
    assert "Bob,Kenya" in csv and "@" not in csv
    client.post(page(petition, "delivery/"))
    petition.refresh_from_db()
    assert petition.status == "delivered"


def test_signing_through_the_page_takes_few_queries(world, client,
                                                    django_assert_max_num_queries):
    petition = make_petition(world)
    selectors.petition_get(union_slug="users", slug=petition.slug)
    client.force_login(world.member)
    client.get("/dashboard/")  # warm the session
    with django_assert_max_num_queries(7):
        assert client.post(page(petition, "sign/"), {"country": "KE"}).status_code == 302
    anonymous = Client()
    with django_assert_max_num_queries(4):
        assert anonymous.post(page(petition, "sign/"), VISITOR).status_code == 302
