"""Benchmark: a drive's 10,000 PDF request letters made in the background, at least 50 a second.

One command (`make bench-rights-letters`): builds a fresh PostgreSQL database, loads the demo
union (with the datenanfragen directory), opens a drive of the Paris ride-hail chapter
asking Uber for Art. 15, 20 and 22, and adds 10,000 members who joined it (users,
memberships, chapter places and requests in bulk, shaped as the services write them; names
with accents, five languages). Then it starts the real worker (`suma worker`, a
subprocess), starts the letters through the service (`drive_letters_start`), and polls
`drive_letters_progress` every half second as the drive's page does, until the ZIP is ready.

    letters/s = letters ÷ (letters_finished_at − letters_started_at)   (the job's own times)

It checks the ZIP (one PDF per request, each a whole PDF). The peer, in the same run: the
same letters (a sample) drawn with reportlab's platypus (SimpleDocTemplate, Paragraph,
ListFlowable, the same fonts), as a generator built the usual way would; and, beside it, the
same sample through suma.rights.pdf in this process, without the database and the ZIP.

Exits 1 when the rate is under the goal (50/s), 2 when the run itself failed or the ZIP is
not what it should be.
"""

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from members_load import (  # noqa: E402
    RESULTS,
    ROOT,
    _active,
    configure_django,
    machine,
    recreate_database,
)

KINDS = ["access", "portability", "automated_decisions"]
LANGUAGES = ["fr", "fr", "fr", "en", "es", "it", "de", "fr", "en", "fr"]
FIRST = ["Amadou", "Camille", "Zoë", "Ana", "Giulia", "Jürgen", "Léa", "Moussa", "Núria",
         "François", "Aïcha", "Björn", "Inès", "Łukasz", "Renée"]
LAST = ["Diallo", "Dupont", "Müller-Peña", "Ruiz", "Rossi", "Groß", "Martin", "Traoré",
        "Ibáñez", "Lefèvre", "Benali", "Öztürk", "Nguyễn", "Kowalski", "Château"]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--letters", type=int, default=10_000)
    p.add_argument("--sample", type=int, default=1_000,
                   help="letters drawn by the peer (platypus) and by suma.rights.pdf alone")
    p.add_argument("--poll", type=float, default=0.5, help="seconds between progress reads")
    p.add_argument("--goal", type=float, default=50.0, help="letters a second")
    p.add_argument("--report-only", action="store_true",
                   help="print the verdict against the goal but exit 0 when it is missed")
    p.add_argument("--postgres", default=os.environ.get(
        "SUMA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="server URL without a database name")
    p.add_argument("--database", default="suma_bench_rights_letters")
    return p.parse_args()


def prepare(args: argparse.Namespace):
    """The demo, a drive asking Uber for its drivers' data, and N members who joined it."""
    from django.db import connection, transaction
    from django.utils import timezone

    from suma.campaigns.models import Organisation
    from suma.core.worker import run_worker
    from suma.members.demo import demo_load
    from suma.members.models import ChapterMembership, Membership, UnionRole, User
    from suma.members.services import member_counts_recompute
    from suma.rights.models import Channel, DataRequest, Drive, DriveStatus, RequestStatus

    union = demo_load()
    # The demo's own jobs (its proposals' announcements to its members) first, as its worker
    # would have run them before these members joined.
    run_worker(batch=True, interval=0)
    chapter = union.chapters.get(slug="paris-drivers")
    steward = Membership.objects.filter(union=union, role=UnionRole.STEWARD) \
        .order_by("pk").first().user
    uber = Organisation.objects.get(slug="uber")
    now = timezone.now()
    drive = Drive.objects.create(
        union=union, slug="uber-drivers-data", chapter=chapter, controller=uber, kinds=KINDS,
        title="Uber: our data, our ratings, the logic of the algorithm",
        status=DriveStatus.OPEN, opens_at=now - timedelta(days=3), created_by=steward)
    sent_on = timezone.localdate() - timedelta(days=2)
    for start in range(0, args.letters, 5000):
        stop = min(start + 5000, args.letters)
        with transaction.atomic():
            users = User.objects.bulk_create([
                User(email=f"driver{i}@bench.suma.example",
                     name=f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}",
                     password=steward.password, language=LANGUAGES[i % len(LANGUAGES)])
                for i in range(start, stop)])
            memberships = Membership.objects.bulk_create([
                Membership(user=u, union=union, is_member=True) for u in users])
            ChapterMembership.objects.bulk_create([
                _active(ChapterMembership, m, chapter, steward, now) for m in memberships])
            DataRequest.objects.bulk_create([
                DataRequest(union=union, member=u, drive=drive, controller=uber, kinds=KINDS,
                            language=u.language, reference=f"SUMA-L{i:06d}",
                            channel=Channel.LETTER, status=RequestStatus.SENT,
                            sent_on=sent_on,
                            identification=[["Driver ID", f"D-{7_000_000 + i}"],
                                            ["Phone number", f"+33 6 12 {i // 100:02d} "
                                                             f"{i % 100:02d} 00"]])
                for i, u in zip(range(start, stop), users, strict=True)])
        print(f"  {stop:,} members joined the drive", end="\r", flush=True)
    print()
    member_counts_recompute(union=union)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return union, drive, steward


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "suma.cli", "worker", "--interval", "0.2"],
        env={**os.environ, **env}, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def drain(worker: subprocess.Popen, timeout: float = 300.0) -> float:
    """Wait until the worker has run the jobs due when it starts (the periodic ones), so
    that the letters' job is not timed behind them."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    t0 = time.monotonic()
    time.sleep(1)
    while DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY,
                                                  TaskResultStatus.RUNNING]).exists():
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited with {worker.returncode}")
        if time.monotonic() - t0 > timeout:
            raise SystemExit(f"the worker did not empty the queue in {timeout:.0f} s")
        time.sleep(0.5)
    return time.monotonic() - t0


def watch(drive, worker: subprocess.Popen, poll: float, timeout: float) -> tuple[dict, list]:
    """Read the progress as the drive's page does, until the letters are ready."""
    from suma.rights.batch import drive_letters_progress

    samples, t0 = [], time.monotonic()
    while True:
        progress = drive_letters_progress(drive=drive)
        if not samples or samples[-1][1] != progress["done"]:
            rate = f"{progress['per_second']:.0f}/s" if progress["per_second"] else ""
            print(f"  {time.monotonic() - t0:6.1f} s  {progress['done']:>6,} of "
                  f"{progress['total']:,} ({progress['percent']}%) {rate:>7}", flush=True)
        samples.append((round(time.monotonic() - t0, 2), progress["done"]))
        if progress["ready"]:
            return progress, samples
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited with {worker.returncode}")
        if time.monotonic() - t0 > timeout:
            raise SystemExit(f"the letters were not ready after {timeout:.0f} s")
        time.sleep(poll)


def check_zip(path: Path, references: set[str]) -> dict:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        bad = [info.filename for info in infos
               if not _is_pdf(archive.read(info.filename))]
    return {"entries": len(infos), "missing": sorted(references - {n[:-4] for n in names})[:5],
            "extra": sorted({n[:-4] for n in names} - references)[:5], "not_pdf": bad[:5],
            "bytes": path.stat().st_size,
            "mean_pdf_bytes": round(sum(i.file_size for i in infos) / max(1, len(infos)))}


def _is_pdf(document: bytes) -> bool:
    return document.startswith(b"%PDF-") and document.rstrip().endswith(b"%%EOF")


# ---------------------------------------------------------------- the peer: platypus

def platypus_pdf(letter, *, sender, recipient) -> bytes:
    """The letter through reportlab's platypus, as a generator built the usual way draws it:
    the same page, margins, fonts and sizes as suma.rights.pdf, stock reportlab otherwise."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    from suma.rights.letters import format_date

    regular, bold = _peer_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.5, spaceAfter=6)
    heading = ParagraphStyle("h", parent=body, fontName=bold, spaceBefore=4, spaceAfter=4)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, spaceAfter=0,
                           alignment=TA_RIGHT)
    small_bold = ParagraphStyle("small_bold", parent=small, fontName=bold)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT, spaceAfter=12)
    subject = ParagraphStyle("subject", parent=body, fontName=bold, fontSize=11, leading=14.5,
                             spaceAfter=12)
    story = [Paragraph(escape(sender.name), small_bold)]
    story += [Paragraph(escape(line), small) for line in
              [*filter(None, sender.address.splitlines()), sender.email] if line]
    story.append(Spacer(1, 1.6 * cm))
    story.append(Paragraph(escape(recipient.name), ParagraphStyle("to", parent=body,
                                                                   fontName=bold, spaceAfter=0)))
    story += [Paragraph(escape(line), ParagraphStyle("addr", parent=body, spaceAfter=0))
              for line in recipient.address.splitlines() if line.strip()]
    story.append(Spacer(1, 1.0 * cm))
    story.append(Paragraph(escape(format_date(letter.date, letter.language)), right))
    story.append(Paragraph(escape(letter.subject), subject))
    for kind, content in letter.blocks:
        if kind == "ul":
            story.append(ListFlowable([ListItem(Paragraph(escape(line), body))
                                       for line in content], bulletType="bullet",
                                      start="•", leftIndent=14, bulletFontName=regular))
        else:
            story.append(Paragraph(escape(str(content)), heading if kind == "h" else body))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm,
                      topMargin=1.8 * cm, bottomMargin=2.0 * cm, title=letter.subject,
                      author=sender.name).build(story)
    return buffer.getvalue()


_PEER_FONTS: list[str] = []


def _peer_fonts() -> list[str]:
    """The same TrueType files as suma.rights.pdf, registered as plain reportlab fonts."""
    if not _PEER_FONTS:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        from suma.rights.pdf import font_files

        for name, path in zip(("PeerSans", "PeerSans-Bold"), font_files(), strict=True):
            pdfmetrics.registerFont(TTFont(name, str(path)))
            _PEER_FONTS.append(name)
    return _PEER_FONTS


def time_sample(drive, sample: int) -> dict:
    """The first `sample` letters of the drive, drawn by suma.rights.pdf and by platypus in
    this process, interleaved in blocks so that both see the same machine load."""
    from suma.rights.batch import drive_letters_requests
    from suma.rights.letters import request_letter
    from suma.rights.pdf import letter_pdf
    from suma.rights.selectors import letter_input

    texts = [letter_input(r) for r in drive_letters_requests(drive=drive)
             .select_related("member", "controller").order_by("pk")[:sample]]
    letters = [(request_letter(t), t) for t in texts]
    spent = {"suma": 0.0, "platypus": 0.0}
    size = {"suma": 0, "platypus": 0}
    pages = {"suma": 0, "platypus": 0}
    for start in range(0, len(letters), 50):
        block = letters[start:start + 50]
        for name, draw in (("suma", letter_pdf), ("platypus", platypus_pdf)):
            t0 = time.perf_counter()
            documents = [draw(letter, sender=t.requester, recipient=t.recipient)
                         for letter, t in block]
            spent[name] += time.perf_counter() - t0
            size[name] += sum(map(len, documents))
            pages[name] += sum(d.count(b"/Type /Page\n") + d.count(b"/Type /Page ")
                               for d in documents)
    n = len(letters)
    return {name: {"letters": n, "s": spent[name], "per_s": n / spent[name],
                   "mean_bytes": round(size[name] / n), "pages": pages[name]}
            for name in spent}


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupted)
    args = parse_args()
    (RESULTS / "data" / "static").mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    load_start = os.getloadavg()
    env = configure_django(args)
    from django.core.management import call_command
    from django.db import connection

    from suma.rights.batch import drive_letters_start

    print(f"creating database {args.database}")
    connection.close()
    recreate_database(args)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    t0 = time.monotonic()
    union, drive, steward = prepare(args)
    load_s = time.monotonic() - t0
    references = set(drive.requests.values_list("reference", flat=True))
    print(f"demo and {len(references):,} requests loaded in {load_s:.0f} s")

    log = RESULTS / "worker-rights-letters.log"
    worker = start_worker(env, log)
    try:
        drained = drain(worker)
        print(f"worker started (pid {worker.pid}); the jobs due at its start done in "
              f"{drained:.0f} s; starting the letters", flush=True)
        load_before = os.getloadavg()[0]
        t_call = time.monotonic()
        drive_letters_start(drive=drive, by=steward)
        progress, samples = watch(drive, worker, args.poll,
                                  timeout=max(300.0, 10 * args.letters / args.goal))
        seen_s = time.monotonic() - t_call
        load_during = os.getloadavg()[0]
    finally:
        stop_worker(worker)
    job_s = (progress["finished_at"] - progress["started_at"]).total_seconds()
    rate = progress["done"] / job_s
    zip_check = check_zip(progress["path"], references)
    steps = [b - a for (_t, a), (_u, b) in zip(samples, samples[1:], strict=False)]
    print(f"ZIP: {zip_check['entries']:,} PDFs, {zip_check['bytes'] / 2**20:.1f} MiB "
          f"({zip_check['mean_pdf_bytes'] / 1024:.1f} KiB a letter)")

    print(f"peer: {args.sample:,} of the same letters with platypus and with suma.rights.pdf, "
          f"in this process …", flush=True)
    peer = time_sample(drive, args.sample)
    info = machine()
    load_end = os.getloadavg()

    verdict = "met" if rate >= args.goal else "MISSED"
    print(f"\n{'':34} {'letters':>8} {'seconds':>8} {'letters/s':>10} {'KiB each':>9} "
          f"{'÷ goal':>7}")
    print(f"{'drive job (worker, DB, ZIP)':34} {progress['done']:8,} {job_s:8.1f} {rate:10.1f} "
          f"{zip_check['mean_pdf_bytes'] / 1024:9.1f} {rate / args.goal:6.2f}× {verdict}")
    print(f"{'  as the page saw it (queue incl.)':34} {progress['done']:8,} {seen_s:8.1f} "
          f"{progress['done'] / seen_s:10.1f}")
    for name, label in (("suma", "suma.rights.pdf alone (sample)"),
                        ("platypus", "platypus, the peer (sample)")):
        r = peer[name]
        print(f"{label:34} {r['letters']:8,} {r['s']:8.1f} {r['per_s']:10.1f} "
              f"{r['mean_bytes'] / 1024:9.1f}")
    ratio_job = rate / peer["platypus"]["per_s"]
    ratio_pdf = peer["suma"]["per_s"] / peer["platypus"]["per_s"]
    print(f"ratio: the drive job makes {ratio_job:.1f}× as many letters a second as platypus "
          f"draws; suma.rights.pdf alone {ratio_pdf:.1f}×")
    distinct = len({done for _t, done in samples})
    print(f"progress: {len(samples)} reads every {args.poll:g} s, {distinct} distinct values, "
          f"largest step {max(steps, default=0)} letters")
    print(f"goal: ≥ {args.goal:g} letters/s for the drive job")
    print(f"machine: {info['cpus']} CPUs, {info['cpu_model']}, PostgreSQL {info['postgresql']}, "
          f"load average {load_start[0]:.1f} at the start, {load_before:.1f} before the job, "
          f"{load_during:.1f} at its end, {load_end[0]:.1f} after the peer")

    problems = []
    if zip_check["entries"] != len(references) or zip_check["missing"] or zip_check["extra"] \
            or zip_check["not_pdf"] or progress["done"] != len(references) \
            or progress["total"] != len(references):
        problems.append(f"ZIP or progress off: {zip_check}, progress {progress['done']} of "
                        f"{progress['total']} for {len(references)} requests")
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "letters": args.letters,
              "goal": args.goal, "rate": rate, "job_s": job_s, "seen_s": seen_s,
              "progress": {k: v for k, v in progress.items() if k != "path"},
              "progress_samples": samples, "zip": zip_check, "peer": peer,
              "ratio_job_platypus": ratio_job, "ratio_pdf_platypus": ratio_pdf,
              "load_s": load_s, "machine": info, "load_start": load_start,
              "load_before_job": load_before, "load_job_end": load_during,
              "load_end": load_end, "problems": problems}
    out = RESULTS / f"rights_letters-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(result, indent=2, default=str))
    print(f"results: {out.relative_to(ROOT)} ({time.monotonic() - started:.0f} s in all)")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    if rate < args.goal:
        return 0 if args.report_only else 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.SubprocessError as error:
        print(error, file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(2)
