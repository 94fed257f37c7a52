"""Translation helpers: text kept lazy so it is translated in its reader's language."""

from django.utils.functional import Promise, lazy


def _interpolate(message: str | Promise, params: dict) -> str:
    return str(message) % params


# `gettext_lazy("…%(x)s") % {...}` translates at once, in the language active now (the actor's).
# interpolate_lazy(gettext_lazy("…%(x)s"), {...}) waits until the text is shown, so a
# notification is written in its recipient's language (notify() renders it under theirs).
interpolate_lazy = lazy(_interpolate, str)
