"""The identikit check: how alike two letters are. Pure Python and numpy (no Django).

Representatives give little weight to a pile of identical letters (WriteToThem asks its
writers to personalise them), so a member's letter must not be a copy of the campaign's
template, nor of a letter another member already sent.

A letter is cut into its overlapping runs of three words ("shingles"), after folding case,
accents and punctuation; the similarity of two letters is the Jaccard index of their
shingle sets: runs they share / runs either has. Two letters with the same words in the same
order score 1.0; a letter in its author's own words shares few three-word runs with the
template, even on the same subject.

THRESHOLD (0.75): a letter whose similarity reaches 0.75 with the template (merged for this
member and this representative, so names do not count as changes) or with another member's
letter is flagged. On a 200-word template: keeping it and adding a paragraph of one's own
half as long scores 0.66 (sent), a third as long 0.75 (flagged); changing one word in ten
scores 0.57 (sent), one word in twenty 0.75 (flagged).

Against the template the index is exact. Against the letters already sent (thousands, in a
big campaign) each letter keeps a MinHash signature of PERMUTATIONS numbers, computed once
when it is sent: the share of positions where two signatures agree estimates the Jaccard index
(standard error at most 0.5/√128 ≈ 0.044). A new letter is compared with every signature
(about 5 ms per thousand letters), and the letters whose estimate comes within MARGIN of the
threshold are then compared exactly, when their text is given.
"""

import operator
import random
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

K = 3                  # words per shingle
THRESHOLD = 0.75       # at or above: too similar
PERMUTATIONS = 128     # numbers in a MinHash signature
MARGIN = 0.15          # estimates this close below the threshold are checked exactly

_PRIME = (1 << 31) - 1  # a Mersenne prime: a·x + b stays within 64 bits for x, a, b < p
_WORD = re.compile(r"\w+")
# Fixed (a, b) pairs for the hash functions (a·x + b) mod p: every process, and every letter
# stored years ago, uses the same ones.
_rng = random.Random(0x53554D41)
_A = np.array([_rng.randrange(1, _PRIME) for _ in range(PERMUTATIONS)], dtype=np.int64)
_B = np.array([_rng.randrange(0, _PRIME) for _ in range(PERMUTATIONS)], dtype=np.int64)
del _rng


def words(text: str) -> list[str]:
    """The words of a text: case, accents and punctuation folded away."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(plain.casefold())


def shingles(text: str, k: int = K) -> frozenset[int]:
    """The hashes of the text's runs of k words (one run of them all when it is shorter)."""
    found = words(text)
    if not found:
        return frozenset()
    if len(found) < k:
        return frozenset((zlib.crc32(" ".join(found).encode()),))
    return frozenset(zlib.crc32(" ".join(found[i:i + k]).encode())
                     for i in range(len(found) - k + 1))


def jaccard(a: frozenset[int] | set[int], b: frozenset[int] | set[int]) -> float:
    """Shared / all; two empty sets are the same (1.0)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0.0 (no three-word run in common) to 1.0."""
    return jaccard(shingles(a), shingles(b))


def minhash(found: frozenset[int] | set[int]) -> tuple[int, ...]:
    """A signature of PERMUTATIONS numbers: the least hash of the set under each function
    (computed with numpy, all at once). An empty set gets a signature no other set has but
    another empty set."""
    if not found:
        return (_PRIME,) * PERMUTATIONS
    items = np.fromiter((x % _PRIME for x in found), dtype=np.int64, count=len(found))
    hashed = (_A[:, None] * items[None, :] + _B[:, None]) % _PRIME
    return tuple(int(v) for v in hashed.min(axis=1))


def signature(text: str) -> tuple[int, ...]:
    return minhash(shingles(text))


def estimate(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard index two signatures estimate: the share of positions where they agree."""
    if len(a) != len(b) or not a:
        return 0.0
    return sum(map(operator.eq, a, b)) / len(a)


@dataclass(frozen=True)
class Verdict:
    """The outcome of the check: the highest similarity found, and with what."""

    score: float            # 0.0 … 1.0
    against: str            # "template", "letter", or "" when nothing was compared
    index: int | None       # which of the letters given, when against is "letter"
    threshold: float = THRESHOLD

    @property
    def flagged(self) -> bool:
        return self.score >= self.threshold

    @property
    def percent(self) -> int:
        """The score as a whole percentage, rounded down (99.6% is not "100%")."""
        return int(self.score * 100 + 1e-9)


def identikit(text: str, *, template: str, signatures: Iterable[Sequence[int]] = (),
              text_of: Callable[[int], str] | None = None,
              threshold: float = THRESHOLD) -> Verdict:
    """Compare a letter with the template (exactly) and with the signatures of letters sent
    (estimated; exactly for the near ones when `text_of(index)` gives their text)."""
    own = shingles(text)
    best = Verdict(score=jaccard(own, shingles(template)), against="template", index=None,
                   threshold=threshold)
    mine: tuple[int, ...] = ()
    for index, other in enumerate(signatures):
        mine = mine or minhash(own)
        score = estimate(mine, other)
        if score < threshold - MARGIN or score <= best.score - MARGIN:
            continue
        if text_of is not None:
            score = jaccard(own, shingles(text_of(index)))
        if score > best.score:
            best = Verdict(score=score, against="letter", index=index, threshold=threshold)
    return best
