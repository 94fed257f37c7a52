"""The permission matrix: every page and every API endpoint against every role.

Each cell is its own test, e.g. `test_page_permission_matrix[application_list-organiser]`,
and asserts what the real view answers through Django's test client. Roles, in the order of
every row below: anonymous, outsider, applicant (pending in the chapter), member (of the
chapter), other_organiser (organiser of another chapter), organiser (of the chapter),
steward (of the union, with TOTP). The chapter is `world.chapter` (approval rule).

What a page answers, beyond a status code:
  LOGIN    302 to the log-in page
  DONE     302 with a success message, or to a page whose address says it (the petition
           after signing: ?signed, ?pending): the action happened
  REFUSED  302 with an error message (a domain rule said no)
  REDIRECT 302 with no message
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from suma.api.api import api
from suma.core.notifications import unsubscribe_token
from suma.core.tokens import api_token_create
from suma.members import services
from suma.members.models import ChapterMembership, ChapterStatus
from tests.campaigns import matrix as campaigns_matrix
from tests.governance import matrix_api, matrix_pages
from tests.governance.world import governance_values
from tests.letters import matrix as letters_matrix
from tests.petitions import matrix as petitions_matrix
from tests.pledges import matrix as pledges_matrix
from tests.rights import matrix as rights_matrix
from tests.rights import matrix_escalation as rights_escalation_matrix

ROLES = ("anonymous", "outsider", "applicant", "member", "other_organiser", "organiser",
         "steward")
LOGIN, DONE, REFUSED, REDIRECT = "login", "done", "refused", "redirect"


def row(*expected) -> dict:
    assert len(expected) == len(ROLES)
    return dict(zip(ROLES, expected, strict=True))


def everyone(expected) -> dict:
    return row(*[expected] * len(ROLES))


def signed_in(expected) -> dict:
    """Anonymous people are sent to log in; everyone signed in gets `expected`."""
    return row(LOGIN, *[expected] * (len(ROLES) - 1))


U = "/u/users"
C = f"{U}/c/nairobi"

# name-variant -> (method, path, form data, expected per role). Paths and data may hold
# {placeholders} filled from the world (see `Context`).
PAGES = {
    "home": ("GET", "/", None, everyone(200)),
    "dashboard": ("GET", "/dashboard/", None, signed_in(200)),
    "language_set": ("POST", "/language/", {"language": "es", "next": "/"}, everyone(REDIRECT)),
    "notification_list": ("GET", "/notifications/", None, signed_in(200)),
    "notification_mark_read": ("POST", "/notifications/read/", {}, signed_in(REDIRECT)),
    "notification_preferences": ("GET", "/notifications/settings/", None, signed_in(200)),
    "notification_preferences-save": ("POST", "/notifications/settings/",
                                      {"membership-in_app": "on"}, signed_in(DONE)),
    # The signed link is the credential: whoever holds it may use it.
    "notification_unsubscribe": ("GET", "/notifications/unsubscribe/{unsubscribe}/", None,
                                 everyone(200)),
    "notification_unsubscribe-confirm": ("POST", "/notifications/unsubscribe/{unsubscribe}/",
                                         {}, everyone(200)),
    "notification_unsubscribe-forged": ("GET", "/notifications/unsubscribe/forged/", None,
                                        everyone(400)),
    "token_list": ("GET", "/settings/tokens/", None, signed_in(200)),
    "token_list-create": ("POST", "/settings/tokens/", {"name": "laptop"}, signed_in(200)),
    "token_list-revoke": ("POST", "/settings/tokens/", {"revoke": "{own_token}"},
                          signed_in(DONE)),
    "audit_log": ("GET", "/audit/", None, row(LOGIN, 403, 403, 403, 403, 403, 200)),
    "audit_export": ("GET", "/audit/export/", None, row(LOGIN, 403, 403, 403, 403, 403, 200)),
    "invitation_accept": ("GET", "/join/{invitation}/", None, everyone(200)),
    "invitation_accept-join": ("POST", "/join/{invitation}/", {}, signed_in(DONE)),
    "invitation_accept-forged": ("GET", "/join/forged/", None, everyone(404)),
    "union_detail": ("GET", f"{U}/", None, everyone(200)),
    "union_detail-unknown": ("GET", "/u/nowhere/", None, everyone(404)),
    "membership_settings": ("GET", f"{U}/me/", None, row(LOGIN, 403, 200, 200, 200, 200, 200)),
    "membership_settings-save": ("POST", f"{U}/me/", {"pseudonym": "Night Owl"},
                                 row(LOGIN, 403, DONE, DONE, DONE, DONE, DONE)),
    "chapter_detail": ("GET", f"{C}/", None, everyone(200)),
    "chapter_detail-unknown": ("GET", f"{U}/c/nowhere/", None, everyone(404)),
    "chapter_apply": ("POST", f"{C}/apply/", {"message": "Hello"},
                      row(LOGIN, DONE, REFUSED, REFUSED, DONE, REFUSED, DONE)),
    "chapter_apply-invitation_only": ("POST", f"{U}/c/paris/apply/", {},
                                      signed_in(REFUSED)),
    "chapter_leave": ("POST", f"{C}/leave/", {},
                      row(LOGIN, REFUSED, DONE, DONE, REFUSED, DONE, REFUSED)),
    "application_list": ("GET", f"{C}/applications/", None,
                         row(LOGIN, 403, 403, 403, 403, 200, 200)),
    "application_decide-approve": ("POST", f"{C}/applications/{{application}}/",
                                   {"decision": "approve"},
                                   row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
    "application_decide-decline": ("POST", f"{C}/applications/{{application}}/",
                                   {"decision": "decline", "reason": "Not a click worker"},
                                   row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
    "application_decide-elsewhere": ("POST", f"{U}/c/la-paz/applications/{{application}}/",
                                     {"decision": "approve"},
                                     row(LOGIN, 403, 403, 403, 404, 403, 404)),
    "invitation_manage": ("GET", f"{C}/invitations/", None,
                          row(LOGIN, 403, 403, 403, 403, 200, 200)),
    "invitation_manage-create": ("POST", f"{C}/invitations/", {"days": "7", "max_uses": "5"},
                                 row(LOGIN, 403, 403, 403, 403, 200, 200)),
    "invitation_manage-revoke": ("POST", f"{C}/invitations/", {"revoke": "{chapter_invitation}"},
                                 row(LOGIN, 403, 403, 403, 403, DONE, DONE)),
}

# "METHOD path" (as in the OpenAPI schema, under /api/v1) -> (JSON body, expected per role),
# optionally followed by the path to call, when the schema's {placeholder} is not in the world.
API = {
    "GET /unions/": (None, everyone(200)),
    "GET /unions/{union_slug}": (None, everyone(200)),
    "GET /unions/{union_slug}/chapters": (None, everyone(200)),
    "GET /unions/{union_slug}/members": (None, row(401, 403, 403, 200, 200, 200, 200)),
    "GET /unions/{union_slug}/chapters/{chapter_slug}/members":
        (None, row(401, 403, 403, 200, 403, 200, 200)),
    "POST /unions/{union_slug}/chapters/{chapter_slug}/applications":
        ({"message": "Hello"}, row(401, 201, 400, 400, 201, 400, 201)),
    "GET /unions/{union_slug}/chapters/{chapter_slug}/applications":
        (None, row(401, 403, 403, 403, 403, 200, 200)),
    "POST /unions/{union_slug}/chapters/{chapter_slug}/applications/{application_id}/approve":
        ({}, row(401, 403, 403, 403, 403, 200, 200)),
    "POST /unions/{union_slug}/chapters/{chapter_slug}/applications/{application_id}/decline":
        ({"reason": "Not a click worker"}, row(401, 403, 403, 403, 403, 200, 200)),
    "POST /unions/{union_slug}/chapters/{chapter_slug}/leave":
        ({}, row(401, 400, 200, 200, 400, 200, 400)),
    "PATCH /unions/{union_slug}/me": ({"pseudonym": "Night Owl"},
                                      row(401, 404, 200, 200, 200, 200, 200)),
    "GET /me/": (None, row(401, 200, 200, 200, 200, 200, 200)),
    "GET /me/notifications": (None, row(401, 200, 200, 200, 200, 200, 200)),
    "POST /me/notifications/read": ({}, row(401, 200, 200, 200, 200, 200, 200)),
    "GET /audit/": (None, row(401, 403, 403, 403, 403, 403, 200)),
}
PAGES |= matrix_pages.PAGES
API |= matrix_api.API
TACTICS = (campaigns_matrix, petitions_matrix, pledges_matrix, rights_matrix, letters_matrix,
           rights_escalation_matrix)
for _matrix in TACTICS:
    PAGES |= _matrix.PAGES
    API |= _matrix.API
# Not operations of the schema, but served by the API too.
API_EXTRA = {
    "GET /openapi.json": (None, everyone(200)),
    "GET /docs": (None, everyone(200)),
}


@dataclass
class Context:
    """The world, plus what the paths name: an application, invitations, a signed link."""

    world: object
    values: dict

    def fill(self, template: str, user) -> str:
        values = dict(self.values)
        if "{own_token}" in template:
            values["own_token"] = api_token_create(user=user, name="old")[0].pk if user else 0
        return template.format(**values)


@pytest.fixture(scope="module")
def context(shared_world, django_db_blocker) -> Context:
    w = shared_world
    with django_db_blocker.unblock():
        application = ChapterMembership.objects.get(membership__user=w.applicant,
                                                    chapter=w.chapter,
                                                    status=ChapterStatus.PENDING)
        _invitation, token = services.invitation_create(chapter=w.invite_chapter, by=w.steward)
        chapter_invitation, _token = services.invitation_create(chapter=w.chapter,
                                                                by=w.organiser)
        proposals = governance_values(w)
        for matrix in TACTICS:
            proposals |= matrix.values(w)
    return Context(world=w, values={
        "union_slug": w.union.slug, "chapter_slug": w.chapter.slug,
        "application": application.pk, "application_id": application.pk,
        "invitation": token, "chapter_invitation": chapter_invitation.pk,
        "unsubscribe": unsubscribe_token(user_id=w.member.pk, category="membership"),
        **proposals,
    })


def outcome(response):
    """What the person sees: a status code, or where a redirect sends them and why."""
    if response.status_code != 302:
        return response.status_code
    if response["Location"].startswith(reverse("account_login")):
        return LOGIN
    levels = {m.level for m in get_messages(response.wsgi_request)}
    if levels & {messages.ERROR, messages.WARNING}:
        return REFUSED
    if messages.SUCCESS in levels or {"signed", "pending"} & set(
            parse_qs(urlsplit(response["Location"]).query)):
        return DONE
    return REDIRECT


def _cells(table: dict):
    return [pytest.param(key, role, id=f"{key}-{role}") for key in table for role in ROLES]


@pytest.mark.parametrize(("page", "role"), _cells(PAGES))
def test_page_permission_matrix(page, role, context, db, client):
    method, path, data, expected = PAGES[page]
    user = context.world.roles()[role]
    if user is not None:
        client.force_login(user)
    path = context.fill(path, user)
    if method == "GET":
        response = client.get(path)
    else:
        data = {k: context.fill(v, user) for k, v in (data or {}).items()}
        response = client.post(path, data)
    assert outcome(response) == expected[role], (
        f"{method} {path} as {role}: {response.status_code} "
        f"{response.get('Location', '')} {list(get_messages(response.wsgi_request))}")


@pytest.mark.parametrize(("endpoint", "role"), _cells({**API, **API_EXTRA}))
def test_api_permission_matrix(endpoint, role, context, db, client):
    body, expected, *called = {**API, **API_EXTRA}[endpoint]
    method, path = endpoint.split(" ", 1)
    path = called[0] if called else path
    user = context.world.roles()[role]
    headers = {}
    if user is not None:
        _token, key = api_token_create(user=user, name="matrix")
        headers["Authorization"] = f"Bearer {key}"
    url = "/api/v1" + context.fill(path, user)
    kwargs = {"headers": headers}
    if body is not None:
        kwargs |= {"data": body, "content_type": "application/json"}
    response = getattr(client, method.lower())(url, **kwargs)
    assert response.status_code == expected[role], f"{endpoint} as {role}: {response.content!r}"
    if response.status_code >= 400:
        assert response.json()["code"], "every refusal says why, in the same shape"


def _page_names(resolver=None, skip=("accounts/", "admin/", "api/v1/")) -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if str(entry.pattern) in skip:
            continue
        if isinstance(entry, URLResolver):
            names |= _page_names(entry, skip)
        elif isinstance(entry, URLPattern):
            names.add(entry.name)
    return names


def test_matrix_covers_every_page():
    covered = {key.split("-")[0] for key in PAGES}
    assert _page_names() == covered


def test_matrix_covers_every_api_endpoint():
    schema = api.get_openapi_schema(path_prefix="")
    operations = {f"{method.upper()} {path}" for path, ops in schema["paths"].items()
                  for method in ops}
    assert operations == set(API)
