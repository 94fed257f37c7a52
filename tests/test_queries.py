"""Query counts per page: they stay the same however many members and notifications there are.

Every page (or API list) is counted in a world with 5 extra members, applicants and
notifications; then the world grows to 30 extra, and each case asserts the same number of
queries as before (no N+1), within a ceiling for the page.
"""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from suma.core.notifications import notify
from suma.core.tokens import api_token_create
from suma.members import services
from suma.members.models import Membership
from tests.conftest import make_user

# (page, role) -> (path, ceiling on queries)
PAGES = {
    ("dashboard", "member"): ("/dashboard/", 20),
    ("dashboard", "organiser"): ("/dashboard/", 20),
    ("dashboard", "steward"): ("/dashboard/", 20),
    ("union", "member"): ("/u/users/", 12),
    ("chapter", "member"): ("/u/users/c/nairobi/", 15),
    ("chapter", "steward"): ("/u/users/c/nairobi/", 15),
    ("applications", "organiser"): ("/u/users/c/nairobi/applications/", 12),
    ("applications", "steward"): ("/u/users/c/nairobi/applications/", 12),
    ("notifications", "member"): ("/notifications/", 10),
    ("api_union_members", "member"): ("/api/v1/unions/users/members?page_size=100", 10),
    ("api_union_members", "steward"): ("/api/v1/unions/users/members?page_size=100", 10),
    ("api_chapter_members", "member"): (
        "/api/v1/unions/users/chapters/nairobi/members?page_size=100", 10),
    ("api_applications", "organiser"): (
        "/api/v1/unions/users/chapters/nairobi/applications?page_size=100", 10),
    ("api_notifications", "member"): ("/api/v1/me/notifications?page_size=100", 10),
}


def grow(world, start: int, count: int) -> None:
    """Add members (half under a pseudonym), applicants and a notification for everyone."""
    for i in range(start, start + count):
        member = make_user(f"m{i}@example.org", f"Member {i}")
        place = services.chapter_apply(chapter=world.chapter, user=member)
        services.application_approve(application=place, by=world.steward)
        if i % 2:
            services.membership_set_pseudonym(
                membership=Membership.objects.get(user=member), pseudonym=f"Owl {i}")
        applicant = make_user(f"a{i}@example.org", f"Applicant {i}")
        services.chapter_apply(chapter=world.chapter, user=applicant)
        for user in (world.member, world.organiser, world.steward):
            notify(user=user, category="union", title=f"News {i}")


def queries(client, headers: dict, path: str) -> int:
    client.get(path, headers=headers)  # warm up: the token's last-used stamp, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.content[:500]
    return len(captured.captured_queries)


def _as(world, role: str, path: str) -> tuple[Client, dict]:
    client, user, headers = Client(), world.roles()[role], {}
    if path.startswith("/api/"):
        headers["Authorization"] = "Bearer " + api_token_create(user=user, name="q")[1]
    else:
        client.force_login(user)
    return client, headers


@pytest.fixture(scope="module")
def counted_with_few(shared_world, django_db_blocker) -> dict:
    """Each page's count with 5 extra of everything; then the world grows to 30 extra."""
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with django_db_blocker.unblock(), override_settings(CACHES=locmem):
        grow(shared_world, 0, 5)
        few = {key: queries(*_as(shared_world, key[1], path), path)
               for key, (path, _ceiling) in PAGES.items()}
        grow(shared_world, 5, 25)
    return few


@pytest.mark.parametrize(("page", "role"), list(PAGES), ids=[f"{p}-{r}" for p, r in PAGES])
def test_queries_per_page_do_not_grow_with_members_or_notifications(
        page, role, counted_with_few, shared_world, db, django_assert_max_num_queries):
    path, ceiling = PAGES[(page, role)]
    client, headers = _as(shared_world, role, path)
    client.get(path, headers=headers)  # warm up, as when counting with few
    with django_assert_max_num_queries(ceiling) as captured:
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    many = len(captured.captured_queries)
    few = counted_with_few[(page, role)]
    assert many == few, f"{page} as {role}: {few} queries with 5 extra, {many} with 30"
