"""Reading and writing ballot files: the PrefLib 2022 ordinal formats and a plain CSV.

PrefLib (https://www.preflib.org/format), files `.soc`, `.soi`, `.toc`, `.toi`::

    # TITLE: Chair of the union, 2025
    # DATA TYPE: soi
    # NUMBER ALTERNATIVES: 3
    # NUMBER VOTERS: 10
    # NUMBER UNIQUE ORDERS: 3
    # ALTERNATIVE NAME 1: Ana
    # ALTERNATIVE NAME 2: Bo
    # ALTERNATIVE NAME 3: Chen
    5: 1,2,3
    3: 2,{1,3}
    2: 3

Metadata lines are `# KEY: value`; `NUMBER ALTERNATIVES` is required, names default to the
numbers, `NUMBER VOTERS` (if given) must equal the sum of the counts and `DATA TYPE` (if
given) must agree with the format asked for; other keys are kept as comments. A data line is
`count: order` with 1-based alternative numbers, best first, and `{a,b}` for a tie.
Unranked alternatives count below all ranked ones. soc = complete strict orders, soi =
incomplete strict orders, toc = complete orders with ties, toi = incomplete with ties.
A line may repeat an order that an earlier line gave: the counts add up.

CSV (`.csv`): a header row with the alternatives' names, optionally preceded by a column
named `count`; then one row per ballot (or per `count` identical ballots) giving each
alternative's rank: 1 is first, equal numbers are a tie, gaps are allowed (1, 3, 3 means
first, then two tied), a blank cell is unranked.

Every problem raises ParseError naming the line (1-based) and the problem.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np

from .profile import ParseError, Profile, dense_ranks

PREFLIB_KINDS = ("soc", "soi", "toc", "toi")
FORMATS = (*PREFLIB_KINDS, "csv")
MAX_ALTERNATIVES = 10_000  # bounds memory against a hostile header
_NUMBER = re.compile(r"[0-9]+")


def read_ballots(path_or_text: str | Path, *, fmt: str | None = None) -> Profile:
    """Read a ballot file (a path, or the text itself) into a Profile.

    `fmt` is one of soc/soi/toc/toi/csv; when None it comes from the file's extension, or
    for text from its `# DATA TYPE` line (text starting with `#` and none: toi; else csv).
    """
    text, suffix = _load(path_or_text)
    if fmt is None:
        fmt = suffix
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown ballot format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt is None:
        declared = re.search(r"^#\s*DATA TYPE\s*:\s*(\w+)", text, re.MULTILINE | re.IGNORECASE)
        if declared and declared.group(1).lower() in PREFLIB_KINDS:
            fmt = declared.group(1).lower()
        else:
            fmt = "toi" if text.lstrip().startswith("#") else "csv"
    if fmt == "csv":
        return _read_csv(text)
    return _read_preflib(text, fmt)


def _load(path_or_text: str | Path) -> tuple[str, str | None]:
    if isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and len(path_or_text) < 4096 and Path(path_or_text).is_file()
    ):
        path = Path(path_or_text)
        data = path.read_bytes()
        suffix = path.suffix.lower().lstrip(".")
        suffix = suffix if suffix in FORMATS else None
    else:
        return str(path_or_text), None
    try:
        return data.decode("utf-8-sig"), suffix
    except UnicodeDecodeError as e:
        raise ParseError(data[: e.start].count(b"\n") + 1, "the file is not UTF-8 text") from None


# -- PrefLib --------------------------------------------------------------------------------


def _read_preflib(text: str, kind: str) -> Profile:
    fast = _read_preflib_fast(text, kind)
    if fast is not None:
        return fast
    return _read_preflib_lines(text, kind)


_ALLOWED = np.zeros(256, dtype=bool)
_ALLOWED[np.frombuffer(b"0123456789,: \t\n", dtype=np.uint8)] = True
_SEPARATORS = bytes.maketrans(b":\n", b",,")
_COLON, _COMMA, _NEWLINE = ord(":"), ord(","), ord("\n")


def _read_preflib_fast(text: str, kind: str) -> Profile | None:
    """Whole-file numpy parse of well-formed files without ties; None means "use the
    line-by-line reader" (which gives the exact error for a malformed line).

    Every check is a linear pass in numpy; the numbers are read by numpy's C parser.
    """
    if "{" in text or "\r" in text:
        return None
    lines = text.split("\n", 200_000)  # the header is short; the body is kept whole
    header: list[str] = []
    rest = text
    for line in lines:
        if line.startswith("#") or not line.strip():
            header.append(line)
            continue
        rest = text[sum(len(h) + 1 for h in header):]
        break
    else:
        return None
    body = rest.strip()
    if not body or "#" in body:
        return None
    try:
        alternatives, voters = _read_preflib_lines("\n".join(header), kind, header_only=True)
    except ParseError:
        return None
    m = len(alternatives)
    data = body.encode("ascii", errors="replace")
    raw = np.frombuffer(data, dtype=np.uint8)
    if not _ALLOWED[raw].all():
        return None
    digit = (raw - ord("0")) < 10  # uint8 arithmetic wraps below "0"
    numbers = int(digit[0]) + int(np.count_nonzero(digit[1:] & ~digit[:-1]))
    # Blanks carry no meaning; dropping them must not join two numbers (checked below).
    data = data.translate(None, b" \t")
    raw = np.frombuffer(data, dtype=np.uint8)
    digit = (raw - ord("0")) < 10
    # Every separator sits between two numbers: no empty lines, counts or alternatives.
    if not (digit[0] and digit[-1]) or (~digit[1:] & ~digit[:-1]).any():
        return None
    separators = np.flatnonzero(~digit)
    if len(separators) + 1 != numbers:
        return None  # a blank stood between two digits
    if np.diff(separators, prepend=-1, append=len(raw)).max() > 16:
        return None  # a number of more than 15 digits
    newline = np.flatnonzero(raw == _NEWLINE)
    colon = np.flatnonzero(raw == _COLON)
    comma = np.flatnonzero(raw == _COMMA)
    n = len(newline) + 1
    line_start = np.concatenate([[0], newline + 1])
    line_end = np.append(newline, len(raw))
    # Exactly one ':' per line, before any ',' of that line.
    if len(colon) != n or (colon < line_start).any() or (colon >= line_end).any():
        return None
    commas_before_line = np.searchsorted(comma, line_start)
    if (np.searchsorted(comma, colon) != commas_before_line).any():
        return None
    k = np.searchsorted(comma, line_end) - commas_before_line + 1  # alternatives per line
    if k.max() > m or (kind in ("soc", "toc") and (k != m).any()):
        return None
    tokens = np.fromstring(data.translate(_SEPARATORS), dtype=np.int64, sep=",")
    starts = np.concatenate([[0], np.cumsum(k + 1)[:-1]])  # each line's count
    if len(tokens) != int((k + 1).sum()):
        return None
    counts = tokens[starts]
    opens = np.ones(len(tokens), dtype=bool)
    opens[starts] = False
    alts = tokens[opens]
    if (counts < 1).any() or alts.min() < 1 or alts.max() > m:
        return None
    row = np.repeat(np.arange(n), k)
    tier = np.arange(len(alts)) - np.repeat(np.cumsum(k) - k, k)
    ranks = np.full((n, m), m, dtype=np.int64)
    ranks[row, alts - 1] = tier
    if ((ranks < m).sum(axis=1) != k).any():  # an alternative given twice on a line
        return None
    if voters is not None and voters[0] != int(counts.sum()):
        return None
    return Profile._build(alternatives, ranks, counts, "ranked")


def _read_preflib_lines(text: str, kind: str, header_only: bool = False):
    m: int | None = None
    names: dict[int, tuple[str, int]] = {}
    voters: tuple[int, int] | None = None
    cache: dict[str, int] = {}
    rows: list[list[int]] = []
    order_ids: list[int] = []
    counts: list[int] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            key = " ".join(key.split()).upper()
            value = value.strip()
            if not sep:
                continue  # a plain comment
            if key == "NUMBER ALTERNATIVES":
                if m is not None:
                    raise ParseError(number, "NUMBER ALTERNATIVES is given twice")
                m = _header_int(value, number, key)
                if not 1 <= m <= MAX_ALTERNATIVES:
                    raise ParseError(number, f"NUMBER ALTERNATIVES must be 1 to {MAX_ALTERNATIVES}")
            elif key.startswith("ALTERNATIVE NAME"):
                index = _header_int(key[len("ALTERNATIVE NAME"):].strip(), number, key)
                if index in names:
                    raise ParseError(number, f"alternative {index} is named twice")
                if not value:
                    raise ParseError(number, f"alternative {index} has an empty name")
                names[index] = (value, number)
            elif key == "DATA TYPE":
                if value.lower() != kind:
                    raise ParseError(
                        number, f"DATA TYPE is {value!r} but the file is read as {kind}")
            elif key == "NUMBER VOTERS":
                voters = (_header_int(value, number, key), number)
            continue
        if not line.strip():
            continue
        if header_only:
            raise AssertionError("header_only reads header lines only")
        if m is None:
            raise ParseError(number, "a ballot line comes before # NUMBER ALTERNATIVES")
        count_text, colon, order = line.partition(":")
        if not colon:
            raise ParseError(number, "expected 'count: order' (no ':' found)")
        count_text = count_text.strip()
        if not _NUMBER.fullmatch(count_text) or int(count_text) < 1:
            raise ParseError(number, f"the count {count_text!r} is not a whole number above 0")
        oid = cache.get(order)
        if oid is None:
            try:
                row = _parse_order(order, m, kind)
            except ValueError as e:
                raise ParseError(number, str(e)) from None
            oid = cache[order] = len(rows)
            rows.append(row)
        order_ids.append(oid)
        counts.append(int(count_text))
    if m is None:
        raise ParseError(max(len(lines), 1), "# NUMBER ALTERNATIVES is missing")
    for index, (_name, number) in names.items():
        if not 1 <= index <= m:
            raise ParseError(number, f"alternative {index} is out of range 1 to {m}")
    seen: dict[str, int] = {}
    for index in sorted(names):
        name, number = names[index]
        if name in seen:
            raise ParseError(number, f"two alternatives are named {name!r}")
        seen[name] = index
    alternatives = tuple(names[i][0] if i in names else str(i) for i in range(1, m + 1))
    if len(set(alternatives)) != m:
        clash = next(a for a in alternatives if alternatives.count(a) > 1)
        raise ParseError(1, f"two alternatives are named {clash!r}")
    if header_only:
        return alternatives, voters
    weights = np.bincount(
        np.array(order_ids, dtype=np.int64), weights=np.array(counts, dtype=np.int64),
        minlength=len(rows),
    )
    total = sum(counts)
    if voters is not None and voters[0] != total:
        raise ParseError(
            voters[1], f"NUMBER VOTERS is {voters[0]} but the counts add up to {total}")
    ranks = np.array(rows, dtype=np.int64).reshape(len(rows), m)
    if total >= 2**53:  # bincount adds in float64
        exact = np.zeros(len(rows), dtype=object)
        for oid, c in zip(order_ids, counts, strict=True):
            exact[oid] += c
        weights = exact
    return Profile._build(alternatives, ranks, np.asarray(weights).astype(np.int64), "ranked")


def _header_int(value: str, number: int, key: str) -> int:
    if not _NUMBER.fullmatch(value):
        raise ParseError(number, f"{key} must be a whole number, not {value!r}")
    return int(value)


def _parse_order(order: str, m: int, kind: str) -> list[int]:
    """One order (`1,{2,3},4`) as a row of tiers; ValueError saying what is wrong."""
    s = order.strip()
    if not s:
        raise ValueError("the order is empty")
    row = [m] * m
    tier = 0
    pos = 0
    end = len(s)
    while True:
        if s[pos] == "{":
            close = s.find("}", pos)
            if close < 0:
                raise ValueError("a '{' is not closed")
            items = s[pos + 1:close].split(",")
            if "{" in s[pos + 1:close]:
                raise ValueError("'{' inside '{...}'")
            if len(items) > 1 and kind in ("soc", "soi"):
                raise ValueError(f"a tie {{...}} is not allowed in {kind} (strict orders)")
            pos = close + 1
        else:
            comma = s.find(",", pos)
            stop = end if comma < 0 else comma
            items = [s[pos:stop]]
            pos = stop
        for item in items:
            item = item.strip()
            if not _NUMBER.fullmatch(item):
                shown = item if item else "nothing"
                raise ValueError(f"expected an alternative number, found {shown!r}")
            a = int(item)
            if not 1 <= a <= m:
                raise ValueError(f"alternative {a} is out of range 1 to {m}")
            if row[a - 1] != m:
                raise ValueError(f"alternative {a} appears twice")
            row[a - 1] = tier
        tier += 1
        while pos < end and s[pos] in " \t":
            pos += 1
        if pos == end:
            break
        if s[pos] != ",":
            raise ValueError(f"expected ',' but found {s[pos]!r}")
        pos += 1
        while pos < end and s[pos] in " \t":
            pos += 1
        if pos == end:
            raise ValueError("the order ends with ','")
    if kind in ("soc", "toc") and m in row:
        missing = [str(a + 1) for a in range(m) if row[a] == m]
        raise ValueError(f"{kind} needs complete orders; missing {', '.join(missing[:5])}")
    return row


def write_preflib(profile: Profile, kind: str, *, title: str = "") -> str:
    """The profile as a PrefLib file of `kind`; ValueError if the ballots do not fit it."""
    if kind not in PREFLIB_KINDS:
        raise ValueError(f"unknown PrefLib kind {kind!r}; use one of {', '.join(PREFLIB_KINDS)}")
    m = len(profile.alternatives)
    ranks = profile.ranks
    ranked = ranks < m
    if kind in ("soc", "toc") and not ranked.all():
        raise ValueError(f"{kind} needs every ballot to rank every alternative")
    if kind in ("soc", "soi"):
        # strict: no two ranked alternatives share a tier
        s = np.sort(np.where(ranked, ranks, -1 - np.arange(m)), axis=1)
        if (s[:, 1:] == s[:, :-1]).any():
            raise ValueError(f"{kind} needs strict orders (no ties)")
    for name in profile.alternatives:
        if name != name.strip() or "\n" in name or "\r" in name or not name:
            raise ValueError(f"alternative name {name!r} cannot be written to PrefLib")
    lines = []
    written = 0
    for b in np.argsort(-profile.weights, kind="stable"):
        row = ranks[b]
        if not ranked[b].any():
            continue  # a blank ballot has no PrefLib line
        parts = []
        for t in range(int(row[ranked[b]].max()) + 1):
            members = [str(a + 1) for a in np.flatnonzero(row == t)]
            parts.append(members[0] if len(members) == 1 else "{" + ",".join(members) + "}")
        lines.append(f"{int(profile.weights[b])}: {','.join(parts)}\n")
        written += int(profile.weights[b])
    out = io.StringIO()
    if title:
        out.write(f"# TITLE: {' '.join(title.split())}\n")
    out.write(f"# DATA TYPE: {kind}\n# NUMBER ALTERNATIVES: {m}\n")
    out.write(f"# NUMBER VOTERS: {written}\n# NUMBER UNIQUE ORDERS: {len(lines)}\n")
    for i, name in enumerate(profile.alternatives, start=1):
        out.write(f"# ALTERNATIVE NAME {i}: {name}\n")
    out.writelines(lines)
    return out.getvalue()


# -- CSV ------------------------------------------------------------------------------------


def _read_csv(text: str) -> Profile:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)
        if header is None:
            raise ParseError(1, "the file has no header row of alternatives")
        header_line = reader.line_num
        names = [c.strip() for c in header]
        has_count = names[0].lower() == "count"
        alternatives = names[1:] if has_count else names
        if not alternatives:
            raise ParseError(header_line, "the header names no alternative")
        m = len(alternatives)
        if m > MAX_ALTERNATIVES:
            raise ParseError(header_line, f"more than {MAX_ALTERNATIVES} alternatives")
        seen: set[str] = set()
        for i, name in enumerate(alternatives):
            if not name:
                raise ParseError(header_line, f"column {i + 1 + has_count} has no name")
            if name in seen:
                raise ParseError(header_line, f"two alternatives are named {name!r}")
            seen.add(name)
        values: list[list[int]] = []
        counts: list[int] = []
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            line = reader.line_num
            if len(row) != len(names):
                raise ParseError(line, f"{len(row)} cells, the header has {len(names)}")
            if has_count:
                c = row[0].strip()
                if not _NUMBER.fullmatch(c) or int(c) < 1:
                    raise ParseError(line, f"the count {c!r} is not a whole number above 0")
                counts.append(int(c))
                row = row[1:]
            else:
                counts.append(1)
            ranks = []
            for name, cell in zip(alternatives, row, strict=True):
                cell = cell.strip()
                if not cell:
                    ranks.append(0)
                elif _NUMBER.fullmatch(cell) and int(cell) >= 1:
                    ranks.append(min(int(cell), 2**62))
                else:
                    raise ParseError(line, f"rank {cell!r} for {name!r} is not a number from 1")
            values.append(ranks)
    except csv.Error as e:
        raise ParseError(reader.line_num or 1, f"malformed CSV: {e}") from None
    raw = np.array(values, dtype=np.int64).reshape(len(values), m)
    ranks = dense_ranks(raw, raw == 0)
    return Profile._build(tuple(alternatives), ranks, np.array(counts, dtype=np.int64), "ranked")


def write_csv(profile: Profile) -> str:
    """The profile as CSV: a `count` column, then each alternative's rank (blank: unranked)."""
    m = len(profile.alternatives)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["count", *profile.alternatives])
    for b in np.argsort(-profile.weights, kind="stable"):
        row = profile.ranks[b]
        writer.writerow([int(profile.weights[b]), *("" if r == m else int(r) + 1 for r in row)])
    return out.getvalue()
