"""The participation chart as inline SVG drawn on the server: per day of the window, the
pledgers (a pale column) and those who checked in (a dark column inside it). No script;
role="img" with a title, and the page shows a table of the same numbers beside it."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

HEIGHT = 120   # the columns' room
COLUMN = 18
GAP = 6


@register.simple_tag
def participation_chart(days, title: str) -> str:
    """days: (date, checked in, pledgers) rows, oldest first."""
    days = list(days)
    top = max([pledgers for _d, _c, pledgers in days] + [1])
    width = max(1, len(days)) * (COLUMN + GAP) + GAP
    height = HEIGHT + 34
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
             f'{height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (day, checked, pledgers) in enumerate(days):
        x = GAP + i * (COLUMN + GAP)
        full = round(HEIGHT * pledgers / top)
        done = round(HEIGHT * checked / top)
        if full:
            parts.append(f'<rect x="{x}" y="{HEIGHT - full + 14}" width="{COLUMN}" '
                         f'height="{full}" class="bar out"/>')
        if done:
            parts.append(f'<rect x="{x}" y="{HEIGHT - done + 14}" width="{COLUMN}" '
                         f'height="{done}" class="bar win"/>')
        parts.append(f'<text x="{x}" y="10" class="value">{checked}</text>')
        parts.append(f'<text x="{x}" y="{HEIGHT + 30}" class="label">{day:%d}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
