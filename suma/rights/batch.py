"""A drive's printable letters: every request's PDF letter in one ZIP, made in the background.

An organiser starts it (drive_letters_start); the job (drive_letters_build) reads the drive's
requests in chunks, each chunk with its members and controllers in one query, renders each
letter (selectors.letter_input, the same input as the request's own letter, then
suma.rights.letters + suma.rights.pdf) into a ZIP under
MEDIA_ROOT/rights/drives/<drive id>/, and counts its progress on the drive every
PROGRESS_EVERY letters, so that the drive's page can show it (drive_letters_progress).

Each run is named by the ZIP it writes (Drive.letters_file, with a random part: the letters
carry members' names and identification, so the name is not guessable). A run that finds
the drive naming another file has been superseded, and stops; a run whose worker died is run
again by the worker's lease and starts over. Starting while a run is under way is refused,
unless that run has shown no progress for STALE_AFTER (its job is lost: start again).
"""

import os
import secrets
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from suma.core.audit import audit_append
from suma.core.errors import Conflict, SumaError
from suma.core.i18n import interpolate_lazy
from suma.rights import letters
from suma.rights.models import DataRequest, Drive, RequestStatus
from suma.rights.selectors import letter_input

PROGRESS_EVERY = 100  # letters between two progress updates
CHUNK = 500  # requests read per query
STALE_AFTER = timedelta(minutes=10)


class _Superseded(Exception):
    """Another run of the drive's letters started: this one stops."""


def drive_letters_requests(*, drive: Drive) -> QuerySet[DataRequest]:
    """The requests whose letters the ZIP holds: all of the drive's but the withdrawn."""
    return DataRequest.objects.filter(drive=drive).exclude(status=RequestStatus.WITHDRAWN)


def _running(drive: Drive, now: datetime) -> bool:
    return (drive.letters_started_at is not None and drive.letters_finished_at is None
            and drive.updated_at > now - STALE_AFTER)


def drive_letters_start(*, drive: Drive, by, now: datetime | None = None) -> Drive:
    """Start making the drive's letters in the background; refused while a run is under way.
    The permission check (who may) is the caller's."""
    now = now or timezone.now()
    with transaction.atomic():
        drive = Drive.objects.select_for_update().get(pk=drive.pk)
        if _running(drive, now):
            raise Conflict(interpolate_lazy(
                _("The letters of this drive are being made (%(done)s of %(total)s so far): "
                  "wait until they are ready before starting again."),
                {"done": drive.letters_done, "total": drive.letters_total}),
                code="letters_running")
        total = drive_letters_requests(drive=drive).count()
        if not total:
            raise SumaError(_("This drive has no requests yet (withdrawn ones are left out): "
                              "there are no letters to make."), code="no_requests")
        run = f"rights/drives/{drive.pk}/letters-{secrets.token_hex(12)}.zip"
        Drive.objects.filter(pk=drive.pk).update(
            letters_total=total, letters_done=0, letters_file=run, letters_started_at=now,
            letters_finished_at=None, updated_at=now)
        audit_append(action="rights.drive_letters_started", actor=by, obj=drive,
                     data={"letters": total})
        transaction.on_commit(lambda: drive_letters_build.enqueue(drive_id=drive.pk, run=run))
    drive.refresh_from_db()
    return drive


def _progress(drive_id: int, run: str, **fields) -> None:
    """Write the run's progress; raise _Superseded when the drive names another run."""
    now = timezone.now()
    if not Drive.objects.filter(pk=drive_id, letters_file=run).update(updated_at=now, **fields):
        raise _Superseded


def _remove_older(target: Path) -> None:
    for path in target.parent.glob("letters-*.zip"):
        if path != target:
            path.unlink(missing_ok=True)


@task()
def drive_letters_build(*, drive_id: int, run: str = "") -> str:
    """Render every letter of the drive into the run's ZIP; returns its path under
    MEDIA_ROOT ("" when the run was superseded or the drive deleted)."""
    from suma.rights.pdf import letter_pdf  # reportlab: loaded by the worker only

    drive = Drive.objects.filter(pk=drive_id).first()
    run = run or (drive.letters_file if drive else "")
    if drive is None or not run or drive.letters_file != run:
        return ""
    if drive.letters_finished_at is not None:  # run twice: the first one finished it
        return run
    requests = drive_letters_requests(drive=drive)
    target = Path(settings.MEDIA_ROOT) / run
    part = target.with_name(f"{target.name}.part")
    try:
        _progress(drive_id, run, letters_done=0, letters_total=requests.count(),
                  letters_started_at=timezone.now())
        target.parent.mkdir(parents=True, exist_ok=True)
        done = 0
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_STORED) as archive:
            # PDFs are compressed already: stored, not deflated again.
            for request in requests.select_related("member", "controller").order_by("pk") \
                    .iterator(chunk_size=CHUNK):
                text = letter_input(request)  # dated as sent; today, if not sent yet
                archive.writestr(f"{request.reference}.pdf",
                                 letter_pdf(letters.request_letter(text),
                                            sender=text.requester, recipient=text.recipient))
                done += 1
                if done % PROGRESS_EVERY == 0:
                    _progress(drive_id, run, letters_done=done)
        os.replace(part, target)
        _progress(drive_id, run, letters_done=done, letters_total=done,
                  letters_finished_at=timezone.now())
    except _Superseded:
        part.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        return ""
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    _remove_older(target)
    return run


def drive_letters_progress(*, drive: Drive) -> dict:
    """What the drive's page shows of its letters: how many of how many, since when, at
    what rate, and the ZIP once it is ready."""
    drive = Drive.objects.only(
        "letters_total", "letters_done", "letters_file", "letters_started_at",
        "letters_finished_at", "updated_at").get(pk=drive.pk)
    now = timezone.now()
    started, finished = drive.letters_started_at, drive.letters_finished_at
    total, done = drive.letters_total, drive.letters_done
    path = Path(settings.MEDIA_ROOT) / drive.letters_file if drive.letters_file else None
    ready = finished is not None and path is not None and path.is_file()
    seconds = ((finished or now) - started).total_seconds() if started else 0.0
    return {
        "started": started is not None,
        "running": _running(drive, now),
        "stalled": started is not None and finished is None and not _running(drive, now),
        "ready": ready,
        "total": total,
        "done": done,
        "percent": round(100 * done / total) if total else 0,
        "started_at": started,
        "finished_at": finished,
        "per_second": done / seconds if done and seconds > 0 else None,
        "file": drive.letters_file if ready else "",
        "path": path if ready else None,
        "size": path.stat().st_size if ready else None,
    }
