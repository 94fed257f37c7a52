"""Step charts as inline SVG, drawn without Django: a tactic's cumulative count per day, and
the demands' outcomes over time. Each SVG has role="img", a <title> and a <desc>; the pages
put a table of the same numbers beside it."""

import re
from datetime import date
from html import escape as _html_escape

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 150, 12, 28
# A colour and a dash pattern per line, so lines differ without colour too.
STYLES = [("#2b6a3f", ""), ("#8a2b0c", "6 3"), ("#3b4e8c", "2 3"), ("#8c6d1f", "8 3 2 3"),
          ("#5d5a52", "1 2"), ("#7a2f6b", "10 4"), ("#1f6f78", "4 4")]


_NOT_XML = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text as it can stand in an SVG: characters XML cannot hold become spaces."""
    return _NOT_XML.sub(" ", str(text))


def escape(text: str) -> str:
    return _html_escape(xml_text(text))


def _ticks(top: int) -> list[int]:
    if top <= 4:
        return list(range(0, top + 1))
    step = 10 ** (len(str(top)) - 1)
    for factor in (1, 2, 5, 10):
        if top / (step * factor) <= 5:
            step *= factor
            break
    return list(range(0, top + step, step))  # up to the first tick at or above the top


def _short(label: str, limit: int = 18) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _number(n: float) -> str:
    return f"{n:,.0f}" if n >= 1000 else f"{n:g}"


def step_chart(lines: list[tuple[str, list[tuple[date, float]]]], *, title: str,
               desc: str = "", goal: float | None = None, goal_label: str = "") -> str:
    """Lines of (label, [(day, value)]) drawn as steps over a shared date axis."""
    points = [p for _label, series in lines for p in series]
    if not points:
        return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 40"'
                f' role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
                f'<desc>{escape(desc)}</desc><text x="0" y="24">–</text></svg>')
    first = min(d for d, _v in points)
    last = max(d for d, _v in points)
    span = max((last - first).days, 1)
    top = max([v for _d, v in points] + [goal or 0, 1])
    ticks = _ticks(int(top) if float(top).is_integer() else int(top) + 1)
    top = max(top, ticks[-1]) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: date) -> float:
        return round(LEFT + plot_w * (d - first).days / span, 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (1 - v / top), 1)

    parts = [f'<svg class="chart chart-steps" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">'
             f'<title>{escape(title)}</title><desc>{escape(desc)}</desc>']
    for tick in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick)}" y2="{y(tick)}" '
                     f'stroke="#d8d4c8" stroke-width="1"/>'
                     f'<text x="{LEFT - 6}" y="{y(tick) + 4}" text-anchor="end" '
                     f'font-size="11">{escape(_number(tick))}</text>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="11">{first.isoformat()}</text>'
                 f'<text x="{LEFT + plot_w}" y="{HEIGHT - 8}" font-size="11" '
                 f'text-anchor="end">{last.isoformat()}</text>')
    if goal:
        parts.append(f'<line class="goal" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(goal)}" '
                     f'y2="{y(goal)}" stroke="#8a2b0c" stroke-width="1" '
                     f'stroke-dasharray="3 3"/><text x="{LEFT + plot_w + 4}" '
                     f'y="{y(goal) + 4}" font-size="11">{escape(goal_label)}</text>')
    for i, (label, series) in enumerate(lines):
        if not series:
            continue
        colour, dash = STYLES[i % len(STYLES)]
        series = sorted(series)
        path = [f"M{x(series[0][0])},{y(series[0][1])}"]
        for d, v in series[1:]:
            path.append(f"H{x(d)}V{y(v)}")
        if series[-1][0] < last:
            path.append(f"H{x(last)}")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<path class="line" d="{"".join(path)}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"{dash_attr}/>')
        end = series[-1][1]
        if len(lines) > 1:
            parts.append(f'<line x1="{LEFT + plot_w + 6}" x2="{LEFT + plot_w + 22}" '
                         f'y1="{TOP + 14 * i + 6}" y2="{TOP + 14 * i + 6}" stroke="{colour}" '
                         f'stroke-width="2"{dash_attr}/><text x="{LEFT + plot_w + 26}" '
                         f'y="{TOP + 14 * i + 10}" font-size="11">{escape(_short(label))} '
                         f'{escape(_number(end))}</text>')
        else:
            parts.append(f'<text x="{x(last) + 4}" y="{y(end) + 4}" font-size="11">'
                         f'{escape(_number(end))}</text>')
    parts.append("</svg>")
    return "".join(parts)
