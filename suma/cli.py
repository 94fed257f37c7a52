"""The `suma` command: run, serve, worker, demo, audit verify, and Django's manage commands.

Commands that need no database (like `suma tally`, later) must not import Django: keep
imports inside the functions.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suma.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    _django()
    from django.core.management import call_command

    call_command(*args)


def _database_ready() -> None:
    """Migrate, and create the cache table when the cache is in the database (the default):
    the demo already signs petitions, whose rate limits count in the cache."""
    _manage("migrate", "--no-input", "-v", "0")
    _manage("createcachetable")


def cmd_demo(_args) -> int:
    _database_ready()
    from suma.members.demo import demo_exists, demo_load

    created = not demo_exists()
    demo_load()
    print("Demo union loaded." if created else "Demo union already there: kept as it is.")
    return 0


def print_logins() -> None:
    from django.conf import settings

    from suma.members.demo import demo_logins

    print("\nDemo logins (password for all of them is shown):")
    for who, email, password in demo_logins():
        print(f"  {who:45} {email:45} {password}")
    print(f"\nEmails (confirmations, notifications) go to the outbox folder: {settings.OUTBOX_DIR}")


def cmd_run(args) -> int:
    """Migrate, load the demo, start a worker beside the web server."""
    cmd_demo(args)
    print_logins()
    print(f"\nServing on http://{args.bind}  (Ctrl+C stops)\n", flush=True)
    worker = subprocess.Popen([sys.executable, "-m", "suma.cli", "worker"])
    try:
        return cmd_serve(args)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def cmd_serve(args) -> int:
    _django()
    from django.core.management import call_command

    call_command("runserver", args.bind, "--noreload", "--skip-checks")
    return 0


def cmd_worker(args) -> int:
    _django()
    from suma.core.worker import run_worker

    run_worker(batch=args.batch, interval=args.interval)
    return 0


def cmd_audit(args) -> int:
    _django()
    from suma.core.audit import audit_verify
    from suma.core.models import AuditEntry

    broken = audit_verify()
    count = AuditEntry.objects.count()
    if broken is None:
        print(f"The audit chain holds: {count} entries verified.")
        return 0
    print(f"Tampered: entry {broken.seq}: {broken.reason}.")
    return 1


def cmd_manage(args) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["suma manage", *args.rest])
    return 0


def cmd_tally(args) -> int:
    """Count a ballot file; pure Python and numpy, Django is never imported."""
    from suma.governance.tally.cli import main as tally_main

    return tally_main(args.tally_argv)


def cmd_rights_deadline(args) -> int:
    """Print a data-rights request's legal deadline; pure Python, Django is never imported."""
    from datetime import date

    from suma.rights import deadlines

    try:
        received = deadlines.parse_date(args.received)
        deadlines.check_received(received=received, today=date.today(), sent=None)
        e = deadlines.explain(received=received, country=args.country, extended=args.extended)
    except ValueError as error:
        print(f"suma rights deadline: {error}", file=sys.stderr)
        return 2
    print(e.due.isoformat())
    print("\n".join(deadlines.describe(e)))
    return 0


def cmd_directory_refresh(args) -> int:
    """Upsert the directory of targets from datenanfragen's files (by default those shipped)."""
    _django()
    from suma.campaigns.directory import directory_refresh
    from suma.core.errors import SumaError

    try:
        report = directory_refresh(companies=args.companies, authorities=args.authorities)
    except SumaError as error:
        print(f"suma directory refresh: {error.message}", file=sys.stderr)
        return 2
    print(f"created {report.created}, updated {report.updated}, "
          f"unchanged {report.unchanged}, kept {len(report.kept)}")
    for slug, name in report.kept:
        print(f"  kept, no longer in the source: {slug} ({name})")
    for slug in report.adopted:
        print(f"  adopted an entry of the same name and country: {slug}")
    for c in report.merged:
        print(f"  same name and country, merged: {c.merged} into {c.kept} ({c.name}, "
              f"{c.country or '-'})")
    for slug in report.blocked:
        print(f"  left out, an entry added by hand holds its name: {slug}")
    for slug in report.unplaced:
        print(f"  no country found in the address: {slug}")
    for warning in report.warnings:
        print(f"  {warning}")
    return 0


def cmd_directory_representatives(args) -> int:
    """Import representatives from a CSV or JSON file (docs/directory.md)."""
    _django()
    from suma.campaigns.directory import representatives_import
    from suma.core.errors import SumaError

    try:
        report = representatives_import(path=args.file, replace=args.replace)
    except SumaError as error:
        print(f"suma directory representatives: {error.message}", file=sys.stderr)
        return 2
    print(f"created {report.created}, updated {report.updated}, "
          f"unchanged {report.unchanged}, removed {report.removed}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="suma", description="Suma, software for data unions.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="migrate, load the demo and serve it with a worker")
    run.add_argument("--bind", default="127.0.0.1:8000")
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser("serve", help="serve the web application")
    serve.add_argument("--bind", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run background jobs")
    worker.add_argument("--batch", action="store_true", help="exit when no job is left")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    worker.set_defaults(func=cmd_worker)

    demo = sub.add_parser("demo", help="load the demo union (kept if already there)")
    demo.set_defaults(func=cmd_demo)

    audit = sub.add_parser("audit", help="the audit chain")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="check every entry; name the first tampered")
    verify.set_defaults(func=cmd_audit)

    tally = sub.add_parser(
        "tally", help="count a ballot file (suma tally --help)", add_help=False
    )
    tally.set_defaults(func=cmd_tally)  # its arguments are parsed by the tally CLI

    rights = sub.add_parser("rights", help="data-rights requests")
    rights_sub = rights.add_subparsers(dest="rights_command", required=True)
    rights_deadline = rights_sub.add_parser(
        "deadline", help="the legal deadline of a request (GDPR Art. 12(3)), first line YYYY-MM-DD"
    )
    rights_deadline.add_argument("--received", required=True, metavar="YYYY-MM-DD",
                                 help="the day the controller received the request")
    rights_deadline.add_argument("--country", required=True, metavar="CC",
                                 help="the controller's country, ISO 3166 alpha-2 (DE, FR, GB…)")
    rights_deadline.add_argument("--extended", action="store_true",
                                 help="the period extended by two further months (three in all)")
    rights_deadline.set_defaults(func=cmd_rights_deadline)

    directory = sub.add_parser("directory", help="the directory of targets")
    directory_sub = directory.add_subparsers(dest="directory_command", required=True)
    refresh = directory_sub.add_parser(
        "refresh", help="load or update the controllers and supervisory authorities "
                        "(datenanfragen.de, CC0)")
    refresh.add_argument("--companies", type=Path, metavar="PATH",
                         help="companies.jsonl (default: the copy shipped with Suma)")
    refresh.add_argument("--authorities", type=Path, metavar="PATH",
                         help="supervisory-authorities.jsonl (default: the shipped copy)")
    refresh.set_defaults(func=cmd_directory_refresh)
    representatives = directory_sub.add_parser(
        "representatives", help="import representatives from a CSV or JSON file")
    representatives.add_argument("file", type=Path, metavar="FILE")
    representatives.add_argument("--replace", action="store_true",
                                 help="remove members of the file's bodies who are not in it")
    representatives.set_defaults(func=cmd_directory_representatives)

    manage = sub.add_parser("manage", help="Django's manage.py commands")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path.cwd()))
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "tally":
        args.tally_argv = argv[argv.index("tally") + 1:]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
