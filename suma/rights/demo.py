"""The demo union's data-rights requests: the Paris drivers' drive asking Uber for their data
and the logic of its decisions (Art. 15, 20 and 22), with members' requests in every state,
sent weeks ago so that deadlines, the dashboard and the league table show something; and a
few Facebook users' requests to Meta, for a second line in the league table.

The demo's people did not really write on those days: each request is made today, then
dated back (its creation first, so that the services accept the earlier dates).
"""

from datetime import date, timedelta

from django.utils import timezone

from suma.campaigns.models import Organisation
from suma.members.models import ChapterMembership, ChapterRole, ChapterStatus
from suma.rights import letters, services
from suma.rights.models import AWAITING, DataRequest, Drive
from suma.rights.sweep import requests_overdue_sweep

DRIVE = "uber-our-data"
DESCRIPTION = """\
In 2021 drivers won in the Amsterdam court the right to see what Uber holds on them: trip
data, ratings, the tags on their profiles, and the logic of the automated decisions that
allocate rides, set pay and deactivate accounts. We ask together, each in our own name.

Every answer is checked against the same list. A controller that does not answer within the
legal deadline gets a reminder, then a complaint to the supervisory authority.
"""

# (days ago sent, what happened after: (event, days after sending) ...)
UBER_STORIES = [
    (70, [("answer_complete", 24)]),
    (66, [("acknowledge", 2), ("answer_incomplete", 29)]),
    (62, [("acknowledge", 3), ("extend", 20)]),
    (76, [("remind", 45)]),                # overdue, then reminded
    (80, []),                              # no answer: overdue
    (55, [("answer_complete", 41)]),       # answered late
    (12, [("acknowledge", 2)]),
    (9, []),                               # waiting
    (None, []),                            # joined, not sent yet
]
META_STORIES = [(90, [("answer_complete", 12)]), (85, [("answer_incomplete", 20)]),
                (40, [])]


def _people(union, chapter_slug: str) -> list:
    chapter = union.chapters.filter(slug=chapter_slug).first()
    if chapter is None:
        return []
    places = (ChapterMembership.objects.filter(chapter=chapter, status=ChapterStatus.ACTIVE)
              .select_related("membership__user").order_by("role", "pk"))
    return [(p.membership.user, p.role) for p in places]


def _back(request: DataRequest, sent: date) -> None:
    """Date the request's making back to the day it was sent (a demo's history)."""
    made = timezone.now() - (timezone.localdate() - sent)
    DataRequest.objects.filter(pk=request.pk).update(created_at=made)
    request.created_at = made


def _tell(request: DataRequest, days_ago: int | None, story, today: date) -> None:
    if days_ago is None:
        return
    sent = today - timedelta(days=days_ago)
    _back(request, sent)
    member = request.member
    request = services.request_mark_sent(request=request, by=member, sent_on=sent, today=sent)
    keys = services.checklist_keys(request)
    for event, after in story:
        on = sent + timedelta(days=after)
        if event == "acknowledge":
            services.request_acknowledge(request=request, by=member, on=on, today=on)
        elif event == "extend":
            services.request_extend(request=request, by=member, on=on, today=on,
                                    reasons="We receive a very high number of requests.")
        elif event == "answer_complete":
            services.request_answer(request=request, by=member, on=on, contained=keys,
                                    today=on)
        elif event == "answer_incomplete":
            # The usual gap: the data, without the logic of the decisions.
            services.request_answer(request=request, by=member, on=on, today=on,
                                    contained=[k for k in keys if "logic" not in k])
        elif event == "remind":
            _sweep_until(on)
            request.refresh_from_db()
            services.request_remind(request=request, by=member, today=on)


def _sweep_until(today: date) -> None:
    """Run the daily sweep on each day a request became overdue, up to `today`: each is
    overdue from the day after its deadline, as if the job had run every day."""
    due = (DataRequest.objects.filter(status__in=AWAITING, deadline__lt=today)
           .values_list("deadline", flat=True).distinct().order_by("deadline"))
    for deadline in list(due):
        requests_overdue_sweep(today=deadline + timedelta(days=1))


def rights_demo_load(*, union) -> None:
    """Add this app's part of the demo union; running it again keeps what is there."""
    uber = Organisation.objects.filter(slug="uber", is_controller=True).first()
    people = _people(union, "paris-drivers")
    if uber is None or not people or Drive.objects.filter(union=union, slug=DRIVE).exists():
        return
    organiser = next((user for user, role in people if role == ChapterRole.ORGANISER), None)
    today = services.current_date()
    drive = services.drive_create(
        union=union, by=organiser, title="Uber: our data and the logic of its decisions",
        slug=DRIVE, controller=uber, description=DESCRIPTION,
        kinds=[letters.Kind.ACCESS, letters.Kind.PORTABILITY,
               letters.Kind.AUTOMATED_DECISIONS],
        chapter=union.chapters.get(slug="paris-drivers"))
    services.drive_open(drive=drive, by=organiser,
                        now=timezone.now() - timedelta(days=85))
    drivers = [user for user, role in people if role != ChapterRole.ORGANISER]
    for user, (days_ago, story) in zip(drivers, UBER_STORIES, strict=False):
        request = services.drive_join(drive=drive, member=user)
        _tell(request, days_ago, story, today)
    meta = Organisation.objects.filter(slug="facebook", is_controller=True).first()
    if meta is not None and services.channel_for(meta) != "email":
        users = [user for user, role in _people(union, "facebook-europe")
                 if role != ChapterRole.ORGANISER]
        for user, (days_ago, story) in zip(users, META_STORIES, strict=False):
            request = services.request_create(member=user, union=union, controller=meta,
                                              kinds=[letters.Kind.ACCESS])
            _tell(request, days_ago, story, today)
    _sweep_until(today)
