"""Who counts as a union's member, and pages that read members in a fixed number of queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from suma.core.tokens import api_token_create
from suma.members import selectors, services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _listed(world) -> set[int]:
    return {m.user_id for m in selectors.union_member_list(union=world.union)}


def test_the_member_list_follows_joining_approval_leaving_and_stewardship(world):
    union = world.union
    before = selectors.union_member_count(union=union)
    assert world.applicant.pk not in _listed(world)  # a waiting application is not a member

    services.application_approve(
        application=world.applicant.memberships.get().chapter_memberships.get(), by=world.steward)
    assert world.applicant.pk in _listed(world)

    person = make_user("two-chapters@example.org", "Two Chapters")
    services.chapter_apply(chapter=world.open_chapter, user=person)
    services.application_approve(application=services.chapter_apply(
        chapter=world.other_chapter, user=person), by=world.steward)
    assert selectors.union_member_count(union=union) == before + 2  # counted once
    services.chapter_leave(chapter=world.open_chapter, user=person)
    assert person.pk in _listed(world)  # still active in the other chapter
    services.chapter_leave(chapter=world.other_chapter, user=person)
    assert person.pk not in _listed(world)

    membership = person.memberships.get()
    services.steward_appoint(membership=membership, by=None)
    assert person.pk in _listed(world)  # a steward is a member without a chapter
    services.steward_appoint(membership=membership, by=None, steward=False)
    assert person.pk not in _listed(world)
    assert selectors.union_member_count(union=union) == before + 1
    assert selectors.union_member_count(union=union) == len(_listed(world))


def _queries(client: Client, path: str, **headers) -> int:
    client.get(path, headers=headers)  # warm what is cached per process
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_member_list_api_reads_a_page_in_the_same_queries_however_many_members(world):
    _token, key = api_token_create(user=world.member, name="test")
    path = f"/api/v1/unions/{world.union.slug}/members?page=1"
    few = _queries(Client(), path, authorization=f"Bearer {key}")
    for i in range(12):
        services.chapter_apply(chapter=world.open_chapter,
                               user=make_user(f"m{i}@example.org", f"Member {i}"))
    assert _queries(Client(), path, authorization=f"Bearer {key}") == few
    body = Client().get(path, headers={"authorization": f"Bearer {key}"}).json()
    assert body["count"] == selectors.union_member_count(union=world.union)


def test_the_dashboard_reads_in_the_same_queries_however_many_unions_and_chapters(world):
    client = Client()
    client.force_login(world.organiser)
    one = _queries(client, "/dashboard/")
    services.chapter_apply(chapter=world.open_chapter, user=world.organiser)
    other_union = services.union_create(slug="riders", name="Riders' Union")
    services.chapter_apply(
        chapter=services.chapter_create(union=other_union, slug="lima", name="Lima",
                                        join_rule="open"),
        user=world.organiser)
    assert _queries(client, "/dashboard/") == one
