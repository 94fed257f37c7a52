"""Benchmark: at least 500 petition signatures a second through the real pages, none lost.

One command (`make bench-petitions`): builds a fresh PostgreSQL database, loads the demo union
and N members (in bulk, shaped as the services write them; see bench/decisions_casting.py),
opens a petition on a campaign, prepares a signed-in session per member and one CSRF token,
starts gunicorn (4 sync workers, SUMA_DEBUG=0, the Redis cache for the rate limits) and
drives it with wrk (100 connections) in phases, each measured alone:

  member    logged-in members POST the page's one-click form (each request another member)
  visitor   visitors POST the visitor form with distinct emails (pending signatures)
  confirm   the confirmation page's button is POSTed with each visitor's token (the tokens
            are issued in-process as the email job issues them; see --emails)
  limit     a bare Django endpoint doing one INSERT into a table of the same database,
            served by the same gunicorn settings (bench/petitions_limit_*.py)

Members' sessions are stored as signing in stores them: in the database and, as Suma uses
Redis (SUMA_REDIS_URL) here, in Redis too (Django's cached_db sessions). Before each server's
phases a few seconds of reads warm every worker up. Each phase reports the CPU time per
answered request of the web workers, PostgreSQL, Redis and wrk over its measured seconds.

Each request comes from its own address (X-Forwarded-For, with SUMA_TRUSTED_PROXY_COUNT=1),
so the per-IP limits and burst screening see distinct clients, as on the internet. Then it
checks in the database that the counter equals the stored valid signatures and that every
answered request is a stored signature, and prints signatures/s, latency and the ratio to
the limit.

Exits 1 when a goal is missed (≥ 500/s, p99 < 500 ms, ratio ≥ 0.5), 2 when the run failed,
a request errored, or a signature was lost, doubled or miscounted.
"""

import argparse
import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decisions_casting import free_port  # noqa: E402
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

# Each wrk thread keeps every THREADS-th line of the input from its own offset, so no line is
# sent twice. Requests of the measured kind stop BENCH_RUN_S seconds after the start and cheap
# reads fill the tail, so that none is in flight when wrk stops: then every stored signature
# was answered and counted here (as in bench/decisions_casting.py).
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
  mode = os.getenv("BENCH_MODE")
  csrf = os.getenv("BENCH_CSRF")
  path = os.getenv("BENCH_PATH")
  lines = {}
  local i = 0
  local source = os.getenv("BENCH_LINES")
  if source ~= "" then
    for line in io.lines(source) do
      if i % every == thread_id - 1 then lines[#lines + 1] = line end
      i = i + 1
    end
  end
  n, ok, refused, spare, ran_out = 0, 0, 0, 0, 0
  run_until = os.time() + tonumber(os.getenv("BENCH_RUN_S"))
  codes = ""
  countries = {"IE", "KE", "FR", "IT", "ES", "DE", "IN", "BR", "NG", "BO"}
end

request = function()
  local limited = mode == "member" or mode == "confirm"
  if os.time() >= run_until or (limited and n >= #lines) then
    if limited and n >= #lines then ran_out = 1 end
    return wrk.format("GET", "/api/v1/unions/")
  end
  n = n + 1
  local ip = string.format("10.%d.%d.%d", thread_id, math.floor(n / 256) % 256, n % 256)
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded",
                   ["X-Forwarded-For"] = ip}
  local body = "csrfmiddlewaretoken=" .. csrf
  local target = path
  if mode == "member" then
    headers["Cookie"] = "csrftoken=" .. csrf .. "; sessionid=" .. lines[n]
    body = body .. "&country=" .. countries[n % #countries + 1]
  elseif mode == "visitor" then
    headers["Cookie"] = "csrftoken=" .. csrf
    body = body .. "&name=Visitor+" .. thread_id .. "-" .. n .. "&email=v" .. thread_id
      .. "-" .. n .. "%40bench.example&country=" .. countries[n % #countries + 1]
      .. "&postcode="
  elseif mode == "confirm" then
    headers["Cookie"] = "csrftoken=" .. csrf
    target = path .. lines[n] .. "/"
  else
    body = "v=" .. thread_id .. "-" .. n
  end
  return wrk.format("POST", target, headers, body)
end

response = function(status, headers, body)
  if status == 302 or status == 201 then
    ok = ok + 1
  elseif status == 200 then
    spare = spare + 1
  else
    refused = refused + 1
    if #codes < 400 then codes = codes .. status .. " " .. string.sub(body, 1, 80) .. "|" end
  end
end

done = function(summary, latency, requests)
  local sent, o, r, s, out, notes = 0, 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    sent = sent + t:get("n")
    o = o + t:get("ok")
    r = r + t:get("refused")
    s = s + t:get("spare")
    out = out + t:get("ran_out")
    notes = notes .. t:get("codes")
  end
  local e = summary.errors
  notes = string.gsub(string.gsub(notes, '\\', '\\\\'), '"', '\\"')
  notes = string.gsub(notes, '[%c]', ' ')
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "sent": %d, "ok": %d, '
    .. '"refused": %d, "spare": %d, "ran_out": %d, "refusals": "%s", '
    .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
    .. '"latency_us": {"min": %d, "mean": %.1f, "max": %d, '
    .. '"p50": %d, "p90": %d, "p95": %d, "p99": %d}}\n',
    summary.requests, summary.duration, sent, o, r, s, out, notes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
end
"""


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=45_000,
                   help="signing members (enough for the goal × duration, with room)")
    p.add_argument("--connections", type=int, default=100)
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--duration", type=int, default=60, help="seconds of each phase")
    p.add_argument("--tail", type=int, default=12,
                   help="seconds of reads after each phase (over wrk's 10 s timeout), so "
                        "that every request sent is answered or counted as a timeout")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    p.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    p.add_argument("--port", type=int, default=0, help="default: the first free in 8620–8629")
    p.add_argument("--goal-rps", type=float, default=500.0, help="signatures a second")
    p.add_argument("--goal-p99-ms", type=float, default=500.0)
    p.add_argument("--goal-ratio", type=float, default=0.5, help="signing ÷ the bare INSERT")
    p.add_argument("--redis", default=os.environ.get("SUMA_BENCH_REDIS",
                                                     "redis://127.0.0.1:6379/9"),
                   help="the cache of the rate limits (flushed first)")
    p.add_argument("--emails", action="store_true",
                   help="send the confirmation emails with the real job (the worker, "
                        "in-process) and read the tokens from the outbox; slower")
    p.add_argument("--report-only", action="store_true",
                   help="print the verdict against the goals but exit 0 when one is missed")
    p.add_argument("--postgres", default=os.environ.get(
        "SUMA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="server URL without a database name")
    p.add_argument("--database", default="suma_bench_petitions")
    return p.parse_args()


def prepare(args):
    """The demo union, an open petition on its Facebook campaign, and N signed-in members."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from suma.campaigns.models import Campaign
    from suma.members.demo import demo_load
    from suma.members.models import ChapterMembership, JoinRule, Membership, UnionRole, User
    from suma.members.services import member_counts_recompute
    from suma.tactics.petitions import services

    union = demo_load()
    chapter = union.chapters.filter(join_rule=JoinRule.OPEN).order_by("pk").first()
    steward = Membership.objects.filter(union=union, role=UnionRole.STEWARD) \
        .order_by("pk").first().user
    campaign = Campaign.objects.filter(union=union, slug="facebook-transparency").first() \
        or Campaign.objects.create(union=union, slug="facebook-transparency", status="active",
                                   title="Transparency and privacy for Facebook users")
    petition = services.petition_create(
        campaign=campaign, by=steward, slug="bench-sign", title="Bench: sign here",
        text="Signed by the benchmark.", target="Meta Platforms Ireland Ltd.",
        milestones=[(1_000, "a response"), (10_000, "a meeting"), (100_000, "delivery")])
    services.petition_open(petition=petition, by=steward)
    now = timezone.now()
    store = SessionStore()
    sessions = []
    for start in range(0, args.members, 5000):
        stop = min(start + 5000, args.members)
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(email=f"signer{i}@bench.suma.example", name=f"Signer {i}",
                     password=steward.password, language="en") for i in range(start, stop)])
            memberships = Membership.objects.bulk_create([
                Membership(user=u, union=union, is_member=True) for u in users])
            ChapterMembership.objects.bulk_create([
                _active(ChapterMembership, m, chapter, steward, now) for m in memberships])
            rows = []
            for user in users:
                key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
                data = {SESSION_KEY: str(user.pk),
                        BACKEND_SESSION_KEY: "suma.members.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash()}
                rows.append(Session(session_key=key, session_data=store.encode(data),
                                    expire_date=now + timedelta(days=1)))
                sessions.append(key)
            Session.objects.bulk_create(rows)
            if settings.SESSION_ENGINE.endswith("cached_db"):
                # Signing in writes the session to the cache too (cached_db): so here.
                cache.set_many({f"{KEY_PREFIX}{row.session_key}": store.decode(row.session_data)
                                for row in rows}, timeout=86400)
        print(f"  loaded {stop:,} members with sessions", end="\r", flush=True)
    print()
    member_counts_recompute(union=union)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_petitions_limit (id bigserial PRIMARY KEY, v text)")
        cursor.execute("VACUUM ANALYZE")
    return union, petition, sessions


def issue_tokens(petition, use_emails: bool) -> list[str]:
    """A confirmation token for every pending signature: what the emails carry."""
    from suma.tactics.petitions.models import Signature, SignatureStatus
    from suma.tactics.petitions.services import signature_token_issue

    pending = Signature.objects.filter(petition=petition, status=SignatureStatus.PENDING)
    if not use_emails:
        return [signature_token_issue(signature=s) for s in pending.only("pk").iterator()]
    import email
    import re
    from email import policy

    from django.conf import settings

    from suma.core.worker import run_worker

    run_worker(batch=True, interval=0)
    tokens = []
    for path in Path(settings.OUTBOX_DIR).glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        body = message.get_body(preferencelist=("plain",)).get_content()
        found = re.search(r"/confirm/([^/\s]+)/", body)
        if found and f"/{petition.slug}/" in body:
            tokens.append(found.group(1))
    return tokens


def cpu_seconds() -> dict[str, float]:
    """CPU time so far of the processes that serve a phase, by kind (from /proc): the web
    workers, PostgreSQL and Redis; wrk's is counted from this process's children."""
    tick = os.sysconf("SC_CLK_TCK")
    kinds = {"postgres": "postgres", "gunicorn": "web", "redis-server": "redis"}
    found = dict.fromkeys(("web", "postgres", "redis"), 0.0)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        kind = kinds.get(comm) or ("web" if comm.startswith("gunicorn") else None)
        if kind is None and comm.startswith("python"):
            cmdline = (stat.parent / "cmdline").read_bytes()
            kind = "web" if b"gunicorn" in cmdline else None
        if kind:  # its own time and that of its exited children (a backend that closed)
            found[kind] += sum(int(fields[i]) for i in (11, 12, 13, 14)) / tick
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    found["wrk"] = children.ru_utime + children.ru_stime
    return found


def run_wrk(base: str, mode: str, path: str, lines: list[str], csrf: str,
            args: argparse.Namespace, script: Path, tmp: Path) -> dict:
    source = tmp / f"{mode}.txt"
    source.write_text("".join(f"{line}\n" for line in lines))
    command = ["wrk", "--threads", str(args.threads), "--connections", str(args.connections),
               "--duration", f"{args.duration + args.tail}s", "--timeout", "10s",
               "--script", str(script), base + path]
    # CPU over the measured seconds only, not the reads of the tail.
    before = cpu_seconds()
    snapshot: dict[str, float] = {}
    timer = threading.Timer(args.duration, lambda: snapshot.update(cpu_seconds()))
    timer.start()
    out = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 180,
                         env={**os.environ, "BENCH_LINES": str(source) if lines else "",
                              "BENCH_THREADS": str(args.threads), "BENCH_PATH": path,
                              "BENCH_MODE": mode, "BENCH_CSRF": csrf,
                              "BENCH_RUN_S": str(args.duration)})
    timer.join()
    after = {**snapshot, "wrk": cpu_seconds()["wrk"]}  # wrk's counts once it has exited
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return {**json.loads(line[len("BENCH_JSON "):]),
                    "cpu_s": {k: round(after[k] - before[k], 2) for k in after}}
    raise SystemExit(f"wrk failed: {out.stdout}\n{out.stderr}")


def warm_up(base: str, path: str) -> None:
    """A few seconds of reads first, so that every worker has loaded its code (URLs, views,
    templates) before a phase is timed: a server in service is warm."""
    subprocess.run(["wrk", "--threads", "1", "--connections", "8", "--duration", "3s",
                    base + path], capture_output=True, check=True, timeout=60)


def summary(name: str, raw: dict, duration: int) -> dict:
    lat = {k: v / 1000 for k, v in raw["latency_us"].items()}
    return {"phase": name, "per_s": raw["ok"] / duration, "ok": raw["ok"],
            "refused": raw["refused"], "errors": sum(raw["errors"].values()),
            "latency_ms": lat, "ran_out": raw["ran_out"], "refusals": raw["refusals"],
            "wrk": raw}


def verify(petition) -> dict:
    from suma.tactics.petitions import selectors, services
    from suma.tactics.petitions.models import Signature, SignatureStatus

    signatures = Signature.objects.filter(petition=petition)
    return {"counter": services.signature_total(petition=petition),
            "stored_valid": selectors.stored_valid_count(petition=petition),
            "members": signatures.filter(user__isnull=False).count(),
            "visitors": signatures.filter(user__isnull=True).count(),
            "confirmed_visitors": signatures.filter(user__isnull=True,
                                                    status=SignatureStatus.CONFIRMED).count(),
            "held": signatures.filter(status=SignatureStatus.QUARANTINED).count(),
            "pending": signatures.filter(status=SignatureStatus.PENDING).count()}


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
    try:
        import redis  # noqa: F401  (Django's Redis cache needs it)

        cache_env = {"SUMA_REDIS_URL": args.redis}
        print(f"rate limits counted in Redis ({args.redis})")
    except ImportError:
        cache_env = {}
        print("the redis package is not installed: rate limits counted in the database "
              "cache (Suma's default without SUMA_REDIS_URL)")
    os.environ.pop("SUMA_REDIS_URL", None)
    os.environ.update({
        **cache_env, "SUMA_TRUSTED_PROXY_COUNT": "1",
        # Distinct clients stay far below the per-IP and per-email limits; the petition's
        # own limit is lifted, as a union expecting a rush would.
        "SUMA_PETITION_LIMIT_PETITION": "1000000/s",
        "SUMA_OUTBOX_DIR": str(RESULTS / "data" / "outbox-petitions")})
    env = configure_django(args)
    env.update({k: os.environ[k] for k in (*cache_env, "SUMA_TRUSTED_PROXY_COUNT",
                                           "SUMA_PETITION_LIMIT_PETITION", "SUMA_OUTBOX_DIR")})
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    print(f"creating database {args.database}")
    connection.close()
    recreate_database(args)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    cache.clear()
    shutil.rmtree(os.environ["SUMA_OUTBOX_DIR"], ignore_errors=True)
    t0 = time.monotonic()
    union, petition, sessions = prepare(args)
    print(f"loaded {len(sessions):,} members in {time.monotonic() - t0:.0f} s; petition "
          f"{petition.slug} open")
    info = machine()
    connection.close()

    csrf = secrets.token_hex(16)  # a CSRF secret: 32 characters, cookie and form alike
    port = free_port(args.port)
    base = f"http://127.0.0.1:{port}"
    page = f"/u/{union.slug}/petitions/{petition.slug}/"
    phases = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        script = tmp / "sign.lua"
        script.write_text(WRK_LUA)
        log = RESULTS / "gunicorn-petitions.log"
        server = start_server(env, port, args.workers, log, args.worker_class)
        try:
            warm_up(base, page)
            for mode, lines in (("member", sessions), ("visitor", [])):
                print(f"wrk {mode}: {args.connections} connections, {args.duration} s …",
                      flush=True)
                raw = run_wrk(base, mode, f"{page}sign/", lines, csrf, args, script, tmp)
                phases.append(summary(mode, raw, args.duration))
            tokens = issue_tokens(petition, args.emails)
            print(f"wrk confirm: {len(tokens):,} tokens …", flush=True)
            raw = run_wrk(base, "confirm", f"{page}confirm/", tokens, csrf, args, script, tmp)
            phases.append(summary("confirm", raw, args.duration))
        finally:
            stop_server(server)
        limit_env = {**env, "DJANGO_SETTINGS_MODULE": "petitions_limit_settings",
                     "PYTHONPATH": str(ROOT / "bench")}
        server = start_server(limit_env, port, args.workers, RESULTS / "gunicorn-limit.log",
                              args.worker_class)
        try:
            warm_up(base, "/api/v1/unions/")
            print("wrk limit: one INSERT …", flush=True)
            raw = run_wrk(base, "limit", "/insert/", [], csrf, args, script, tmp)
            phases.append(summary("limit", raw, args.duration))
        finally:
            stop_server(server)

    db = verify(petition)
    by = {p["phase"]: p for p in phases}
    limit = by["limit"]["per_s"] or 1
    exact = (db["counter"] == db["stored_valid"]
             and db["members"] == by["member"]["ok"]
             and db["visitors"] == by["visitor"]["ok"]
             and db["confirmed_visitors"] + db["held"] == by["confirm"]["ok"])
    errors = sum(p["errors"] + p["refused"] for p in phases)
    print(f"\n{'phase':>8} {'per s':>8} {'ok':>7} {'refused':>7} {'errors':>6} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'p99 ms':>7} {'÷ limit':>7}")
    missed = []
    for p in phases:
        lat = p["latency_ms"]
        print(f"{p['phase']:>8} {p['per_s']:8.1f} {p['ok']:7,} {p['refused']:7,} "
              f"{p['errors']:6,} {lat['p50']:7.1f} {lat['p95']:7.1f} {lat['p99']:7.1f} "
              f"{p['per_s'] / limit:7.2f}")
        cpu = p["wrk"]["cpu_s"]
        per = 1000 / max(1, p["ok"])
        print("         CPU ms per answered request: " + ", ".join(
            f"{kind} {seconds * per:.2f}" for kind, seconds in cpu.items()))
        if p["refusals"]:
            print(f"         refusals (first few): {p['refusals'][:300]}")
        if p["ran_out"] and p["phase"] == "member":
            print("         member: the members ran out before the end: rerun with more "
                  "--members (reads were sent instead)")
        if p["phase"] in ("member", "visitor"):
            if p["per_s"] < args.goal_rps:
                missed.append(f"{p['phase']}: {p['per_s']:.0f}/s < {args.goal_rps:g}/s")
            if lat["p99"] >= args.goal_p99_ms:
                missed.append(f"{p['phase']}: p99 {lat['p99']:.0f} ms ≥ {args.goal_p99_ms:g}")
            if p["per_s"] / limit < args.goal_ratio:
                missed.append(f"{p['phase']}: ratio {p['per_s'] / limit:.2f} < "
                              f"{args.goal_ratio:g}")
    print(f"database: counter {db['counter']:,} = stored valid signatures "
          f"{db['stored_valid']:,}: {'yes' if db['counter'] == db['stored_valid'] else 'NO'}; "
          f"members {db['members']:,}, visitors {db['visitors']:,} (confirmed "
          f"{db['confirmed_visitors']:,}, held {db['held']:,}, pending {db['pending']:,})")
    print("every answered signature stored once, counted exactly" if exact
          else "SIGNATURES LOST, DOUBLED OR MISCOUNTED")
    print(f"latency: every request of a phase, the reads of its last {args.tail} s included")
    print(f"goals: ≥ {args.goal_rps:g} signatures/s, p99 < {args.goal_p99_ms:g} ms, "
          f"ratio ≥ {args.goal_ratio:g}, zero errors; {args.connections} connections, "
          f"{args.duration} s, {args.workers} {args.worker_class} workers")
    print(f"machine: {info['cpus']} CPUs, {info['cpu_model']}, PostgreSQL {info['postgresql']}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print("goals met" if not missed else "MISSED: " + "; ".join(missed))
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "args": vars(args),
              "cache": "redis" if cache_env else "database",
              "phases": phases, "database": db, "exact": exact, "missed": missed,
              "machine": info}
    out = RESULTS / f"petitions_signing-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(result, indent=2, default=str))
    print(f"results: {out.relative_to(ROOT)} ({time.monotonic() - started:.0f} s in all)")
    if not exact or errors:
        return 2
    if missed:
        return 0 if args.report_only else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
