"""Hooks into django-allauth: remember the language a person signed up in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The language they browsed in (switcher or browser); UserLanguageMiddleware then
        # shows every later visit in it, whatever the browser says.
        language = translation.get_language() or ""
        user.language = language if language in dict(settings.LANGUAGES) else "en"
        return super().save_user(request, user, form, commit=commit)
