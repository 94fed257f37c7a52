"""The member reads against the query shapes they replaced, on the benchmark's database.

Run after bench/members_load.py has built it (`make bench`, or with --reuse-db):

    .venv/bin/python bench/members_queries.py

Each read runs interleaved with its former shape (a COUNT(DISTINCT) with an OR across the
chapter-place join, or Count() over that join) so both see the same noise; the table gives
medians and the speed-up, and the script checks that both shapes give the same answer.
"""

import statistics
import sys
import time
from argparse import Namespace

from members_load import UNION_SLUG, configure_django


def former_shapes(union, organiser) -> dict:
    from django.db.models import Count, Q

    from suma.members.models import Chapter, ChapterMembership, ChapterStatus, Membership, UnionRole

    def member_list():
        return (Membership.objects.filter(union=union)
                .filter(Q(role=UnionRole.STEWARD)
                        | Q(chapter_memberships__status=ChapterStatus.ACTIVE))
                .distinct().select_related("user").order_by("pk"))

    def pending():
        organised = ChapterMembership.objects.filter(
            membership__user=organiser, status=ChapterStatus.ACTIVE, role="organiser"
        ).values("chapter_id")
        stewarded = Membership.objects.filter(user=organiser, role=UnionRole.STEWARD
                                              ).values("union_id")
        return (Chapter.objects.filter(Q(pk__in=organised) | Q(union_id__in=stewarded))
                .annotate(pending=Count("chapter_memberships", filter=Q(
                    chapter_memberships__status=ChapterStatus.PENDING)))
                .filter(pending__gt=0).select_related("union").order_by("union__name", "name"))

    def chapters():
        return union.chapters.annotate(counted=Count(
            "chapter_memberships", filter=Q(chapter_memberships__status=ChapterStatus.ACTIVE)
        )).order_by("name")

    return {"member_list": member_list, "pending": pending, "chapters": chapters}


def median_ms(read, rounds: int = 3) -> float:
    read()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        read()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    configure_django(Namespace(postgres="postgres://postgres@127.0.0.1:5432",
                               database="suma_bench"))
    from suma.members import selectors
    from suma.members.demo import _email
    from suma.members.models import User

    union = selectors.union_get(slug=UNION_SLUG)
    organiser = User.objects.get(email=_email("wanjiru.kamau"))
    old = former_shapes(union, organiser)
    members = selectors.union_member_list(union=union)
    cases = [
        ("member count", lambda: old["member_list"]().count(),
         lambda: selectors.union_member_count(union=union)),
        ("member page 1", lambda: list(old["member_list"]()[:50]), lambda: list(members[:50])),
        ("member page 1000", lambda: list(old["member_list"]()[49950:50000]),
         lambda: list(members[49950:50000])),
        ("organiser's pending applications", lambda: list(old["pending"]()),
         lambda: list(selectors.pending_applications_for_organiser(user=organiser))),
        ("chapters with member counts", lambda: list(old["chapters"]()),
         lambda: list(selectors.chapter_list(union=union))),
    ]
    print(f"{selectors.union_member_count(union=union):,} members\n")
    print(f"{'read':34} {'former ms':>10} {'now ms':>8} {'speed-up':>9}  same answer")
    for name, former, now in cases:
        before, after = [], []
        for _ in range(5):  # interleaved, so both shapes share the machine's noise
            before.append(median_ms(former))
            after.append(median_ms(now))
        same = _answer(former()) == _answer(now())
        b, a = statistics.median(before), statistics.median(after)
        print(f"{name:34} {b:10.1f} {a:8.1f} {b / a:8.1f}×  {'yes' if same else 'NO'}")
        if not same:
            return 1
    return 0


def _answer(value):
    if isinstance(value, list):
        # The former shape counts (`counted`); chapter_list reads the kept Chapter.member_count.
        return [(row.pk, getattr(row, "pending", None),
                 getattr(row, "counted", getattr(row, "member_count", None)))
                for row in value]
    return value


if __name__ == "__main__":
    sys.exit(main())
