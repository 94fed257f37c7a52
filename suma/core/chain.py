"""The audit chain's hashing, in plain Python: each entry hashes its content and the one before."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(content: Mapping[str, Any]) -> bytes:
    """One byte string per content, whatever the key order: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode()


def entry_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(content)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first entry that does not fit the chain, and why."""

    seq: int
    reason: str


def verify(entries: Iterable[tuple[int, str, str, Mapping[str, Any]]]) -> Break | None:
    """Check (seq, prev_hash, hash, content) rows in order; return the first break or None."""
    expected_prev = GENESIS
    expected_seq = 1
    for seq, prev_hash, stored_hash, content in entries:
        if seq != expected_seq:
            return Break(expected_seq, f"entry {expected_seq} is missing")
        if prev_hash != expected_prev:
            return Break(seq, "it does not point to the entry before it")
        if entry_hash(prev_hash, content) != stored_hash:
            return Break(seq, "its content does not match its hash")
        expected_prev = stored_hash
        expected_seq = seq + 1
    return None
