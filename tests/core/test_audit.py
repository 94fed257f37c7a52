"""The stored audit chain: `suma audit verify` names the first tampered entry."""

import pytest

from suma.cli import main
from suma.core.audit import audit_append, audit_verify
from suma.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_verify_names_the_first_tampered_entry(world, capsys):
    assert audit_verify() is None
    assert main(["audit", "verify"]) == 0
    assert "holds" in capsys.readouterr().out
    target = AuditEntry.objects.order_by("seq")[3]
    AuditEntry.objects.filter(seq=target.seq).update(data={"forged": True})
    broken = audit_verify()
    assert broken is not None and broken.seq == target.seq
    assert main(["audit", "verify"]) == 1
    assert f"entry {target.seq}" in capsys.readouterr().out


def test_entries_form_one_unbroken_sequence(world):
    for i in range(5):
        audit_append(action="test.event", data={"i": i})
    seqs = list(AuditEntry.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert audit_verify() is None
