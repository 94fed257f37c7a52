"""File tally benchmark: `suma tally` against pref_voting on one million ranked ballots.

One command: `.venv/bin/python bench/tally_file.py [--ballots 1000000] [--alternatives 10]`.

1. draws (seeded) ranked ballots from a mixture of two Mallows models (phi 0.6) over the
   alternatives, so that orders repeat as real electorates' do, and writes them as a PrefLib
   `.soc` file to var/bench/ (one line per distinct order with its count, as PrefLib files
   are); prints the number of distinct orders;
2. for Schulze and IRV, side by side: runs `python -m suma.cli tally` as a subprocess (start,
   parse, count) and a pref_voting subprocess that reads the same file with its own PrefLib
   reader (`Profile.from_preflib`, through preflibtools) and runs its method
   (`beat_path`, which is Schulze, and `instant_runoff`); wall time and peak RSS of each
   child come from os.wait4;
3. checks both give the same winners and prints times, the ratio pref_voting / suma (goal at
   least 10x) and suma's peak memory (goal at most 1 GB); exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RATIO_GOAL = 10.0
MEMORY_GOAL_MB = 1024.0
PHI = 0.6  # Mallows dispersion: 0 = everyone agrees, 1 = uniform

PREF_VOTING = r"""
import json, sys
from pref_voting.profiles import Profile
from pref_voting.margin_based_methods import beat_path
from pref_voting.iterative_methods import instant_runoff
path, method = sys.argv[1], sys.argv[2]
profile = Profile.from_preflib(path)
winners = (beat_path if method == "schulze" else instant_runoff)(profile)
print(json.dumps([int(w) for w in winners]))
"""


def mallows(n: int, m: int, phi: float, rng: np.random.Generator) -> np.ndarray:
    """n orders (best first) near the identity, by repeated insertion, vectorised over voters."""
    orders = np.zeros((n, m), dtype=np.int8)
    cols = np.arange(m)
    for i in range(1, m):
        # insert item i at position j (0..i) with probability proportional to phi^(i - j)
        p = phi ** (i - np.arange(i + 1))
        pos = rng.choice(i + 1, size=n, p=p / p.sum())
        shifted = np.concatenate([orders[:, :1], orders[:, :-1]], axis=1)
        c = cols[None, : i + 1]
        head = np.where(c < pos[:, None], orders[:, : i + 1],
                        np.where(c == pos[:, None], i, shifted[:, : i + 1]))
        orders[:, : i + 1] = head
    return orders


def generate(path: Path, n: int, m: int, seed: int) -> int:
    rng = np.random.default_rng(seed)
    centres = [rng.permutation(m), rng.permutation(m)]
    k = int(n * 0.6)
    parts = [centres[0][mallows(k, m, PHI, rng)], centres[1][mallows(n - k, m, PHI, rng)]]
    ballots = np.concatenate(parts)
    orders, counts = np.unique(ballots, axis=0, return_counts=True)
    by_count = np.argsort(-counts, kind="stable")
    with path.open("w") as f:
        f.write(f"# FILE NAME: {path.name}\n# TITLE: Mallows mixture, seed {seed}\n")
        f.write(f"# DATA TYPE: soc\n# NUMBER ALTERNATIVES: {m}\n# NUMBER VOTERS: {n}\n")
        f.write(f"# NUMBER UNIQUE ORDERS: {len(orders)}\n")
        for a in range(m):
            f.write(f"# ALTERNATIVE NAME {a + 1}: Alternative {a + 1}\n")
        for i in by_count:
            f.write(f"{counts[i]}: {','.join(str(a + 1) for a in orders[i])}\n")
    return len(orders)


def run_child(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.stdout.read(), proc.stderr.read()  # small outputs: no deadlock
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()}")
    return elapsed, usage.ru_maxrss / 1024, out.decode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--alternatives", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    args = parser.parse_args()

    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"tally_{args.ballots}_{args.alternatives}_{args.seed}.soc"
    start = time.perf_counter()
    unique = generate(path, args.ballots, args.alternatives, args.seed)
    print(f"{args.ballots:,} ballots over {args.alternatives} alternatives, {unique:,} distinct "
          f"orders, written to {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - start:.1f} s")

    names = [f"Alternative {a + 1}" for a in range(args.alternatives)]
    rows = []
    failed = False
    for method in ("schulze", "irv"):
        suma_runs = [run_child([PYTHON, "-m", "suma.cli", "tally", "--method", method,
                                "--format", "json", str(path)]) for _ in range(args.repeat)]
        pv_runs = [run_child([PYTHON, "-c", PREF_VOTING, str(path), method])
                   for _ in range(args.repeat)]
        suma_t, suma_mb = min(r[0] for r in suma_runs), max(r[1] for r in suma_runs)
        pv_t, pv_mb = min(r[0] for r in pv_runs), max(r[1] for r in pv_runs)
        ours = json.loads(suma_runs[0][2])
        theirs = sorted(names[i] for i in json.loads(pv_runs[0][2]))
        same = ours["winners"][0] in theirs and (len(theirs) > 1 or ours["winners"] == theirs)
        ratio = pv_t / suma_t
        ok = same and ratio >= RATIO_GOAL and suma_mb <= MEMORY_GOAL_MB
        failed |= not ok
        rows.append((method, suma_t, suma_mb, pv_t, pv_mb, ratio, ours["winners"], theirs, ok))

    print(f"\n{'method':8} {'suma s':>8} {'suma MB':>8} {'pref_voting s':>14} {'pv MB':>8} "
          f"{'ratio':>7}  winners (suma | pref_voting)  goal")
    for method, st, sm, pt, pm, ratio, w1, w2, ok in rows:
        print(f"{method:8} {st:8.2f} {sm:8.0f} {pt:14.2f} {pm:8.0f} {ratio:6.1f}x  "
              f"{', '.join(w1)} | {', '.join(w2)}  {'ok' if ok else 'MISSED'}")
    print(f"\nGoals: ratio >= {RATIO_GOAL:.0f}x, suma peak RSS <= {MEMORY_GOAL_MB:.0f} MB, "
          f"same winners. Best of {args.repeat} runs; peak RSS is the largest seen.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
