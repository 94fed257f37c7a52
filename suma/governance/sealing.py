"""Receipt codes and their hashes, and the seal on a delegate's choice.

A secret ballot's receipt code is shown to its voter once and never stored. The ballot keeps
`ballot_hash(code)` (published on the bulletin); the voter roll keeps `roll_hash(code)`, under
another salt, so a voter who gives their code can replace their ballot, and nobody without the
code can join the two rows.

A delegate's choice must be known at the close to count the votes delegated to them; it is
sealed with AES-GCM under a key derived from the installation's secret key and a per-proposal
salt that the close destroys. The database alone never opens it, and after the close nothing
does.
"""

import hashlib
import os
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Crockford's base32 alphabet: no I, L, O or U to misread.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def receipt_new() -> str:
    """A fresh receipt code, 100 bits, like `7QF2-K9MZ-D4XA-3HTB-V8`."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(20))
    return "-".join(raw[i:i + 4] for i in range(0, 20, 4))


def receipt_normalise(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return "-".join(cleaned[i:i + 4] for i in range(0, len(cleaned), 4))


def ballot_hash(code: str) -> str:
    return hashlib.sha256(b"suma-ballot\x00" + receipt_normalise(code).encode()).hexdigest()


def roll_hash(proposal_id: int, code: str) -> str:
    data = f"suma-roll\x00{proposal_id}\x00{receipt_normalise(code)}".encode()
    return hashlib.sha256(data).hexdigest()


def seal_salt_new() -> bytes:
    return os.urandom(32)


def _key(secret_key: str, salt: bytes, proposal_id: int) -> bytes:
    return hashlib.sha256(b"suma-seal\x00" + secret_key.encode() + b"\x00" + salt
                          + str(proposal_id).encode()).digest()


def seal(*, secret_key: str, salt: bytes, proposal_id: int, choice: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(_key(secret_key, salt, proposal_id)).encrypt(
        nonce, choice.encode(), None)


def unseal(*, secret_key: str, salt: bytes, proposal_id: int, sealed: bytes) -> str:
    sealed = bytes(sealed)
    return AESGCM(_key(secret_key, salt, proposal_id)).decrypt(
        sealed[:12], sealed[12:], None).decode()
