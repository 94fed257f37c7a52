"""A drive's printable letters: one PDF per request in one ZIP, made by a background job that
shows its progress, with no query per letter; starting again while it runs is refused.

The drive and its requests are stored directly (rows shaped as the drive services write
them): the job reads nothing else.
"""

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from suma.campaigns.models import Organisation, OrganisationKind
from suma.core.errors import Conflict, SumaError
from suma.rights import batch
from suma.rights.batch import drive_letters_build, drive_letters_progress, drive_letters_start
from suma.rights.letters import request_letter
from suma.rights.models import DataRequest, Drive, DriveStatus, RequestStatus
from suma.rights.selectors import letter_input
from tests.conftest import make_user
from tests.rights.test_pdf import streams

SENT_ON = date(2026, 3, 2)
MEMBERS = [("Zoë Müller-Peña", "de"), ("Ana Ruiz", "es"), ("Camille Dupont", "fr"),
           ("Giulia Rossi", "it"), ("Achieng Atieno", "en")]
# How each language's subject starts (suma.rights.letters), for two rights.
SUBJECTS = {"de": "Antrag", "es": "Ejercicio", "fr": "Exercice", "it": "Esercizio",
            "en": "Data subject request"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def drive(world):
    uber = Organisation.objects.create(
        name="Uber B.V.", kind=OrganisationKind.COMPANY, country="NL", is_controller=True,
        slug="uber", email="privacy@uber.example",
        postal_address="Burgerweeshuispad 301\n1076 HR Amsterdam",
        required_elements=[{"desc": "Driver ID", "type": "input", "optional": False}])
    drive = Drive.objects.create(union=world.union, slug="uber-access", title="Ask Uber",
                                 controller=uber, kinds=["access", "portability"],
                                 status=DriveStatus.OPEN, created_by=world.organiser)
    for n, (name, language) in enumerate(MEMBERS):
        join(drive, n, name, language)
    return drive


def join(drive: Drive, n: int, name: str = "", language: str = "en",
         status: str = RequestStatus.SENT) -> DataRequest:
    member = make_user(f"driver{n}@example.org", name or f"Driver {n}", language=language)
    return DataRequest.objects.create(
        union=drive.union, member=member, drive=drive, controller=drive.controller,
        kinds=drive.kinds, language=language, reference=f"SUMA-D{n:03d}",
        channel="letter", status=status, identification=[["Driver ID", f"D-{1000 + n}"]],
        sent_on=None if status == RequestStatus.DRAFT else SENT_ON)


def start(drive: Drive, by, capture) -> Drive:
    with capture(execute=True):
        return drive_letters_start(drive=drive, by=by)


def pdf_string(document: bytes, key: bytes) -> str:
    """An entry of the PDF's Info dictionary (/Title, /Author), decoded."""
    raw = re.search(rb"/" + key + rb" \(((?:[^()\\]|\\.)*)\)", document).group(1)
    raw = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), raw)
    return raw.decode("latin-1").replace("\x85", "–")  # PDFDocEncoding's en dash


def pdf_text(document: bytes) -> str:
    """The text a PDF shows, read back through its font's ToUnicode map (the letters' own
    characters have the same codes in every subset: suma.rights.pdf.BASE_ALPHABET)."""
    inflated = streams(document)
    cmap = next(data for data in inflated if b"begincmap" in data)
    table = {int(code, 16): chr(int(char, 16)) for code, char in
             re.findall(rb"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4})>", cmap)}
    table[0] = " "
    lines = []
    for data in inflated:
        for shown in re.findall(rb"\(((?:[^()\\]|\\[0-7]{3}|\\[()\\])*)\) Tj", data):
            shown = re.sub(rb"\\([0-7]{3}|[()\\])", lambda m: bytes(
                [int(m.group(1), 8)]) if len(m.group(1)) == 3 else m.group(1), shown)
            lines.append("".join(table.get(code, "?") for code in shown))
    return "\n".join(lines)


def letters_in(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_zip_holds_one_pdf_letter_per_request_and_progress_reaches_the_total(
        world, drive, media, django_capture_on_commit_callbacks, run_jobs):
    started = start(drive, world.organiser, django_capture_on_commit_callbacks)
    assert started.letters_total == 5 and started.letters_done == 0
    progress = drive_letters_progress(drive=drive)
    assert progress["running"] and not progress["ready"] and progress["percent"] == 0

    run_jobs()  # the worker, in-process (it also runs the periodic jobs that are due)

    progress = drive_letters_progress(drive=drive)
    assert progress["ready"] and not progress["running"]
    assert progress["done"] == progress["total"] == 5 and progress["percent"] == 100
    assert progress["finished_at"] >= progress["started_at"] and progress["per_second"] > 0
    assert progress["file"].startswith(f"rights/drives/{drive.pk}/letters-")
    assert progress["path"] == media / progress["file"]
    assert progress["size"] == progress["path"].stat().st_size
    documents = letters_in(progress["path"])
    assert sorted(documents) == [f"SUMA-D{n:03d}.pdf" for n in range(5)]
    for n, (name, language) in enumerate(MEMBERS):
        document = documents[f"SUMA-D{n:03d}.pdf"]
        assert document.startswith(b"%PDF-") and document.rstrip().endswith(b"%%EOF")
        # Each letter is its member's, in their language, quoting the request's reference.
        assert pdf_string(document, b"Author") == name
        request = DataRequest.objects.select_related("member", "controller").get(
            reference=f"SUMA-D{n:03d}")
        subject = request_letter(letter_input(request)).subject
        assert pdf_string(document, b"Title") == subject
        assert f"SUMA-D{n:03d}" in subject and subject.startswith(SUBJECTS[language])
        shown = pdf_text(document)  # the identification Uber requires; Uber's address
        assert f"D-{1000 + n}" in shown and "Burgerweeshuispad 301" in shown


def test_withdrawn_requests_get_no_letter_and_unsent_ones_are_dated_today(
        world, drive, django_capture_on_commit_callbacks, run_jobs, monkeypatch):
    join(drive, 7, status=RequestStatus.WITHDRAWN)
    join(drive, 8, "Núria Ibáñez", "es", status=RequestStatus.DRAFT)
    monkeypatch.setattr("suma.rights.services.current_date", lambda: date(2026, 5, 4))

    start(drive, world.organiser, django_capture_on_commit_callbacks)
    run_jobs()

    progress = drive_letters_progress(drive=drive)
    assert progress["total"] == progress["done"] == 6
    documents = letters_in(progress["path"])
    assert "SUMA-D007.pdf" not in documents
    assert pdf_string(documents["SUMA-D008.pdf"], b"Author") == "Núria Ibáñez"
    assert "4 de mayo de 2026" in pdf_text(documents["SUMA-D008.pdf"])
    assert "2 de marzo de 2026" in pdf_text(documents["SUMA-D001.pdf"])


def test_starting_again_while_the_letters_are_being_made_is_refused(
        world, drive, django_capture_on_commit_callbacks, run_jobs):
    start(drive, world.organiser, django_capture_on_commit_callbacks)

    with pytest.raises(Conflict, match="being made") as refused:
        drive_letters_start(drive=drive, by=world.organiser)
    assert "0 of 5" in str(refused.value.message)

    run_jobs()
    first = drive_letters_progress(drive=drive)["path"]
    join(drive, 9)
    start(drive, world.organiser, django_capture_on_commit_callbacks)
    run_jobs()

    # Once ready, it may be made again: a new ZIP with the new member's letter replaces it.
    progress = drive_letters_progress(drive=drive)
    assert progress["ready"] and progress["done"] == 6
    assert progress["path"] != first and not first.exists()
    assert "SUMA-D009.pdf" in letters_in(progress["path"])


def test_a_run_with_no_progress_for_ten_minutes_can_be_started_again(
        world, drive, django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=False):  # its job is lost
        lost = drive_letters_start(drive=drive, by=world.organiser)
    Drive.objects.filter(pk=drive.pk).update(
        updated_at=timezone.now() - batch.STALE_AFTER - timedelta(seconds=1))
    assert drive_letters_progress(drive=drive)["stalled"]

    start(drive, world.organiser, django_capture_on_commit_callbacks)
    # The lost run, should it turn up after all, sees it was superseded and writes nothing.
    assert drive_letters_build.call(drive_id=drive.pk, run=lost.letters_file) == ""
    run_jobs()

    progress = drive_letters_progress(drive=drive)
    assert progress["ready"] and progress["file"] != lost.letters_file
    assert [p.name for p in progress["path"].parent.iterdir()] == [progress["path"].name]


def test_a_drive_nobody_joined_has_no_letters_to_make(world, drive):
    empty = Drive.objects.create(union=world.union, slug="empty", title="Nobody yet",
                                 controller=drive.controller, kinds=["access"])
    with pytest.raises(SumaError, match="no letters to make"):
        drive_letters_start(drive=empty, by=world.organiser)
    assert not drive_letters_progress(drive=empty)["started"]


def test_progress_is_written_every_hundred_letters_while_the_job_runs(
        world, drive, monkeypatch):
    monkeypatch.setattr(batch, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    progress = batch._progress

    def spy(drive_id, run, **fields):
        if "letters_done" in fields:
            seen.append(fields["letters_done"])
        progress(drive_id, run, **fields)

    monkeypatch.setattr(batch, "_progress", spy)
    drive = drive_letters_start(drive=drive, by=world.organiser)
    drive_letters_build.call(drive_id=drive.pk, run=drive.letters_file)

    assert seen == [0, 2, 4, 5]


def test_the_job_makes_no_query_per_letter(world, drive, monkeypatch):
    def queries() -> int:
        run = drive_letters_start(drive=drive, by=world.organiser).letters_file
        with CaptureQueriesContext(connection) as captured:
            assert drive_letters_build.call(drive_id=drive.pk, run=run) == run
        return len(captured)

    five = queries()
    for n in range(10, 20):
        join(drive, n)
    assert queries() == five  # 15 letters: the same queries as for 5
