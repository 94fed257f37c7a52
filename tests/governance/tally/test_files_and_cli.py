"""Ballot files (PrefLib, CSV) and the `suma tally` command."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suma.governance.tally import ParseError, Profile, read_ballots, write_csv, write_preflib

ROOT = Path(__file__).resolve().parents[3]
HEADER = "# DATA TYPE: {kind}\n# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 1: Ana\n" \
         "# ALTERNATIVE NAME 2: Bo\n# ALTERNATIVE NAME 3: Chen\n"


def test_preflib_file_is_read_with_names_ties_and_counts(tmp_path):
    path = tmp_path / "chair.toi"
    path.write_text(HEADER.format(kind="toi")
                    + "# NUMBER VOTERS: 6\n3: 1,{2,3}\n2: 3\n1: 1,{2,3}\n")
    profile = read_ballots(path)
    assert profile.alternatives == ("Ana", "Bo", "Chen")
    assert profile.total == 6
    rows = map(tuple, profile.ranks.tolist())
    assert sorted(zip(rows, profile.weights.tolist(), strict=True)) == [
        ((0, 1, 1), 4), ((3, 3, 0), 2)]


@pytest.mark.parametrize(("kind", "body", "line", "problem"), [
    ("soc", "2: 1,2\n", 7, "soc needs complete orders; missing 3"),
    ("soi", "1: 1,{2,3}\n", 7, "not allowed in soi"),
    ("toi", "1: 1,4\n", 7, "alternative 4 is out of range 1 to 3"),
    ("toi", "1: 1,2\n1: 2,2\n", 8, "alternative 2 appears twice"),
    ("toi", "x: 1,2\n", 7, "the count 'x' is not a whole number"),
    ("toi", "1: {1,2\n", 7, "'{' is not closed"),
    ("toi", "1: 1,,2\n", 7, "expected an alternative number"),
    ("toi", "1 1,2\n", 7, "no ':' found"),
    ("toi", "1: 1,\n", 7, "ends with ','"),
])
def test_malformed_preflib_names_the_line_and_the_problem(tmp_path, kind, body, line, problem):
    path = tmp_path / f"bad.{kind}"
    path.write_text(HEADER.format(kind=kind) + "\n" + body)
    with pytest.raises(ParseError) as e:
        read_ballots(path)
    assert e.value.line == line
    assert problem in e.value.problem
    assert str(e.value).startswith(f"line {line}: ")


def test_number_voters_must_match_the_counts():
    text = "# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 5\n2: 1,2\n"
    with pytest.raises(ParseError, match="line 2: NUMBER VOTERS is 5 but the counts add up to 2"):
        read_ballots(text, fmt="soc")


def test_csv_reads_ranks_ties_blanks_and_counts():
    profile = read_ballots("count,Ana,Bo,Chen\n2,1,3,3\n1,,1,\n", fmt="csv")
    assert profile.ranks.tolist() == [[0, 1, 1], [3, 0, 3]]
    assert profile.weights.tolist() == [2, 1]


@pytest.mark.parametrize(("text", "line", "problem"), [
    ("Ana,Bo\n1,x\n", 2, "rank 'x' for 'Bo'"),
    ("Ana,Bo\n1,2\n1\n", 3, "1 cells, the header has 2"),
    ("Ana,Ana\n1,2\n", 1, "two alternatives are named 'Ana'"),
    ("count,Ana\n0,1\n", 2, "count '0'"),
])
def test_malformed_csv_names_the_line(text, line, problem):
    with pytest.raises(ParseError) as e:
        read_ballots(text, fmt="csv")
    assert (e.value.line, problem in e.value.problem) == (line, True)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789{},: #\n\t-xA\x00é") + [
    "# NUMBER ALTERNATIVES: ", "# ALTERNATIVE NAME ", "# DATA TYPE: toi", "# NUMBER VOTERS:",
    "count,"]), max_size=60).map("".join),
       st.sampled_from(["soc", "soi", "toc", "toi", "csv", None]))
def test_fuzzed_files_raise_only_parse_errors(text, fmt):
    try:
        read_ballots(text, fmt=fmt)
    except ParseError:
        pass


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["1", "2", "3", "12", ",", ":", " ", "\t", "\n", ": ", ", "]),
                max_size=40).map("".join),
       st.sampled_from(["soc", "soi"]))
def test_the_fast_reader_agrees_with_the_line_reader_whenever_it_answers(body, kind):
    """Large well-formed files are read in one numpy pass; it must never read a file
    differently from the line-by-line reader (which also names the line of an error)."""
    from suma.governance.tally.fileio import _read_preflib_fast, _read_preflib_lines

    text = f"# DATA TYPE: {kind}\n# NUMBER ALTERNATIVES: 3\n{body}"
    fast = _read_preflib_fast(text, kind)
    if fast is None:
        return
    assert fast == _read_preflib_lines(text, kind)


@st.composite
def ranked_profiles(draw, strict=False, complete=False):
    m = draw(st.integers(1, 6))
    ballots = []
    for _ in range(draw(st.integers(0, 6))):
        order = draw(st.permutations(range(m)))
        cut = m if complete else draw(st.integers(1, m))
        tiers, i = [], 0
        while i < cut:
            size = 1 if strict else draw(st.integers(1, cut - i))
            tiers.append(list(order[i:i + size]))
            i += size
        ballots.append(tiers)
    counts = draw(st.lists(st.integers(1, 9), min_size=len(ballots), max_size=len(ballots)))
    names = draw(st.lists(st.text("abcé ,\"'", min_size=1, max_size=4).map(lambda s: f"x{s}y"),
                          min_size=m, max_size=m, unique=True))
    return Profile.from_rankings(names, ballots, counts)


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_write_then_read_gives_the_same_profile(data):
    for kind, strict, complete in [("soc", True, True), ("soi", True, False),
                                   ("toc", False, True), ("toi", False, False)]:
        profile = data.draw(ranked_profiles(strict=strict, complete=complete))
        assert read_ballots(write_preflib(profile, kind, title="t"), fmt=kind) == profile
        assert read_ballots(write_csv(profile), fmt="csv") == profile


def test_write_preflib_refuses_ballots_that_do_not_fit_the_kind():
    tied = Profile.from_rankings(["A", "B"], [[[0, 1]]])
    short = Profile.from_rankings(["A", "B"], [[0]])
    with pytest.raises(ValueError, match="strict"):
        write_preflib(tied, "soc")
    with pytest.raises(ValueError, match="every alternative"):
        write_preflib(short, "toc")
    assert "1: {1,2}" in write_preflib(tied, "toc")


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "suma.cli", "tally", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def tennessee_file(tmp_path):
    path = tmp_path / "tn.soc"
    path.write_text(
        "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 4\n# ALTERNATIVE NAME 1: Memphis\n"
        "# ALTERNATIVE NAME 2: Nashville\n# ALTERNATIVE NAME 3: Chattanooga\n"
        "# ALTERNATIVE NAME 4: Knoxville\n42: 1,2,3,4\n26: 2,3,4,1\n15: 3,4,2,1\n17: 4,3,2,1\n")
    return path


def test_cli_prints_winner_round_table_and_tie_note(tmp_path):
    out = run_cli("--method", "irv", str(tennessee_file(tmp_path)))
    assert out.returncode == 0, out.stderr
    assert "Winner: Knoxville" in out.stdout
    assert "eliminated Chattanooga" in out.stdout
    assert "No tie had to be broken" in out.stdout


def test_cli_json_is_the_result(tmp_path):
    out = run_cli("--method", "schulze", "--format", "json", str(tennessee_file(tmp_path)))
    data = json.loads(out.stdout)
    assert data["winners"] == ["Nashville"]
    assert data["details"]["pairwise"][1][0] == 58
    assert data["tie_break"]["applied"] is False


def test_cli_names_file_and_line_of_a_malformed_ballot_and_exits_2(tmp_path):
    path = tmp_path / "bad.soc"
    path.write_text("# NUMBER ALTERNATIVES: 3\n5: 1,2,3\n2: 1,2\n")
    out = run_cli("--method", "borda", str(path))
    assert out.returncode == 2
    assert out.stderr.strip() == f"{path}:3: soc needs complete orders; missing 3"
    assert out.stdout == ""


def test_cli_missing_file_exits_2(tmp_path):
    assert run_cli("--method", "irv", str(tmp_path / "none.soc")).returncode == 2


def test_cli_never_imports_django_and_starts_fast(tmp_path):
    path = tennessee_file(tmp_path)
    code = (f"import sys, runpy; sys.argv = ['suma', 'tally', '--method', 'stv', {str(path)!r}]\n"
            "try:\n    runpy.run_module('suma.cli', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('DJANGO' if any(m == 'django' or m.startswith('django.') "
            "for m in sys.modules) else 'CLEAN')")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    elapsed = time.perf_counter() - start
    assert out.stdout.strip().endswith("CLEAN"), out.stdout + out.stderr
    assert "Winner: Knoxville" in out.stdout
    assert elapsed < 3, f"suma tally took {elapsed:.2f} s to start and count"
