"""Benchmark: at least 300 ballots a second through the HTTP API, none lost or doubled.

One command (`make bench-decisions` runs it with the stored-tally benchmark): builds a fresh
PostgreSQL database, loads the demo union and N members in one chapter (in bulk, shaped as
the services write them, as bench/members_load.py does), opens a Schulze vote on 5 options
through the services (the roll is the chapter's members), makes one API token per member,
starts gunicorn with production-like settings on loopback and has wrk (100 connections)
cast ballots through `POST /api/v1/unions/{union}/proposals/{id}/ballots`: each request
takes the next unused voter's token (each wrk thread owns its own slice of the tokens) and a
random ranking. Then it checks in the database that ballots == voters marked as voted ==
201 answers counted by wrk, with no receipt hash twice, and profiles one request in-process
(queries, time in the token check, in the service).

Exits 1 when fewer than the goal (300) ballots a second were accepted, 2 when the run itself
failed or a ballot was lost or doubled.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from members_load import (  # noqa: E402
    RESULTS,
    ROOT,
    _active,
    configure_django,
    machine,
    recreate_database,
    start_server,
    stop_server,
)

OPTIONS = ["Fair pay", "Transparency", "Data access", "Right to disconnect", "Portability"]

# Each wrk thread reads the token file and keeps every THREADS-th line from its own offset,
# so no token is sent twice. A ballot's ranking is a random order of the 5 options, cut
# short on three ballots in ten. 201 answers and the others are counted here, per thread
# (wrk's own count lumps every 2xx/3xx together), and summed in done(). Ballots stop
# BENCH_CAST_S seconds after the start (os.time(): whole seconds) and cheap reads fill the
# rest of the run, so that no ballot is in flight when wrk stops and drops its answer:
# then every ballot the server stored was answered and counted here. (A pause before those
# reads would keep them out of wrk's latency figures, but a sync worker that accepted an idle
# connection waits for it, and the ballots still in flight would wait behind it.)
WRK_LUA = r"""
local threads = {}
local count = 0

setup = function(thread)
  count = count + 1
  thread:set("thread_id", count)
  table.insert(threads, thread)
end

init = function(args)
  local every = tonumber(os.getenv("BENCH_THREADS"))
  tokens = {}
  local i = 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if i % every == thread_id - 1 then tokens[#tokens + 1] = line end
    i = i + 1
  end
  next_token, created, refused, spare, ran_out = 1, 0, 0, 0, 0
  cast_until = os.time() + tonumber(os.getenv("BENCH_CAST_S"))
  codes = ""
  path = os.getenv("BENCH_PATH")
  math.randomseed(os.time() * 1000 + thread_id)
end

request = function()
  if next_token > #tokens or os.time() >= cast_until then
    -- Out of voters or out of time: a read keeps the connection busy ("spare").
    if next_token > #tokens then ran_out = 1 end
    return wrk.format("GET", "/api/v1/unions/")
  end
  local token = tokens[next_token]
  next_token = next_token + 1
  local r = {1, 2, 3, 4, 5}
  for i = 5, 2, -1 do
    local j = math.random(i)
    r[i], r[j] = r[j], r[i]
  end
  local k = 5
  if math.random() < 0.3 then k = math.random(1, 4) end
  local body = '{"choice": {"ranking": [' .. table.concat(r, ", ", 1, k)
    .. ']}, "receipt": ""}'
  return wrk.format("POST", path, {["Authorization"] = "Bearer " .. token,
                                   ["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 200 then
    spare = spare + 1
  else
    refused = refused + 1
    if #codes < 400 then codes = codes .. status .. " " .. string.sub(body, 1, 80) .. "|" end
  end
end

done = function(summary, latency, requests)
  local sent, c, r, s, out, notes = 0, 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    sent = sent + t:get("next_token") - 1
    c = c + t:get("created")
    r = r + t:get("refused")
    s = s + t:get("spare")
    out = out + t:get("ran_out")
    notes = notes .. t:get("codes")
  end
  local e = summary.errors
  notes = string.gsub(string.gsub(notes, '\\', '\\\\'), '"', '\\"')
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "sent": %d, "created": %d, '
    .. '"refused": %d, "spare": %d, "ran_out": %d, "refusals": "%s", '
    .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
    .. '"latency_us": {"min": %d, "mean": %.1f, "max": %d, '
    .. '"p50": %d, "p90": %d, "p95": %d, "p99": %d}}\n',
    summary.requests, summary.duration, sent, c, r, s, out, notes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
end
"""


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=40_000,
                   help="voters (enough for the goal × duration, with room to spare)")
    p.add_argument("--connections", type=int, default=100)
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--duration", type=int, default=60, help="seconds of ballots")
    p.add_argument("--tail", type=int, default=12,
                   help="seconds of reads after the ballots (more than the 10 s timeout), so "
                        "that every ballot sent is answered or counted as a timeout")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    p.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    p.add_argument("--port", type=int, default=0, help="default: the first free in 8620–8629")
    p.add_argument("--goal-rps", type=float, default=300.0, help="ballots accepted a second")
    p.add_argument("--profile-requests", type=int, default=200,
                   help="in-process requests for the profile (on another proposal)")
    p.add_argument("--stale-statistics", action="store_true",
                   help="skip the ANALYZE after the rolls are written (the first minute of a "
                        "vote on a fresh installation)")
    p.add_argument("--report-only", action="store_true",
                   help="print the verdict against the goal but exit 0 when it is missed")
    p.add_argument("--postgres", default=os.environ.get(
        "SUMA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="server URL without a database name")
    p.add_argument("--database", default="suma_bench_decisions_cast")
    return p.parse_args()


def load_voters(union, chapter, total: int) -> list[tuple[int, str]]:
    """`total` active members of `chapter`, in bulk, each with a personal API token.

    Rows shaped as chapter_apply and api_token_create write them (one password hash, no
    audit entries or welcome notifications: nothing measured reads them), the member
    counters recounted once at the end. Returns (user id, token) pairs.
    """
    from allauth.account.models import EmailAddress
    from django.db import connection, transaction
    from django.utils import timezone

    from suma.core.models import ApiToken
    from suma.core.tokens import PREFIX, _hash
    from suma.members.models import ChapterMembership, Membership, UnionRole, User
    from suma.members.services import member_counts_recompute

    steward = Membership.objects.filter(union=union, role=UnionRole.STEWARD) \
        .order_by("pk").first().user
    now = timezone.now()
    voters = []
    for start in range(0, total, 5000):
        stop = min(start + 5000, total)
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(email=f"voter{i}@bench.suma.example", name=f"Voter {i}",
                     password=steward.password, language=chapter.language)
                for i in range(start, stop)])
            EmailAddress.objects.bulk_create([
                EmailAddress(user=u, email=u.email, verified=True, primary=True)
                for u in users])
            memberships = Membership.objects.bulk_create([
                Membership(user=u, union=union, is_member=True) for u in users])
            ChapterMembership.objects.bulk_create([
                _active(ChapterMembership, m, chapter, steward, now) for m in memberships])
            keys = [PREFIX + secrets.token_urlsafe(32) for _u in users]
            ApiToken.objects.bulk_create([
                ApiToken(user=u, name="bench", prefix=key[:12], key_hash=_hash(key))
                for u, key in zip(users, keys, strict=True)])
            voters += [(u.pk, key) for u, key in zip(users, keys, strict=True)]
        print(f"  loaded {stop:,} voters", end="\r", flush=True)
    print()
    member_counts_recompute(union=union)
    with connection.cursor() as cursor:  # what autovacuum would do soon after a big load
        cursor.execute("VACUUM ANALYZE")
    return voters


def open_vote(union, chapter, author, title: str):
    from suma.governance import services
    from suma.governance.models import Kind

    now = datetime.now(UTC)
    proposal = services.proposal_create(
        union=union, chapter=chapter, author=author, title=title, body="Rank the demands.",
        kind=Kind.SCHULZE, options=OPTIONS)
    services.proposal_publish(proposal=proposal, by=author, now=now - timedelta(minutes=2),
                              discussion_closes_at=now - timedelta(minutes=1))
    return services.proposal_open_voting(proposal=proposal, by=author,
                                         voting_closes_at=now + timedelta(days=1))


def ballot_path(union, proposal) -> str:
    return f"/api/v1/unions/{union.slug}/proposals/{proposal.pk}/ballots"


def profile(union, proposals: tuple, voters: list[tuple[int, str]], n: int) -> dict:
    """Where one ballot's time goes, in this process with the server's settings.

    The HTTP request (django.test.Client: middleware, auth, parsing, the service, the
    answer) on one spare proposal, with its queries; then, with other voters, the token
    check alone (a token's first use in a minute also writes last_used_at, as every
    request of the run does) and `ballot_cast` alone on another spare proposal.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from suma.core.tokens import api_token_user
    from suma.governance import services
    from suma.members.models import User

    http_proposal, service_proposal = proposals
    path = ballot_path(union, http_proposal)
    client = Client()
    http_ms, queries, sample = [], [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    cpu_django, cpu_postgres = time.process_time(), _cpu_seconds(backend)
    for _user_id, key in voters[:n]:
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            answer = client.post(path, data={"choice": {"ranking": [2, 1, 3]}, "receipt": ""},
                                 content_type="application/json",
                                 headers={"Authorization": f"Bearer {key}"})
        http_ms.append((time.perf_counter() - t0) * 1000)
        if answer.status_code != 201:
            raise SystemExit(f"profile: HTTP {answer.status_code} {answer.content[:200]!r}")
        queries.append(len(ctx.captured_queries))
        sample = [q["sql"][:160] for q in ctx.captured_queries]
    cpu_django = (time.process_time() - cpu_django) * 1000 / n
    cpu_postgres = (_cpu_seconds(backend) - cpu_postgres) * 1000 / n
    # The reference: the cheapest API read (the union list, 2 small queries), same process.
    client.get("/api/v1/unions/")
    ref_django, ref_postgres = time.process_time(), _cpu_seconds(backend)
    for _ in range(n):
        client.get("/api/v1/unions/")
    ref_cpu = ((time.process_time() - ref_django) + (_cpu_seconds(backend) - ref_postgres)) \
        * 1000 / n
    auth_ms, cast_ms = [], []
    for _user_id, key in voters[n:2 * n]:
        t0 = time.perf_counter()
        api_token_user(key)
        auth_ms.append((time.perf_counter() - t0) * 1000)
    users = User.objects.in_bulk([user_id for user_id, _key in voters[n:2 * n]])
    for user_id, _key in voters[n:2 * n]:
        t0 = time.perf_counter()
        services.ballot_cast(proposal=service_proposal, user=users[user_id],
                             choice={"ranking": [2, 1, 3]})
        cast_ms.append((time.perf_counter() - t0) * 1000)
    warm = slice(n // 10, None)  # the first requests warm caches
    return {"requests": n, "queries_per_request": statistics.median(queries),
            "http_ms": statistics.median(http_ms[warm]),
            "token_check_ms": statistics.median(auth_ms[warm]),
            "ballot_cast_ms": statistics.median(cast_ms[warm]),
            "cpu_ms_django": cpu_django, "cpu_ms_postgres": cpu_postgres,
            "cpu_ms_reference": ref_cpu,
            "capacity_per_s": (os.cpu_count() or 1) * 1000 / (cpu_django + cpu_postgres),
            "queries_of_one_request": sample}


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process on this machine has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port(wanted: int) -> int:
    for port in [wanted] if wanted else range(8620, 8630):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port in 8620–8629")


def warm_up(base: str, path: str, voters: list[tuple[int, str]]) -> None:
    """A few ballots on the spare proposal, so every worker has served one (and it works)."""
    for _user_id, key in voters:
        request = urllib.request.Request(
            base + path, method="POST",
            data=json.dumps({"choice": {"ranking": [1, 2]}, "receipt": ""}).encode(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            raise SystemExit(f"warm-up: HTTP {error.code} {error.read()[:200]!r}") from None
        if status != 201:
            raise SystemExit(f"warm-up: HTTP {status}")


def run_wrk(base: str, path: str, tokens: Path, args: argparse.Namespace,
            script: Path) -> dict:
    command = ["wrk", "--threads", str(args.threads), "--connections", str(args.connections),
               "--duration", f"{args.duration + args.tail}s", "--timeout", "10s",
               "--script", str(script), base + path]
    out = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 120,
                         env={**os.environ, "BENCH_TOKENS": str(tokens),
                              "BENCH_THREADS": str(args.threads), "BENCH_PATH": path,
                              "BENCH_CAST_S": str(args.duration)})
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise SystemExit(f"wrk failed: {out.stdout}\n{out.stderr}")


def verify(proposal_id: int) -> dict:
    """What the database holds after the run."""
    from django.db.models import Count

    from suma.governance.ballots import choice_decode
    from suma.governance.models import Ballot, Voter

    ballots = Ballot.objects.filter(proposal_id=proposal_id)
    malformed = 0
    for choice in ballots.values_list("choice", flat=True).distinct():
        ranking = choice_decode(kind="schulze", choice=choice)["ranking"]
        if not ranking or len(set(ranking)) != len(ranking) or not set(ranking) <= set(
                range(1, len(OPTIONS) + 1)):
            malformed += 1
    return {"ballots": ballots.count(),
            "voted": Voter.objects.filter(proposal_id=proposal_id, voted=True).count(),
            "roll": Voter.objects.filter(proposal_id=proposal_id).count(),
            "receipt_hashes_twice": ballots.values("receipt_hash").annotate(n=Count("id"))
            .filter(n__gt=1).count(),
            "distinct_choices": ballots.values("choice").distinct().count(),
            "malformed_choices": malformed}


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupted)
    args = parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
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
    t0 = time.monotonic()
    voters = load_voters(union, chapter, args.members)
    print(f"loaded {len(voters):,} voters with tokens in {time.monotonic() - t0:.0f} s")
    measured = open_vote(union, chapter, steward, "Bench: our first demand")
    spare_http = open_vote(union, chapter, steward, "Bench: profile and warm-up")
    spare_service = open_vote(union, chapter, steward, "Bench: the service alone")
    print(f"proposal {measured.pk}: roll of {measured.eligible_count:,} "
          f"in chapter {chapter.slug}")
    if not args.stale_statistics:
        # What autovacuum does within a minute of a roll this size landing in a small table.
        # Without it the planner, which saw an empty voter table, marks a voter as voted
        # through the index on the proposal alone and filters the whole roll on every ballot.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    n = min(args.profile_requests, len(voters) // 4)
    prof = profile(union, (spare_http, spare_service), voters, n)
    print(f"profile (in-process, median of {n}): request {prof['http_ms']:.1f} ms, "
          f"{prof['queries_per_request']:g} queries; token check {prof['token_check_ms']:.1f} "
          f"ms; ballot_cast {prof['ballot_cast_ms']:.1f} ms")
    print(f"CPU per request: Django {prof['cpu_ms_django']:.1f} ms + PostgreSQL backend "
          f"{prof['cpu_ms_postgres']:.1f} ms, so at most {prof['capacity_per_s']:.0f} ballots/s "
          f"on {os.cpu_count()} CPUs with nothing else running; "
          f"{(prof['cpu_ms_django'] + prof['cpu_ms_postgres']) / prof['cpu_ms_reference']:.1f} × "
          f"the CPU of GET /api/v1/unions/ ({prof['cpu_ms_reference']:.1f} ms)")
    info = machine()
    connection.close()

    port = free_port(args.port)
    base = f"http://127.0.0.1:{port}"
    path = ballot_path(union, measured)
    with tempfile.TemporaryDirectory() as tmp:
        script, tokens = Path(tmp) / "cast.lua", Path(tmp) / "tokens.txt"
        script.write_text(WRK_LUA)
        tokens.write_text("".join(f"{key}\n" for _user_id, key in voters))
        server = start_server(env, port, args.workers, RESULTS / "gunicorn-decisions.log",
                              args.worker_class)
        try:
            warm_up(base, ballot_path(union, spare_http), voters[2 * n:2 * n + 4 * args.workers])
            print(f"wrk: {args.connections} connections, {args.threads} threads, "
                  f"{args.duration} s, {len(voters):,} voters …", flush=True)
            raw = run_wrk(base, path, tokens, args, script)
        finally:
            stop_server(server)

    db = verify(measured.pk)
    rps = raw["created"] / args.duration  # ballots stop after --duration (whole seconds)
    lat = {k: v / 1000 for k, v in raw["latency_us"].items()}
    errors = sum(raw["errors"].values())
    lost_or_doubled = not (db["ballots"] == db["voted"] == raw["created"]) \
        or db["receipt_hashes_twice"] or db["malformed_choices"]
    print(f"\n{'ballots/s (201)':>15} {'201s':>7} {'non-201':>7} {'socket errors':>13} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'÷ goal':>7} goal")
    print(f"{rps:15.1f} {raw['created']:7,} {raw['refused']:7,} {errors:13,} "
          f"{lat['p50']:7.1f} {lat['p95']:7.1f} {lat['p99']:7.1f} {lat['max']:7.1f} "
          f"{rps / args.goal_rps:6.2f}× {'met' if rps >= args.goal_rps else 'MISSED'}")
    print(f"latency: every request of the run, the {raw['spare']:,} reads of the last "
          f"{args.tail} s included; the ballots' mean by Little's law: "
          f"{args.connections} ÷ {rps:.1f}/s = "
          f"{args.connections / rps * 1000 if rps else 0:.0f} ms")
    if raw["refusals"]:
        print(f"refusals (first few): {raw['refusals'][:400]}")
    if raw["ran_out"]:
        print(f"the voters ran out before the end: rerun with more --members "
              f"({raw['spare']:,} reads were sent instead of ballots)")
    print(f"database: {db['ballots']:,} ballots, {db['voted']:,} voters marked as voted "
          f"(roll {db['roll']:,}), {raw['created']:,} answers 201, tokens sent {raw['sent']:,}; "
          f"receipt hashes twice: {db['receipt_hashes_twice']}, "
          f"malformed: {db['malformed_choices']}, distinct rankings {db['distinct_choices']}")
    print("no ballot lost or doubled" if not lost_or_doubled else "BALLOTS LOST OR DOUBLED")
    print(f"goal: ≥ {args.goal_rps:g} ballots/s accepted (201) with {args.connections} "
          f"connections for {args.duration} s, {args.workers} {args.worker_class} workers")
    print(f"machine: {info['cpus']} CPUs, {info['cpu_model']}, PostgreSQL {info['postgresql']}, "
          f"load average {os.getloadavg()[0]:.1f}")

    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
              "voters": len(voters), "connections": args.connections,
              "threads": args.threads, "duration_s": args.duration, "workers": args.workers,
              "worker_class": args.worker_class, "goal_rps": args.goal_rps,
              "ballots_per_s": rps, "latency_ms": lat, "wrk": raw, "database": db,
              "lost_or_doubled": bool(lost_or_doubled), "profile": prof, "machine": info}
    out = RESULTS / f"decisions_casting-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"results: {out.relative_to(ROOT)} ({time.monotonic() - started:.0f} s in all)")
    if lost_or_doubled or errors:
        return 2
    if rps < args.goal_rps:
        return 0 if args.report_only else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
