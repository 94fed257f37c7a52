"""Load benchmark: the dashboard and the member-list API with 100,000 members on PostgreSQL.

One command (`make bench`): builds a fresh PostgreSQL database, loads the demo union plus
N members, starts gunicorn with production-like settings on loopback, drives each target
with wrk (50 connections), and prints p50/p95/p99 and req/s beside cheap reference
endpoints served by the same server in the same run. Absolute times on a shared machine are
noisy, so the ratio to the reference is the figure to compare between runs.

Exits 1 when a target's p95 is over the goal (100 ms), 2 when the run itself failed.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdefghij"
UNION_SLUG = "platform-users"  # the demo union (suma.members.demo)

# wrk prints this line from done(); percentiles are in microseconds.
WRK_LUA = r"""
-- With --think-ms, each connection waits between requests (a person reading), so the
-- offered load is bounded; without it, wrk sends the next request at once. The pause is
-- drawn uniformly from 0.5 to 1.5 times the mean, so that the connections, which all start
-- at once, drift apart as people do instead of arriving in bursts of 50 for the whole run
-- (--think-fixed keeps the pause exact, and the bursts).
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")
local fixed = os.getenv("BENCH_THINK_FIXED") == "1"
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

init = function(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

if think > 0 then
  delay = function()
    if fixed then return think end
    return math.floor(think * (0.5 + math.random()))
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
    .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
    .. '"latency_us": {"min": %d, "mean": %.1f, "stdev": %.1f, "max": %d, '
    .. '"p50": %d, "p90": %d, "p95": %d, "p99": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
end
"""


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=100_000)
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--duration", type=int, default=20, help="seconds per target")
    p.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per target")
    p.add_argument("--think-ms", type=int, default=0,
                   help="mean pause of each connection between requests, drawn from 0.5–1.5 "
                        "times it (default 0: saturation)")
    p.add_argument("--think-fixed", action="store_true",
                   help="pause exactly --think-ms (the connections then stay in step)")
    p.add_argument("--workers", type=int, default=0,
                   help="gunicorn workers (default: 2 × cores + 1)")
    p.add_argument("--worker-class", default="sync", choices=["sync", "gthread"],
                   help="gunicorn worker class (gthread: 4 threads a worker)")
    p.add_argument("--port", type=int, default=0, help="default: the first free in 8300–8399")
    p.add_argument("--goal-ms", type=float, default=100.0, help="p95 goal per target")
    p.add_argument("--report-only", action="store_true",
                   help="print the verdict against the goal but exit 0 when it is missed")
    p.add_argument("--postgres", default=os.environ.get(
        "SUMA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="server URL without a database name")
    p.add_argument("--database", default="suma_bench")
    p.add_argument("--reuse-db", action="store_true",
                   help="keep the database of an earlier run if it holds the members")
    p.add_argument("--only", default="", help="comma-separated target names to run")
    return p.parse_args()


def configure_django(args: argparse.Namespace) -> dict[str, str]:
    """The environment of both this process and the server: production-like, no DEBUG."""
    env = {
        "DJANGO_SETTINGS_MODULE": "suma.settings",
        "SUMA_DATABASE_URL": f"{args.postgres.rstrip('/')}/{args.database}",
        "SUMA_DEBUG": "0",
        "SUMA_DB_CONN_MAX_AGE": "60",
        "SUMA_SECRET_KEY": SECRET_KEY,
        "SUMA_LOG_LEVEL": "WARNING",
        "SUMA_DATA_DIR": str(RESULTS / "data"),
        "SUMA_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return env


def recreate_database(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(f"{args.postgres.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.database}"')


def database_ready(members: int) -> bool:
    from django.db.utils import DatabaseError

    from suma.members.models import Membership

    try:
        members_now = Membership.objects.filter(union__slug=UNION_SLUG, is_member=True)
        return members_now.count() >= members
    except DatabaseError:
        return False


def load_members(total: int) -> None:
    """The demo union through the services, then `total` members in bulk.

    The bulk rows are shaped as chapter_apply/application_approve write them: one Membership
    per person (is_member as membership_refresh keeps it), an active ChapterMembership per
    chapter (decided_by the steward where an organiser approved), a verified primary
    EmailAddress. One in ten is also active in a second chapter, one in twenty has a
    pseudonym, and beside them sit waiting applications and members who left, so the
    "is a member" filter has something to filter. Audit entries and welcome notifications
    are not written for the bulk members: no measured page reads them. The member counters
    of the union and its chapters, which the services keep one change at a time, are counted
    once after the load (member_counts_recompute).
    """
    from allauth.account.models import EmailAddress
    from django.db import connection, transaction
    from django.utils import timezone

    from suma.members.demo import demo_load
    from suma.members.models import (
        ChapterMembership,
        ChapterRole,
        ChapterStatus,
        JoinRule,
        Membership,
        UnionRole,
        User,
    )
    from suma.members.services import member_counts_recompute

    union = demo_load()
    chapters = list(union.chapters.order_by("pk"))
    steward = Membership.objects.filter(union=union, role=UnionRole.STEWARD).order_by("pk")[0].user
    password = steward.password  # the demo's one hash
    now = timezone.now()
    pending, left = total // 100, total // 200
    batch = 5000
    for start in range(0, total + pending + left, batch):
        stop = min(start + batch, total + pending + left)
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(email=f"member{i}@bench.suma.example", name=f"Member {i}",
                     password=password, language=chapters[i % len(chapters)].language)
                for i in range(start, stop)])
            EmailAddress.objects.bulk_create([
                EmailAddress(user=u, email=u.email, verified=True, primary=True)
                for u in users])
            memberships = Membership.objects.bulk_create([
                Membership(user=u, union=union, is_member=i < total,
                           pseudonym=f"Bench pseudonym {i}" if i % 20 == 0 and i < total
                           else "")
                for i, u in zip(range(start, stop), users, strict=True)])
            places = []
            for i, m in zip(range(start, stop), memberships, strict=True):
                chapter = chapters[i % len(chapters)]
                if i < total:
                    places.append(_active(ChapterMembership, m, chapter, steward, now))
                    if i % 10 == 0:
                        second = chapters[(i + 1) % len(chapters)]
                        places.append(_active(ChapterMembership, m, second, steward, now))
                elif i < total + pending:
                    if chapter.join_rule != JoinRule.APPROVAL:
                        chapter = next(c for c in chapters if c.join_rule == JoinRule.APPROVAL)
                    places.append(ChapterMembership(
                        membership=m, chapter=chapter, status=ChapterStatus.PENDING,
                        role=ChapterRole.MEMBER, message="I work on these platforms too."))
                else:
                    place = _active(ChapterMembership, m, chapter, steward, now)
                    place.status = ChapterStatus.LEFT
                    places.append(place)
            ChapterMembership.objects.bulk_create(places)
        print(f"  loaded {stop:,} people", end="\r", flush=True)
    print()
    member_counts_recompute(union=union)
    with connection.cursor() as cursor:  # what autovacuum would do soon after a big load
        cursor.execute("VACUUM ANALYZE")


def _active(model, membership, chapter, steward, now):
    from suma.members.models import ChapterRole, ChapterStatus, JoinRule

    by_organiser = chapter.join_rule == JoinRule.APPROVAL
    return model(membership=membership, chapter=chapter, status=ChapterStatus.ACTIVE,
                 role=ChapterRole.MEMBER, decided_at=now,
                 decided_by=steward if by_organiser else None)


def make_clients() -> dict:
    """A signed-in member, an organiser (with applications waiting) and an API token."""
    from django.conf import settings
    from django.test import Client

    from suma.core.tokens import api_token_create
    from suma.members.demo import _email
    from suma.members.models import User

    member = User.objects.get(email=_email("achieng.atieno"))  # Click workers of Nairobi
    organiser = User.objects.get(email=_email("wanjiru.kamau"))  # organises that chapter
    sessions = {}
    for key, user in (("member", member), ("organiser", organiser)):
        client = Client()
        client.force_login(user, backend="suma.members.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        sessions[key] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
    _token, key = api_token_create(user=member, name="bench")
    return {"member_cookie": sessions["member"], "organiser_cookie": sessions["organiser"],
            "token": key}


def targets(clients: dict) -> list[dict]:
    members_url = f"/api/v1/unions/{UNION_SLUG}/members"
    bearer = f"Authorization: Bearer {clients['token']}"
    return [
        # References: the same stack with next to no database work.
        {"name": "login_page", "kind": "reference", "path": "/accounts/login/",
         "header": None, "expect": "password", "reference": None},
        {"name": "api_union_list", "kind": "reference", "path": "/api/v1/unions/",
         "header": None, "expect": "Platform Users", "reference": None},
        # Targets, each compared with the reference of its kind (page or API).
        {"name": "dashboard_member", "kind": "target", "path": "/dashboard/",
         "header": f"Cookie: {clients['member_cookie']}", "expect": "Click workers of Nairobi",
         "reference": "login_page"},
        {"name": "dashboard_organiser", "kind": "target", "path": "/dashboard/",
         "header": f"Cookie: {clients['organiser_cookie']}", "expect": "waiting",
         "reference": "login_page"},
        {"name": "api_members_page1", "kind": "target", "path": f"{members_url}?page=1",
         "header": bearer, "expect": '"count"', "reference": "api_union_list"},
        {"name": "api_members_page1000", "kind": "target", "path": f"{members_url}?page=1000",
         "header": bearer, "expect": '"count"', "reference": "api_union_list"},
        # A peer, not gated: the public page also counts the union's members.
        {"name": "union_page", "kind": "peer", "path": f"/u/{UNION_SLUG}/",
         "header": None, "expect": "Platform Users", "reference": "login_page"},
    ]


def query_counts(specs: list[dict]) -> None:
    """Queries per request, measured in this process with the same settings."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for spec in specs:
        headers = {}
        if spec["header"]:
            name, value = spec["header"].split(": ", 1)
            headers[name] = value
        client = Client(headers=headers)
        client.get(spec["path"])  # first request warms caches (content types, sessions)
        with CaptureQueriesContext(connection) as ctx:
            client.get(spec["path"])
        spec["queries"] = len(ctx.captured_queries)


def free_port(wanted: int) -> int:
    for port in [wanted] if wanted else range(8300, 8400):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port in 8300–8399")


def start_server(env: dict[str, str], port: int, workers: int, log: Path,
                 worker_class: str = "sync") -> subprocess.Popen:
    command = [str(GUNICORN), "suma.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", worker_class, "--backlog", "2048",
               "--timeout", "60", "--log-level", "warning", "--chdir", str(ROOT)]
    if worker_class == "gthread":
        command += ["--threads", "4"]
    server = subprocess.Popen(command, env={**os.environ, **env}, stdout=log.open("w"),
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {log}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/unions/", timeout=10)
                return server
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")
    except BaseException:
        stop_server(server)
        raise


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(base: str, spec: dict) -> None:
    """The target answers 200 with the page we mean (not a redirect to the login)."""
    request = urllib.request.Request(base + spec["path"])
    if spec["header"]:
        name, value = spec["header"].split(": ", 1)
        request.add_header(name, value)
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{spec['name']}: HTTP {error.code} for {spec['path']}") from None
    body = response.read().decode()
    if response.status != 200 or spec["expect"] not in body:
        raise SystemExit(f"{spec['name']}: unexpected answer {response.status} for "
                         f"{spec['path']}: {body[:200]!r}")


def run_wrk(base: str, spec: dict, connections: int, duration: int, script: Path,
            think_ms: int = 0, think_fixed: bool = False) -> dict:
    command = ["wrk", "--threads", "2", "--connections", str(connections),
               "--duration", f"{duration}s", "--timeout", "10s", "--script", str(script)]
    if spec["header"]:
        command += ["--header", spec["header"]]
    command.append(base + spec["path"])
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60,
                         env={**os.environ, "BENCH_THINK_MS": str(think_ms),
                              "BENCH_THINK_FIXED": "1" if think_fixed else "0"})
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise SystemExit(f"wrk failed for {spec['name']}: {out.stdout}\n{out.stderr}")


def summarise(spec: dict, raw: dict) -> dict:
    lat = raw["latency_us"]
    errors = sum(raw["errors"].values())
    if raw["requests"] == 0:  # nothing finished within the run: worse than any percentile
        lat = {k: float("inf") for k in lat}
    return {
        "name": spec["name"], "kind": spec["kind"], "path": spec["path"],
        "reference": spec["reference"],
        "queries": spec.get("queries"),
        "requests": raw["requests"], "errors": errors,
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        **{k: lat[k] / 1000 for k in ("p50", "p90", "p95", "p99", "max", "mean")},
        "raw": raw,
    }


def machine() -> dict:
    from django.db import connection

    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    wrk = (subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
           if shutil.which("wrk") else "")
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": round(mem / 2**20, 1),
            "postgresql": pg, "python": sys.version.split()[0],
            "wrk": wrk.split("[")[0].strip(), "load_average": os.getloadavg()}


def add_ratios(rows: list[dict]) -> None:
    by_name = {r["name"]: r for r in rows}
    for r in rows:
        ref = by_name.get(r["reference"] or "")
        r["p95_ratio"] = r["p95"] / ref["p95"] if ref and ref["p95"] else None
        r["rps_ratio"] = r["rps"] / ref["rps"] if ref and ref["rps"] else None


def print_table(rows: list[dict], goal_ms: float) -> None:
    print(f"\n{'endpoint':22} {'queries':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'errors':>6}  {'p95 ÷ reference':26} goal")
    for r in rows:
        ratio = f"{r['p95_ratio']:6.2f} × {r['reference']}" if r["p95_ratio"] else ""
        verdict = ("ok" if r["p95"] < goal_ms else "OVER") if r["kind"] == "target" else "-"
        print(f"{r['name']:22} {r['queries'] if r['queries'] is not None else '':>7} "
              f"{r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
              f"{r['errors']:6d}  {ratio:26} {verdict}")
    print(f"goal: p95 < {goal_ms:g} ms for each target; references and peers are not gated")


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # so that the server is stopped on the way out


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

    from suma.members import selectors

    if args.reuse_db and database_ready(args.members):
        print(f"reusing database {args.database}")
        call_command("migrate", verbosity=0)  # a database of an older schema catches up
    else:
        print(f"creating database {args.database}")
        connection.close()
        recreate_database(args)
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        t0 = time.monotonic()
        load_members(args.members)
        print(f"loaded {args.members:,} members in {time.monotonic() - t0:.0f} s")
    union = selectors.union_get(slug=UNION_SLUG)
    member_count = selectors.union_member_count(union=union)
    print(f"union {UNION_SLUG}: {member_count:,} members")
    if member_count < args.members:
        print("the union has fewer members than asked: rebuild without --reuse-db",
              file=sys.stderr)
        return 2
    clients = make_clients()
    specs = targets(clients)
    if args.only:
        wanted = set(args.only.split(","))
        specs = [s for s in specs if s["name"] in wanted or s["kind"] == "reference"]
    if args.connections < 1 or args.duration < 1:
        raise SystemExit("--connections and --duration must be at least 1")
    query_counts(specs)
    info = machine()
    connection.close()

    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    port = free_port(args.port)
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_LUA)
        server = start_server(env, port, workers, RESULTS / "gunicorn.log", args.worker_class)
        rows = []
        try:
            for spec in specs:
                check(base, spec)
            for spec in specs:
                print(f"wrk {spec['name']}: {args.connections} connections, "
                      f"{args.duration} s …", flush=True)
                if args.warmup:
                    run_wrk(base, spec, args.connections, args.warmup, script, args.think_ms,
                            args.think_fixed)
                rows.append(summarise(spec, run_wrk(base, spec, args.connections,
                                                    args.duration, script, args.think_ms,
                                                    args.think_fixed)))
        finally:
            stop_server(server)

    add_ratios(rows)
    print_table(rows, args.goal_ms)
    over = [r["name"] for r in rows if r["kind"] == "target" and r["p95"] >= args.goal_ms]
    failed = [r["name"] for r in rows if r["errors"]]
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "members": member_count, "connections": args.connections, "duration_s": args.duration,
        "think_ms": args.think_ms, "think_fixed": args.think_fixed,
        "workers": workers, "worker_class": args.worker_class, "goal_p95_ms": args.goal_ms,
        "machine": info, "results": rows, "over_goal": over, "with_errors": failed,
    }
    out = RESULTS / f"members_load-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(result, indent=2))
    (RESULTS / "members_load-latest.json").write_text(json.dumps(result, indent=2))
    print(f"results: {out.relative_to(ROOT)} ({time.monotonic() - started:.0f} s in all)")
    if failed:
        print(f"errors (non-2xx/3xx, timeouts or socket errors) in: {', '.join(failed)}")
        return 2
    if over:
        print(f"p95 over {args.goal_ms:g} ms: {', '.join(over)}")
        return 0 if args.report_only else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
