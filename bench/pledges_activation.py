"""Benchmark: the activation race. 200 members pledge at once past a threshold; activation
happens exactly once and the count is exact, in every one of 100 trials.

One command (`make bench-pledges`): builds a fresh PostgreSQL database, loads the demo union
and 200 members of one chapter with one API token each (in bulk, as bench/decisions_casting.py
does), starts gunicorn (4 workers) with production-like settings on loopback, then for each
trial makes a fresh pledge (threshold 150 by default) through the services, launches it, and
has 200 clients, each on its own connection with its own member's token, released together
by a barrier, send `POST /api/v1/unions/{union}/pledges/{id}/signups`. Then it checks, in
the database and in the answers:

- the pledge activated, once: one activation event on the campaign's timeline, one
  `pledge.activated` audit entry, activated_at set and never moved;
- the count is exact: the stored count == the active signups == the 201 answers == the
  threshold (the pledges after activation are refused with code `activated`);
- after the worker ran the jobs, each pledger was notified exactly once ("it's on"), and
  nobody else was.

Exits 1 when a trial failed (it prints which check), 2 when the run itself failed.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decisions_casting import load_voters  # noqa: E402
from members_load import (  # noqa: E402
    RESULTS,
    ROOT,
    configure_django,
    machine,
    recreate_database,
    start_server,
    stop_server,
)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--trials", type=int, default=100)
    p.add_argument("--threshold", type=int, default=150)
    p.add_argument("--clients", type=int, default=200,
                   help="concurrent clients, each a different eligible member")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    p.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    p.add_argument("--port", type=int, default=0, help="default: the first free in 8630–8639")
    p.add_argument("--postgres", default=os.environ.get(
        "SUMA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="server URL without a database name")
    p.add_argument("--database", default="suma_bench_pledges")
    return p.parse_args()


def free_port(wanted: int) -> int:
    for port in [wanted] if wanted else range(8630, 8640):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port in 8630–8639")


def bench_campaign(union):
    """The demo's Facebook campaign when the campaigns demo made it, else one of our own."""
    from suma.campaigns.models import Campaign, CampaignStatus, Organisation

    found = Campaign.objects.filter(union=union, slug="facebook-transparency").first()
    if found is not None:
        return found
    campaign = Campaign.objects.create(union=union, slug="bench-pledges", title="Bench",
                                       status=CampaignStatus.ACTIVE)
    campaign.targets.add(Organisation.objects.get_or_create(
        name="Bench platform", country="", defaults={"kind": "platform"})[0])
    return campaign


def new_pledge(union, campaign, chapter, by, threshold: int, trial: int):
    from suma.tactics.pledges import services

    now = datetime.now(UTC)
    pledge = services.pledge_create(
        union=union, campaign=campaign, chapter=chapter, by=by,
        title=f"Bench trial {trial}", action="stop taking tasks", threshold=threshold,
        deadline=now + timedelta(days=7), starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=8))
    return services.pledge_launch(pledge=pledge, by=by)


def race(port: int, path: str, keys: list[str]) -> list[tuple[int, str]]:
    """Every client connects, waits at the barrier, then sends its one pledge."""
    barrier = threading.Barrier(len(keys))
    answers: list[tuple[int, str]] = [(0, "")] * len(keys)

    def client(i: int, key: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.connect()
            barrier.wait(timeout=60)
            conn.request("POST", path, body=b"{}",
                         headers={"Authorization": f"Bearer {key}",
                                  "Content-Type": "application/json"})
            answer = conn.getresponse()
            body = answer.read()
            code = ""
            if answer.status != 201:
                try:
                    code = json.loads(body).get("code", "")
                except ValueError:
                    code = body[:80].decode(errors="replace")
            answers[i] = (answer.status, code)
        except Exception as error:  # noqa: BLE001 - counted as a failed answer
            answers[i] = (-1, f"{type(error).__name__}: {error}")
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(i, key)) for i, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return answers


def verify(pledge_id: int, threshold: int, answers: list[tuple[int, str]],
           client_ids: set[int]) -> tuple[list[str], dict]:
    """The checks of one trial: the problems found (none when it passed), and the figures."""
    from django.db.models import Count

    from suma.campaigns.models import EventKind, TimelineEvent
    from suma.core.models import AuditEntry, Notification
    from suma.core.worker import run_worker
    from suma.tactics.pledges.models import Pledge, PledgeSignup, PledgeStatus

    pledge = Pledge.objects.get(pk=pledge_id)
    first_activated_at = pledge.activated_at
    statuses = Counter(status for status, _code in answers)
    codes = Counter(code for status, code in answers if status != 201)
    active = set(PledgeSignup.objects.filter(pledge=pledge, withdrawn_at__isnull=True)
                 .values_list("user_id", flat=True))
    url = pledge.get_absolute_url()
    events = TimelineEvent.objects.filter(campaign_id=pledge.campaign_id,
                                          kind=EventKind.ACTIVATION, link__endswith=url).count()
    audits = AuditEntry.objects.filter(action="pledge.activated", object_type="pledges.pledge",
                                       object_id=str(pledge.pk)).count()
    run_worker(batch=True, interval=0)  # the "it's on" job (and the emails it leads to)
    pledge.refresh_from_db()
    told = dict(Notification.objects.filter(url=url).values("user_id")
                .annotate(n=Count("id")).values_list("user_id", "n"))
    problems = []
    if pledge.status != PledgeStatus.ACTIVATED or pledge.activated_at is None:
        problems.append(f"status {pledge.status}, activated_at {pledge.activated_at}")
    if pledge.activated_at != first_activated_at:
        problems.append("activated_at moved")
    if events != 1:
        problems.append(f"{events} activation events on the timeline")
    if audits != 1:
        problems.append(f"{audits} pledge.activated audit entries")
    if not (pledge.pledge_count == len(active) == statuses[201] == threshold):
        problems.append(f"count {pledge.pledge_count}, active signups {len(active)}, "
                        f"201 answers {statuses[201]}, threshold {threshold}")
    if set(codes) - {"activated"}:
        problems.append(f"other refusals: {dict(codes)}")
    if not active <= client_ids:
        problems.append("signups from someone who did not pledge")
    if set(told) != active or any(n != 1 for n in told.values()):
        twice = sum(1 for n in told.values() if n > 1)
        problems.append(f"notified {len(told)} people ({twice} more than once) for "
                        f"{len(active)} pledgers")
    return problems, {"count": pledge.pledge_count, "signups": len(active),
                      "answers": dict(statuses), "refusals": dict(codes), "told": len(told)}


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupted)
    args = parse_args()
    if args.threshold > args.clients:
        print("the threshold must not exceed the clients", file=sys.stderr)
        return 2
    (RESULTS / "data" / "static").mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    env = configure_django(args)
    from django.core.management import call_command
    from django.db import connection

    from suma.members.demo import demo_load
    from suma.members.models import JoinRule, Membership, UnionRole

    print(f"creating database {args.database}")
    connection.close()
    recreate_database(args)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    union = demo_load()
    chapter = union.chapters.filter(join_rule=JoinRule.OPEN).order_by("pk").first() \
        or union.chapters.order_by("pk").first()
    steward = Membership.objects.filter(union=union, role=UnionRole.STEWARD) \
        .order_by("pk").first().user
    campaign = bench_campaign(union)
    members = load_voters(union, chapter, args.clients)
    client_ids = {user_id for user_id, _key in members}
    keys = [key for _user_id, key in members]
    print(f"{len(members)} members with tokens in chapter {chapter.slug}; campaign "
          f"{campaign.slug}")
    info = machine()

    port = free_port(args.port)
    server = start_server(env, port, args.workers, RESULTS / "gunicorn-pledges.log",
                          args.worker_class)
    trials, passed, seconds = [], 0, []
    try:
        for trial in range(1, args.trials + 1):
            pledge = new_pledge(union, campaign, chapter, steward, args.threshold, trial)
            path = f"/api/v1/unions/{union.slug}/pledges/{pledge.pk}/signups"
            connection.close()  # the server's workers, not this process, hold the locks
            t0 = time.monotonic()
            answers = race(port, path, keys)
            elapsed = time.monotonic() - t0
            seconds.append(elapsed)
            problems, figures = verify(pledge.pk, args.threshold, answers, client_ids)
            ok = not problems
            passed += ok
            trials.append({"trial": trial, "pledge": pledge.pk, "ok": ok, "problems": problems,
                           "seconds": round(elapsed, 2), **figures})
            print(f"trial {trial:3}/{args.trials}: {'ok' if ok else 'FAILED'} "
                  f"count {figures['count']} = signups {figures['signups']}, "
                  f"answers {figures['answers']}, refusals {figures['refusals']}, "
                  f"told {figures['told']}, {elapsed:.1f} s"
                  + ("" if ok else f" — {'; '.join(problems)}"), flush=True)
    finally:
        stop_server(server)

    print(f"\ntrials passed: {passed} / {args.trials} (threshold {args.threshold}, "
          f"{args.clients} concurrent clients, {args.workers} {args.worker_class} workers)")
    if seconds:
        print(f"a race of {args.clients} pledges took {min(seconds):.1f}–{max(seconds):.1f} s "
              f"(median {sorted(seconds)[len(seconds) // 2]:.1f} s)")
    print(f"machine: {info['cpus']} CPUs, {info['cpu_model']}, PostgreSQL {info['postgresql']}, "
          f"load average {os.getloadavg()[0]:.1f}")
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "trials": args.trials,
              "passed": passed, "threshold": args.threshold, "clients": args.clients,
              "workers": args.workers, "worker_class": args.worker_class,
              "results": trials, "machine": info}
    out = RESULTS / f"pledges_activation-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"results: {out.relative_to(ROOT)} ({time.monotonic() - started:.0f} s in all)")
    return 0 if passed == args.trials else 1


if __name__ == "__main__":
    sys.exit(main())
