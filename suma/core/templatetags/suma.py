"""Template filters: sanitised Markdown."""

import markdown as md
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3",
         "h4", "hr"}


@register.filter
def markdown(text: str) -> str:
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return mark_safe(nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}},
                               link_rel="nofollow noopener"))
