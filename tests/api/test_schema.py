"""Schemathesis against the OpenAPI schema: no 500s, every response as the schema says."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings

from suma.api.api import api
from suma.core.tokens import api_token_create

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = WSGIHandler()


@pytest.fixture
def member_token(shared_world, db) -> str:
    _token, key = api_token_create(user=shared_world.member, name="schemathesis")
    return key


@schema.parametrize()
@settings(max_examples=30, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says_and_never_with_a_server_error(case, member_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {member_token}"})
