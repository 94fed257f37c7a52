"""Request middleware: a signed-in member's chosen language wins over the browser's."""

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Before LocaleMiddleware: put the member's saved language in the language cookie's place."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        # The switcher's cookie wins; else the member's preference; else Accept-Language.
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            user_id = request.session.get("_auth_user_id") if hasattr(request, "session") else None
            if user_id:
                language = request.session.get("suma_language")
                if language in self.languages:
                    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        return self.get_response(request)


def activate_for(user) -> None:
    if getattr(user, "language", ""):
        translation.activate(user.language)
