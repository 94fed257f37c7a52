"""Room on the dashboard for later capabilities: each registers a panel renderer."""

from collections.abc import Callable

from django.http import HttpRequest

# A panel is (template name, context function); a context of None hides the panel.
_PANELS: list[tuple[str, Callable[[HttpRequest], dict | None]]] = []


def register_panel(template: str, context: Callable[[HttpRequest], dict | None]) -> None:
    _PANELS.append((template, context))


def panels_for(request: HttpRequest) -> list[tuple[str, dict]]:
    shown = []
    for template, context in _PANELS:
        data = context(request)
        if data is not None:
            shown.append((template, data))
    return shown
