"""Request middleware: a signed-in member's saved language wins over the browser's."""

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """After LocaleMiddleware and AuthenticationMiddleware: switch to the member's language.

    LocaleMiddleware picks the language of a visitor: the switcher's cookie, else the
    browser's Accept-Language. A signed-in member's saved language (User.language, set at
    sign-up and by the switcher) wins over both, on every device they sign in on.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in self.languages:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
