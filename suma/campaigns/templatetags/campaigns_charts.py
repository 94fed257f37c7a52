"""The repertoire dashboards' charts: SVG drawn on the server (see suma.campaigns.charts)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from suma.campaigns.charts import step_chart
from suma.campaigns.models import DemandStatus

register = template.Library()


@register.simple_tag
def use_chart(use) -> str:
    """A tactic use's cumulative count per day, with its goal when it has one."""
    title = _("%(title)s: cumulative count per day") % {"title": use.title}
    goal = use.figures.get("goal") or None
    series = list(use.series)
    desc = _("From %(first)s to %(last)s, up to %(n)s.") % {
        "first": series[0][0], "last": series[-1][0], "n": series[-1][1]} if series else ""
    return mark_safe(step_chart([(use.title, series)], title=title, desc=desc, goal=goal,
                                goal_label=_("goal")))


@register.simple_tag
def outcomes_chart(outcomes: dict) -> str:
    """How many demands stood in each status over time, one step line per status."""
    rows = outcomes["rows"]
    lines = []
    for status in DemandStatus:
        if any(counts[status.value] for _day, counts in rows):
            lines.append((str(status.label), [(day, counts[status.value])
                                              for day, counts in rows]))
    now = outcomes["now"]
    desc = "; ".join(f"{DemandStatus(s).label}: {n}" for s, n in now.items() if n)
    return mark_safe(step_chart(lines, title=_("The demands' outcomes over time"),
                                desc=desc))


@register.filter
def status_label(value: str) -> str:
    return str(DemandStatus(value).label) if value in DemandStatus.values else value


@register.filter
def get_count(counts: dict, key: str) -> int:
    return counts.get(key, 0)


@register.simple_tag
def demand_statuses() -> list:
    return list(DemandStatus)
