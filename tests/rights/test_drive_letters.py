"""A drive's printable letters as its organisers make them: from the drive's dashboard or the
API, made in the background, the progress shown (the page reloads itself while they are
made), then one ZIP of one PDF per request, given to the drive's organisers only."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from suma.rights import batch, services
from suma.rights.models import Drive
from tests.governance.test_api import Api
from tests.rights.world import drive

pytestmark = pytest.mark.django_db
V1 = "/api/v1/unions/users/rights"


@pytest.fixture
def joined(world):
    """A drive for letters to post, which the member and their organiser joined."""
    made = drive(world, kind="letter")
    requests = [services.drive_join(drive=made, member=user)
                for user in (world.member, world.organiser)]
    return made, sorted(r.reference for r in requests)


def dashboard(made: Drive) -> str:
    return f"{made.get_absolute_url()}dashboard/"


def text(response) -> str:
    return response.content.decode()


def mid_way(made: Drive, done: int = 40, total: int = 100) -> None:
    """The drive as the job leaves it between two progress updates."""
    now = timezone.now()
    Drive.objects.filter(pk=made.pk).update(
        letters_total=total, letters_done=done, letters_file="rights/drives/1/letters-x.zip",
        letters_started_at=now - timedelta(seconds=4), letters_finished_at=None,
        updated_at=now)


def test_an_organiser_makes_the_letters_watches_them_and_downloads_one_pdf_per_request(
        world, joined, client, django_capture_on_commit_callbacks, run_jobs):
    made, references = joined
    client.force_login(world.organiser)
    assert "Printable letters" in text(client.get(made.get_absolute_url()))
    before = client.get(dashboard(made))
    assert "Make the printable letters" in text(before) and "Refresh" not in before

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{made.get_absolute_url()}letters/")
    assert started["Location"] == f"{dashboard(made)}#letters"
    running = client.get(started["Location"])
    assert "The letters are being made" in text(running)
    assert running["Refresh"] == "5" and running["Cache-Control"].startswith("max-age=0")
    assert 'max="2" value="0"' in text(running) and "0 of 2 letters made" in text(running)
    assert "Make the printable letters" not in text(running)

    run_jobs()

    ready = client.get(dashboard(made))
    assert "Refresh" not in ready
    assert 'max="2" value="2"' in text(ready) and "2 of 2 letters made" in text(ready)
    download = f"{made.get_absolute_url()}letters.zip"
    assert f'href="{download}"' in text(ready) and "Download the letters (ZIP," in text(ready)
    zipped = client.get(download)
    assert zipped.status_code == 200 and zipped["Content-Type"] == "application/zip"
    assert zipped["Content-Disposition"] == f'attachment; filename="{made.slug}-letters.zip"'
    with zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content))) as archive:
        names = archive.namelist()
        assert sorted(names) == [f"{reference}.pdf" for reference in references]
        assert all(archive.read(name).startswith(b"%PDF-") for name in names)


def test_a_member_may_neither_make_nor_download_the_letters(
        world, joined, client, django_capture_on_commit_callbacks, run_jobs):
    made, _references = joined
    client.force_login(world.member)
    assert "Printable letters" not in text(client.get(made.get_absolute_url()))
    assert client.post(f"{made.get_absolute_url()}letters/").status_code == 403
    assert not Drive.objects.get(pk=made.pk).letters_started_at
    with django_capture_on_commit_callbacks(execute=True):
        batch.drive_letters_start(drive=made, by=world.organiser)
    run_jobs()
    assert client.get(f"{made.get_absolute_url()}letters.zip").status_code == 403
    assert Api(world.member).get(f"{V1}/drives/{made.slug}/letters").status_code == 403
    client.force_login(world.organiser)
    assert client.get(f"{made.get_absolute_url()}letters.zip").status_code == 200


def test_the_progress_shows_the_counts_mid_way_and_the_reloading_can_be_stopped(
        world, joined, client):
    made, _references = joined
    mid_way(made)
    client.force_login(world.organiser)
    shown = client.get(dashboard(made))
    assert shown["Refresh"] == "5"
    assert 'max="100" value="40"' in text(shown) and "40 of 100 letters made" in text(shown)
    assert "10 letters a second" in text(shown) and "Stop reloading" in text(shown)
    stopped = client.get(dashboard(made), {"refresh": "off"})
    assert "Refresh" not in stopped and "See how far they are" in text(stopped)
    # Still being made: the download is not there yet, and starting again is refused.
    assert client.get(f"{made.get_absolute_url()}letters.zip").status_code == 404
    again = client.post(f"{made.get_absolute_url()}letters/", follow=True)
    assert "being made (40 of 100 so far)" in text(again)

    organiser = Api(world.organiser)
    progress = organiser.get(f"{V1}/drives/{made.slug}/letters").json()
    assert progress["state"] == "running" and progress["download"] is None
    assert organiser.get(f"{V1}/drives/{made.slug}/letters.zip").status_code == 404
    assert (progress["done"], progress["total"], progress["percent"]) == (40, 100, 40)


def test_letters_that_stopped_half_way_may_be_made_again(world, joined, client):
    made, _references = joined
    mid_way(made)
    Drive.objects.filter(pk=made.pk).update(
        updated_at=timezone.now() - batch.STALE_AFTER - timedelta(seconds=1))
    client.force_login(world.organiser)
    shown = client.get(dashboard(made))
    assert "Refresh" not in shown and "stopped before they were ready" in text(shown)
    assert "Make the printable letters" in text(shown)
    assert Api(world.organiser).get(
        f"{V1}/drives/{made.slug}/letters").json()["state"] == "stalled"


def test_a_program_starts_the_letters_follows_them_and_downloads_them(
        world, joined, django_capture_on_commit_callbacks, run_jobs):
    made, references = joined
    organiser = Api(world.organiser)
    url = f"{V1}/drives/{made.slug}/letters"
    assert organiser.get(url).json()["state"] == "none"
    with django_capture_on_commit_callbacks(execute=True):
        started = organiser.post(url)
    assert started.status_code == 202, started.content
    assert started.json()["state"] == "running" and started.json()["total"] == 2
    refused = organiser.post(url)
    assert refused.status_code == 409 and refused.json()["code"] == "letters_running"

    run_jobs()

    ready = organiser.get(url).json()
    assert ready["state"] == "ready" and ready["done"] == 2 and ready["percent"] == 100
    assert ready["download"] == f"{url}.zip" and ready["size"] > 0
    zipped = organiser.client.get(ready["download"], headers=organiser.headers)
    assert zipped.status_code == 200 and zipped["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content))) as archive:
        assert sorted(archive.namelist()) == [f"{reference}.pdf" for reference in references]
    member = Api(world.member)
    assert member.post(url).status_code == 403
    assert member.get(ready["download"]).status_code == 403
