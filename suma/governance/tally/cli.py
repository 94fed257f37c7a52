"""`suma tally`: count a ballot file from the command line (no Django, no database)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .fileio import FORMATS, read_ballots
from .methods import METHODS, Result, tally
from .profile import ParseError


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="suma tally")
    parser.description = "Count a ballot file (PrefLib soc/soi/toc/toi or CSV)."
    parser.add_argument("--method", required=True, choices=list(METHODS))
    parser.add_argument("--seats", type=int, default=1, help="alternatives to elect (default 1)")
    parser.add_argument("--seed", default="suma", help="public seed of the tie-break order")
    parser.add_argument("--format", dest="output", choices=["text", "json"], default="text")
    parser.add_argument("--input-format", choices=list(FORMATS), default=None,
                        help="ballot file format (default: from the file's extension)")
    parser.add_argument("file")
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        profile = read_ballots(Path(args.file), fmt=args.input_format)
    except ParseError as e:
        print(f"{args.file}:{e.line}: {e.problem}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"{args.file}: {e.strerror or e}", file=sys.stderr)
        return 2
    try:
        result = tally(profile, args.method, seats=args.seats, seed=args.seed)
    except ValueError as e:
        print(f"suma tally: {e}", file=sys.stderr)
        return 2
    if args.output == "json":
        json.dump(result.as_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(result, total=profile.total))
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


def render_text(result: Result, *, total: int) -> str:
    d = result.details
    out = [f"Method: {result.method} — {METHODS[result.method]}", f"Ballots: {total}"]
    label = "Winners" if len(result.winners) > 1 else "Winner"
    out.append(f"{label}: {', '.join(result.winners)}")
    out.append("Ranking:")
    for place, tier in enumerate(result.ranking, start=1):
        out.append(f"  {place}. {' = '.join(tier)}")
    if "totals" in d:
        out.append("Totals:")
        width = max(len(a) for a in result.alternatives)
        for name, v in sorted(d["totals"].items(), key=lambda kv: -kv[1]):
            out.append(f"  {name:<{width}}  {v}")
    if "pairwise" in d:
        out.append("Pairwise d[row][column] (voters preferring row to column):")
        out.extend(_matrix(result.alternatives, d["pairwise"]))
        out.append("Strongest paths p[row][column]:")
        out.extend(_matrix(result.alternatives, d["strongest_paths"]))
    if "rounds" in d:
        if "quota" in d:
            out.append(f"Rule: {d['rule']}; quota {d['quota']}")
        out.extend(_rounds(result.alternatives, d["rounds"]))
    tb = result.tie_break
    if tb["applied"]:
        out.append(f"A tie was broken by the seeded order (seed {tb['seed']!r}): "
                   f"{' > '.join(tb['order'])}.")
    else:
        out.append(f"No tie had to be broken (seed {tb['seed']!r}).")
    return "\n".join(out) + "\n"


def _matrix(names: list[str], rows: list[list[int]]) -> list[str]:
    width = max(5, *(len(n) for n in names), *(len(str(v)) for r in rows for v in r))
    lines = [" " * (width + 2) + "".join(f"{n:>{width + 1}}" for n in names)]
    for i, (name, row) in enumerate(zip(names, rows, strict=True)):
        cells = "".join(f"{'-' if i == j else v:>{width + 1}}" for j, v in enumerate(row))
        lines.append(f"  {name:<{width}}{cells}")
    return lines


def _rounds(names: list[str], rounds: list[dict]) -> list[str]:
    width = max(10, *(len(n) for n in names))
    header = "  round " + "".join(f"{n:>{width + 1}}" for n in names) + "  action"
    lines = [header]
    for r in rounds:
        number = r.get("round", r.get("stage"))
        cells = "".join(f"{_fmt(r['tallies'].get(n, '')):>{width + 1}}" for n in names)
        action = []
        if r.get("action") and r["action"] != "first preferences":
            action.append(f"{r['action']} of {r['candidate']}")
        if r.get("eliminated"):
            action.append(f"eliminated {r['eliminated']}")
        if r.get("elected"):
            elected = r["elected"] if isinstance(r["elected"], list) else [r["elected"]]
            if elected:
                action.append(f"elected {', '.join(elected)}")
        lines.append(f"  {number:>5} {cells}  {'; '.join(action)}")
    return lines


def _fmt(v: object) -> str:
    return f"{v:.5f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


if __name__ == "__main__":
    sys.exit(main())
