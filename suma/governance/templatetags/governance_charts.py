"""Result charts as inline SVG drawn on the server: no script, no image request, readable
by screen readers (role="img", a title and a label), each beside a table of the same numbers."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

ROW = 34          # height of one bar's row: its label above, the bar below
LABEL_WIDTH = 150  # candidates' names beside the round columns
COLUMN = 96


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return str(value)


def _short(text: str, limit: int = 38) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@register.simple_tag
def bar_chart(rows, title: str) -> str:
    """Horizontal bars: rows of (label, value, highlighted)."""
    rows = list(rows)
    width, bar_room = 360, 300
    top = max([float(v) for _l, v, _w in rows] + [0]) or 1
    height = ROW * len(rows) + 4
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
             f'{height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (label, value, win) in enumerate(rows):
        y = i * ROW
        length = max(1, round(bar_room * float(value) / top)) if value else 0
        css = "bar win" if win else "bar"
        parts.append(f'<text x="0" y="{y + 12}" class="label">{escape(_short(label))}'
                     f'{" ✓" if win else ""}</text>')
        if length:
            parts.append(f'<rect x="0" y="{y + 16}" width="{length}" height="14" '
                         f'class="{css}"/>')
        parts.append(f'<text x="{length + 4}" y="{y + 28}" class="value">'
                     f'{escape(_number(value))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


@register.simple_tag
def rounds_chart(rounds: dict, title: str) -> str:
    """One column per round, one bar per candidate; elected and eliminated are marked with a
    sign as well as a colour."""
    names, columns = rounds["names"], rounds["columns"]
    top = max([float(v) for c in columns for v in c["tallies"].values()] + [0]) or 1
    quota = rounds.get("quota")
    if quota:
        top = max(top, float(quota))
    width = LABEL_WIDTH + COLUMN * len(columns)
    height = 24 + ROW * len(names)
    parts = [f'<svg class="chart chart-wide" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
             f"<title>{escape(title)}</title>"]
    for c, column in enumerate(columns):
        x = LABEL_WIDTH + c * COLUMN
        parts.append(f'<text x="{x}" y="14" class="label">'
                     f'{escape(_("Round %(n)s") % {"n": column["number"]})}</text>')
    for r, name in enumerate(names):
        y = 24 + r * ROW
        parts.append(f'<text x="0" y="{y + 18}" class="label">{escape(_short(name, 20))}</text>')
        for c, column in enumerate(columns):
            if name not in column["tallies"]:
                continue
            x = LABEL_WIDTH + c * COLUMN
            value = column["tallies"][name]
            length = max(1, round((COLUMN - 52) * float(value) / top)) if value else 0
            mark, css = "", "bar"
            if name in column["elected"]:
                mark, css = " ✓", "bar win"
            elif name in column["eliminated"]:
                mark, css = " ✗", "bar out"
            if length:
                parts.append(f'<rect x="{x}" y="{y + 6}" width="{length}" height="16" '
                             f'class="{css}"/>')
            # One decimal fits the column; the table below the chart has the exact values.
            shown = f"{float(value):.1f}".removesuffix(".0")
            parts.append(f'<text x="{x + length + 3}" y="{y + 19}" class="value">'
                         f'{escape(shown)}{mark}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


@register.filter
def votes(value) -> str:
    """A vote count as the tally gives it (STV keeps five decimals)."""
    return _number(value)


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
