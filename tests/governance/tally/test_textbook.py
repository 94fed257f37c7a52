"""Published examples with known answers, and the rules a user reads in the docs."""

from fractions import Fraction

import pytest

from suma.governance.tally import (
    BallotError,
    Profile,
    consensus_outcome,
    tally,
    yes_no_outcome,
)

# Wikipedia, "Schulze method", the example with 45 voters and 5 candidates.
SCHULZE_WIKI = [(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"),
                (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]

# Wikipedia, "Tennessee capital": 42 Memphis, 26 Nashville, 15 Chattanooga, 17 Knoxville.
TENNESSEE = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
TENNESSEE_BALLOTS = [(42, [0, 1, 2, 3]), (26, [1, 2, 3, 0]), (15, [2, 3, 1, 0]),
                     (17, [3, 2, 1, 0])]


def letters(spec, alts="ABCDE"):
    return Profile.from_rankings(list(alts), [[alts.index(c) for c in o] for _, o in spec],
                                 [n for n, _ in spec])


def tennessee():
    return Profile.from_rankings(TENNESSEE, [b for _, b in TENNESSEE_BALLOTS],
                                 [n for n, _ in TENNESSEE_BALLOTS])


def test_schulze_wikipedia_example_elects_e_with_the_published_matrices():
    result = tally(letters(SCHULZE_WIKI), "schulze")
    assert result.winners == ["E"]
    assert result.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert result.details["pairwise"] == [
        [0, 20, 26, 30, 22], [25, 0, 16, 33, 18], [19, 29, 0, 17, 24],
        [15, 12, 28, 0, 14], [23, 27, 21, 31, 0]]
    assert result.details["strongest_paths"] == [
        [0, 28, 28, 30, 24], [25, 0, 28, 33, 24], [25, 29, 0, 29, 24],
        [25, 28, 28, 0, 24], [25, 28, 28, 31, 0]]
    assert result.tie_break["applied"] is False


@pytest.mark.parametrize(("method", "winner"), [
    ("plurality", "Memphis"), ("irv", "Knoxville"), ("schulze", "Nashville"),
    ("borda", "Nashville"), ("stv", "Knoxville"),
])
def test_tennessee_capital_gives_each_methods_textbook_winner(method, winner):
    assert tally(tennessee(), method).winners == [winner]


def test_irv_rounds_show_tallies_eliminations_and_transfers():
    rounds = tally(tennessee(), "irv").details["rounds"]
    assert rounds[0]["tallies"] == {"Memphis": 42, "Nashville": 26, "Chattanooga": 15,
                                    "Knoxville": 17}
    assert rounds[0]["eliminated"] == "Chattanooga"
    assert rounds[0]["transfers"] == {"Knoxville": 15, "exhausted": 0}
    assert rounds[1]["eliminated"] == "Nashville"
    assert rounds[2]["elected"] == "Knoxville"
    assert rounds[2]["tallies"] == {"Memphis": 42, "Knoxville": 58}


def test_stv_wikipedia_food_election_elects_chocolate_oranges_strawberries():
    # Wikipedia, "Single transferable vote", the example of 20 voters choosing 3 foods.
    foods = ["Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers"]
    ballots = [[0], [1, 0], [2, 3], [2, 4], [3], [4]]
    profile = Profile.from_rankings(foods, ballots, [4, 2, 8, 4, 1, 1])
    result = tally(profile, "stv", seats=3)
    assert sorted(result.winners) == ["Chocolate", "Oranges", "Strawberries"]
    assert result.details["quota"] == 6
    stages = result.details["rounds"]
    assert stages[0]["elected"] == ["Chocolate"]
    assert stages[1]["action"] == "surplus"
    assert stages[1]["transfers"] == {"Strawberries": 4, "Hamburgers": 2,
                                      "non_transferable": 0}
    assert "Scottish" in result.details["rule"]


def test_stv_surplus_transfer_values_are_truncated_to_five_decimals():
    # A has 7 of 9 votes, quota 4 (2 seats): surplus 3, transfer value 3/7 = 0.428571...
    profile = Profile.from_rankings(["A", "B", "C"], [[0, 1], [2], [1]], [7, 1, 1])
    result = tally(profile, "stv", seats=2)
    surplus = result.details["rounds"][1]
    assert surplus["transfers"]["B"] == pytest.approx(7 * 0.42857)
    assert surplus["lost_to_rounding"] == pytest.approx(3 - 7 * 0.42857)
    assert result.winners == ["A", "B"]


def test_a_tie_is_broken_by_the_seeded_order_and_reported():
    profile = Profile.from_rankings(["Ana", "Bo"], [[0], [1]])
    a = tally(profile, "plurality", seed="one")
    assert a.tie_break["applied"] is True
    assert a.ranking == [a.tie_break["order"]]
    assert a.winners == [a.tie_break["order"][0]]
    seeds = {tally(profile, "plurality", seed=str(s)).winners[0] for s in range(20)}
    assert seeds == {"Ana", "Bo"}  # the seed decides, not the listing order
    assert tally(profile, "plurality", seed="one").winners == a.winners


def test_irv_eliminates_the_tied_lowest_last_in_the_seeded_order():
    profile = Profile.from_rankings(["A", "B", "C"], [[0], [1, 0], [2, 1]], [4, 3, 3])
    result = tally(profile, "irv", seed="x")
    first = result.details["rounds"][0]
    assert first["eliminated"] == [n for n in result.tie_break["order"] if n in "BC"][-1]
    assert result.tie_break["applied"] is True


def test_plurality_ignores_ballots_with_a_tie_at_the_top():
    profile = Profile.from_rankings(["A", "B", "C"], [[[0, 1]], [2], [0]], [3, 1, 1])
    result = tally(profile, "plurality")
    assert result.details["totals"] == {"A": 1, "B": 0, "C": 1}
    assert result.details["ignored_ballots"] == 3


def test_approval_counts_ranked_alternatives_and_approval_ballots():
    approvals = Profile.from_approvals(["A", "B", "C"], [[0, 1], [1], [2]])
    assert tally(approvals, "approval").details["totals"] == {"A": 1, "B": 2, "C": 1}
    ranked = Profile.from_rankings(["A", "B", "C"], [[0, 1], [1]])
    assert tally(ranked, "approval").winners == ["B"]


def test_score_sums_scores_and_elects_several_seats():
    profile = Profile.from_scores(["A", "B", "C"], [[5, 3, 0], [0, 4, 5]], [1, 2],
                                  max_score=5)
    result = tally(profile, "score", seats=2)
    assert result.details["totals"] == {"A": 5, "B": 11, "C": 10}
    assert result.winners == ["B", "C"]


def test_profile_groups_equal_ballots_and_keeps_unranked_below_ranked():
    profile = Profile.from_rankings(["A", "B", "C"], [[1, [0, 2]], [1, [2, 0]], [2]])
    assert profile.total == 3
    assert profile.ranks.tolist() == [[1, 0, 1], [3, 3, 0]]
    assert profile.weights.tolist() == [2, 1]


@pytest.mark.parametrize(("ballot", "problem"), [
    ([0, 3], "unknown alternative 3"),
    ([0, [1, 0]], "'A' is ranked twice"),
    ([[]], "tier 1 is empty"),
])
def test_bad_ballots_are_refused_with_the_reason(ballot, problem):
    with pytest.raises(BallotError, match=problem):
        Profile.from_rankings(["A", "B", "C"], [ballot])


def test_score_ballots_outside_the_scale_are_refused():
    with pytest.raises(BallotError, match="score 6"):
        Profile.from_scores(["A", "B"], [[6, 0]], max_score=5)


def test_simple_majority_needs_more_than_half_and_ignores_abstentions():
    half = Fraction(1, 2)
    assert yes_no_outcome(yes=5, no=4, abstain=100, threshold=half) is True
    assert yes_no_outcome(yes=5, no=5, abstain=0, threshold=half) is False
    assert yes_no_outcome(yes=0, no=0, abstain=9, threshold=half) is False


def test_supermajority_needs_at_least_the_share():
    two_thirds = Fraction(2, 3)
    assert yes_no_outcome(yes=6, no=3, abstain=5, threshold=two_thirds) is True
    assert yes_no_outcome(yes=5, no=3, abstain=0, threshold=two_thirds) is False


def test_one_block_stops_consensus_otherwise_agree_must_outnumber_disagree():
    assert consensus_outcome(agree=50, abstain=0, disagree=0, block=1) is False
    assert consensus_outcome(agree=3, abstain=9, disagree=2, block=0) is True
    assert consensus_outcome(agree=2, abstain=0, disagree=2, block=0) is False


def test_irv_refuses_several_seats_and_unknown_methods_are_named():
    with pytest.raises(ValueError, match="use stv"):
        tally(tennessee(), "irv", seats=2)
    with pytest.raises(ValueError, match="unknown method"):
        tally(tennessee(), "dictator")


def test_result_as_dict_is_json_serialisable():
    import json

    for method in ("plurality", "borda", "irv", "schulze", "stv", "approval"):
        data = json.loads(json.dumps(tally(tennessee(), method, seats=1).as_dict()))
        assert {"winners", "ranking", "details", "tie_break"} <= data.keys()
