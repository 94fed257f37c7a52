"""The demo union: built from the seed, about 60 members, logins that work, loaded once."""

import pytest
from django.contrib.auth import authenticate

from suma.cli import main
from suma.members.demo import DEMO_PASSWORD, demo_load, demo_logins
from suma.members.models import ChapterStatus, Membership, Union, UnionRole, User

pytestmark = pytest.mark.django_db


def test_the_demo_union_has_its_chapters_members_organisers_and_a_steward():
    union = demo_load()
    chapters = {c.slug: c for c in union.chapters.all()}
    assert set(chapters) == {"facebook-europe", "nairobi-click-workers", "paris-drivers", "la-paz"}
    members = Membership.objects.filter(union=union)
    assert 55 <= members.count() <= 70
    # The demo's steward, and the three the demo election made stewards.
    assert members.filter(role=UnionRole.STEWARD).count() == 4
    for chapter in chapters.values():
        places = chapter.chapter_memberships.filter(status=ChapterStatus.ACTIVE)
        assert places.filter(role="organiser").exists()
        assert places.count() >= 10
    assert members.exclude(pseudonym="").exists()
    assert "Beacon" in union.description


def test_every_printed_demo_login_works():
    demo_load()
    for _who, email, password in demo_logins():
        assert password == DEMO_PASSWORD
        assert authenticate(email=email, password=password) is not None, email


def test_loading_the_demo_again_keeps_existing_data(capsys):
    assert main(["demo"]) == 0
    users = User.objects.count()
    union = Union.objects.get()
    union.tagline = "changed by the stewards"
    union.save()
    assert main(["demo"]) == 0
    assert "kept" in capsys.readouterr().out
    assert User.objects.count() == users
    assert Union.objects.get().tagline == "changed by the stewards"


def test_the_demo_union_has_decisions_in_every_phase():
    from suma.governance.models import GovernanceSettings, Phase, Proposal

    union = demo_load()
    phases = set(Proposal.objects.filter(union=union).values_list("phase", flat=True))
    assert phases == {Phase.DISCUSSION, Phase.VOTING, Phase.CLOSED, Phase.ENACTED}
    assert GovernanceSettings.objects.get(union=union).delegation  # enacted by a vote
    ranked = Proposal.objects.get(union=union, kind="schulze")
    assert ranked.result["tally"]["winners"]


def test_suma_demo_loads_into_a_new_database_file(tmp_path):
    """What `make run` does first, on an empty data folder: migrate, then load the demo
    (whose petition signatures need the cache table), in a process of its own."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "SUMA_DATABASE_URL": f"sqlite:///{tmp_path / 'suma.sqlite3'}",
           "SUMA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "suma.settings"}
    env.pop("SUMA_TEST_DATABASE_NAME", None)
    done = subprocess.run([sys.executable, "-m", "suma.cli", "demo"], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Demo union loaded." in done.stdout
