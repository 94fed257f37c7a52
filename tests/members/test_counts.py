"""The kept member counters (Union.member_count, Chapter.member_count) always equal a count."""

import threading

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suma.core.errors import SumaError
from suma.members import selectors, services
from suma.members.models import (
    Chapter,
    ChapterMembership,
    ChapterStatus,
    Membership,
    Union,
    UnionRole,
)
from tests.conftest import build_world, make_user


def fresh_counts(union: Union) -> tuple[int, dict[int, int]]:
    """The members counted from the definition (a steward, or active in a chapter), not
    from the kept is_member flag."""
    active = ChapterMembership.objects.filter(chapter__union=union, status=ChapterStatus.ACTIVE)
    members = set(active.values_list("membership_id", flat=True))
    members |= set(Membership.objects.filter(union=union, role=UnionRole.STEWARD)
                   .values_list("pk", flat=True))
    return len(members), {c.pk: active.filter(chapter=c).count() for c in union.chapters.all()}


def kept_counts(union: Union) -> tuple[int, dict[int, int]]:
    return (Union.objects.get(pk=union.pk).member_count,
            dict(Chapter.objects.filter(union=union).values_list("pk", "member_count")))


def assert_exact(union: Union, after: str = "") -> None:
    assert kept_counts(union) == fresh_counts(union), f"counters drifted after {after}"


def _place(user, chapter) -> ChapterMembership:
    return ChapterMembership.objects.get(membership__user=user, chapter=chapter)


@pytest.mark.django_db
def test_the_counters_equal_a_fresh_count_after_every_kind_of_change(world):
    union, steward = world.union, world.steward
    assert_exact(union, "building the world")
    assert kept_counts(union)[0] == 4  # steward, two organisers, member; not the applicant

    person = make_user("person@uni.example", "Person")
    steps = [
        ("applying to an open chapter",
         lambda: services.chapter_apply(chapter=world.open_chapter, user=person)),
        ("applying to a chapter that needs approval",
         lambda: services.chapter_apply(chapter=world.chapter, user=person)),
        ("an approval",
         lambda: services.application_approve(application=_place(person, world.chapter),
                                              by=steward)),
        ("applying by invitation",
         lambda: services.chapter_apply(
             chapter=world.invite_chapter, user=person,
             invitation_token=services.invitation_create(chapter=world.invite_chapter,
                                                         by=steward)[1])),
        ("joining by verified email domain",
         lambda: services.chapter_apply(chapter=world.domain_chapter, user=person)),
        ("leaving every chapter but one",
         lambda: [services.chapter_leave(chapter=c, user=person) for c in
                  (world.open_chapter, world.invite_chapter, world.domain_chapter)]),
        ("leaving the last chapter",
         lambda: services.chapter_leave(chapter=world.chapter, user=person)),
        ("applying again after leaving",
         lambda: services.chapter_apply(chapter=world.open_chapter, user=person)),
        ("applying again for approval",
         lambda: services.chapter_apply(chapter=world.other_chapter, user=person)),
        ("a decline", lambda: services.application_decline(
            application=_place(person, world.other_chapter), by=steward, reason="No")),
        ("applying again after a decline",
         lambda: services.chapter_apply(chapter=world.other_chapter, user=person)),
        ("withdrawing an application",
         lambda: services.chapter_leave(chapter=world.other_chapter, user=person)),
        ("approving the world's applicant",
         lambda: services.application_approve(
             application=_place(world.applicant, world.chapter), by=steward)),
        ("a member who is also a steward",
         lambda: services.steward_appoint(membership=person.memberships.get(), by=steward)),
        ("a steward leaving their chapter",
         lambda: services.chapter_leave(chapter=world.open_chapter, user=person)),
        ("a steward without a chapter stepping down",
         lambda: services.steward_appoint(membership=person.memberships.get(), by=steward,
                                          steward=False)),
        ("appointing someone in no chapter steward",
         lambda: services.steward_appoint(membership=services.membership_get_or_create(
             user=world.outsider, union=union), by=steward)),
    ]
    counts_seen = set()
    for name, step in steps:
        step()
        assert_exact(union, name)
        union_count, chapter_counts = kept_counts(union)
        counts_seen.add((union_count, *sorted(chapter_counts.items())))
    assert len(counts_seen) >= 8  # the steps did move the counters
    assert selectors.union_member_count(union=union) == fresh_counts(union)[0]


@pytest.mark.django_db
def test_a_refused_change_leaves_the_counters_as_they_were(world):
    before = kept_counts(world.union)
    with pytest.raises(SumaError):
        services.chapter_apply(chapter=world.chapter, user=world.member)  # already a member
    with pytest.raises(SumaError):
        services.chapter_leave(chapter=world.open_chapter, user=world.member)  # not in it
    assert kept_counts(world.union) == before


@pytest.mark.django_db
def test_recounting_repairs_counters_of_one_union_or_all(world):
    other = services.union_create(slug="riders", name="Riders")
    lima = services.chapter_create(union=other, slug="lima", name="Lima", join_rule="open")
    services.chapter_apply(chapter=lima, user=world.outsider)
    Union.objects.update(member_count=77)
    Chapter.objects.update(member_count=5)

    services.member_counts_recompute(union=world.union)
    assert_exact(world.union, "a recount of the union")
    assert kept_counts(other) == (77, {lima.pk: 5})  # another union is left alone

    services.member_counts_recompute()
    assert kept_counts(other) == (1, {lima.pk: 1})


ACTIONS = st.lists(st.tuples(
    st.sampled_from(["apply", "approve", "decline", "leave", "steward", "unsteward"]),
    st.integers(0, 3),  # person
    st.integers(0, 4),  # chapter
), max_size=30)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_the_counters_equal_a_fresh_count_after_any_sequence_of_changes(world, actions):
    chapters = [world.open_chapter, world.chapter, world.other_chapter, world.invite_chapter,
                world.domain_chapter]
    with transaction.atomic():  # each example starts from the same world
        people = [make_user(f"p{i}@uni.example", f"P{i}") for i in range(2)] + [
            make_user(f"q{i}@example.org", f"Q{i}") for i in range(2)]
        _invitation, token = services.invitation_create(chapter=world.invite_chapter,
                                                        by=world.steward, max_uses=1000)
        for action, who, where in actions:
            person, chapter = people[who], chapters[where]
            try:
                if action == "apply":
                    services.chapter_apply(chapter=chapter, user=person,
                                           invitation_token=token if where == 3 else None)
                elif action in ("approve", "decline"):
                    place = ChapterMembership.objects.filter(
                        membership__user=person, chapter=chapter).first()
                    if place is None:
                        continue
                    if action == "approve":
                        services.application_approve(application=place, by=world.steward)
                    else:
                        services.application_decline(application=place, by=world.steward,
                                                     reason="Not now")
                elif action == "leave":
                    services.chapter_leave(chapter=chapter, user=person)
                else:
                    services.steward_appoint(
                        membership=services.membership_get_or_create(user=person,
                                                                     union=world.union),
                        by=world.steward, steward=action == "steward")
            except SumaError:
                pass  # a refused change (already a member, nothing to leave…) changes nothing
            assert_exact(world.union, f"{action} by person {who} in chapter {where}")
        transaction.set_rollback(True)


def _in_threads(*jobs) -> None:
    """Run each job in its own thread (its own database connection), all starting at once."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_the_counters_stay_exact_when_approvals_and_leaving_happen_at_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL")
    world = build_world()
    chapter = world.chapter
    applicants = [make_user(f"a{i}@example.org", f"A{i}") for i in range(8)]
    leavers = [make_user(f"l{i}@example.org", f"L{i}") for i in range(8)]
    for user in applicants:
        services.chapter_apply(chapter=chapter, user=user)
    for user in leavers:
        services.application_approve(application=services.chapter_apply(
            chapter=chapter, user=user), by=world.steward)
    # Someone active in two chapters leaves both at once: the union loses exactly one member.
    both = make_user("both@example.org", "Both")
    services.chapter_apply(chapter=world.open_chapter, user=both)
    services.application_approve(application=services.chapter_apply(
        chapter=world.other_chapter, user=both), by=world.steward)
    before_union, before_chapters = kept_counts(world.union)
    assert (before_union, before_chapters) == fresh_counts(world.union)

    def approve():
        for user in applicants:
            services.application_approve(application=_place(user, chapter), by=world.steward)

    def leave():
        for user in leavers:
            services.chapter_leave(chapter=chapter, user=user)

    _in_threads(approve, leave,
                lambda: services.chapter_leave(chapter=world.open_chapter, user=both),
                lambda: services.chapter_leave(chapter=world.other_chapter, user=both))

    assert_exact(world.union, "approvals and leaving at once")
    union_count, chapter_counts = kept_counts(world.union)
    assert union_count == before_union - 1  # +8 approved, -8 left, -1 who left both
    assert chapter_counts[chapter.pk] == before_chapters[chapter.pk]
    assert chapter_counts[world.open_chapter.pk] == before_chapters[world.open_chapter.pk] - 1
