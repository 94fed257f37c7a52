"""Authentication backends: Django's and allauth's, reading the signed-in user in plain SQL.

Every signed-in request reads its user. The ORM builds that query anew each time, which cost
a member's petition signature more CPU than running it; the row is the same.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import connection

from suma.core import rows


class _PlainSQLUser:
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        names = [field.name for field in model._meta.concrete_fields]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {rows.columns(model, names, 'u')} "
                           f"FROM {model._meta.db_table} u WHERE u.{model._meta.pk.column} = %s",
                           [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        user = rows.instance(model, names, row)
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_PlainSQLUser, DjangoModelBackend):
    """Django's ModelBackend."""


class AuthenticationBackend(_PlainSQLUser, AllauthBackend):
    """allauth's backend (sign-in by email)."""
