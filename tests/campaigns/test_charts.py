"""The step charts are well-formed SVG for any series, with a title and a description."""

from datetime import date, timedelta
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from suma.campaigns.charts import step_chart, xml_text

NS = "{http://www.w3.org/2000/svg}"

days = st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 10**7)), max_size=40)


@given(st.lists(days, max_size=6), st.text(max_size=40), st.none() | st.integers(1, 10**7))
def test_a_step_chart_is_valid_svg_with_a_title_for_any_series(lines, title, goal):
    start = date(2007, 1, 1)
    drawn = step_chart([(f"line {i} <&>", [(start + timedelta(days=d), n) for d, n in line])
                        for i, line in enumerate(lines)], title=title, desc="d", goal=goal)
    svg = ElementTree.fromstring(drawn)
    assert svg.get("role") == "img"
    assert svg.find(f"{NS}title").text == (xml_text(title) or None)
    assert svg.find(f"{NS}desc") is not None
    drawn_lines = [line for line in lines if line]
    assert len(svg.findall(f"{NS}path")) == len(drawn_lines)
    for path in svg.findall(f"{NS}path"):
        assert "nan" not in path.get("d") and "inf" not in path.get("d")


def test_a_cumulative_series_rises_left_to_right():
    drawn = step_chart([("signatures", [(date(2024, 1, 1), 10), (date(2024, 1, 5), 100)])],
                       title="Signatures", goal=200, goal_label="goal")
    svg = ElementTree.fromstring(drawn)
    d = svg.find(f"{NS}path").get("d")
    assert d.startswith("M48") and "H" in d and "V" in d
    assert svg.find(f"{NS}line[@class='goal']") is not None
