"""Hooks into django-allauth: remember the language a person signed up in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or ""
        if user.language not in {"en", "es", "fr", "it"}:
            user.language = "en"
        return super().save_user(request, user, form, commit=commit)

    def login(self, request, user):
        super().login(request, user)
        if user.language:
            request.session["suma_language"] = user.language
