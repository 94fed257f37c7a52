"""Security: deploy checks, HTTPS headers and cookies, the CSP, CSRF, our own error pages,
rate limits on logging in and signing up, and the secret key the embedded default keeps."""

import os
import re
import runpy
import secrets
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import path

import suma.settings
from suma import urls as suma_urls
from suma.core.notifications import preferences_for, unsubscribe_token
from suma.members.models import ChapterMembership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = Path(suma.settings.__file__)
HTTPS = {"X-Forwarded-Proto": "https"}  # what the reverse proxy adds in production


# A URLconf for the 500 page: every real URL plus one view that fails.
def _failing_view(request):
    raise RuntimeError("secret detail: the password is hunter2")


urlpatterns = [path("fail/", _failing_view), *suma_urls.urlpatterns]
handler400 = suma_urls.handler400
handler403 = suma_urls.handler403
handler404 = suma_urls.handler404
handler500 = suma_urls.handler500


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMA_")}
    env.update(SUMA_DATA_DIR=str(tmp_path / "data"),
               SUMA_DATABASE_URL=f"sqlite:///{tmp_path / 'suma.sqlite3'}", **extra)
    return env


def _production_env(tmp_path: Path) -> dict[str, str]:
    return _env(tmp_path, SUMA_PRODUCTION="1", SUMA_SECRET_KEY=secrets.token_urlsafe(64),
                SUMA_ALLOWED_HOSTS="suma.example.org")


def _settings_under(env: dict[str, str]) -> dict:
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        return runpy.run_path(str(SETTINGS_FILE))
    finally:
        os.environ.clear()
        os.environ.update(saved)


# What production changes that applies inside this test process. Static files storage is left
# out (its manifest needs `collectstatic`); the database and host names are the tests' own.
_NOT_APPLIED = {"PRODUCTION", "STORAGES", "WHITENOISE_USE_FINDERS", "SECRET_KEY", "DATABASES",
                "ALLOWED_HOSTS"}


@pytest.fixture
def production(tmp_path):
    """override_settings with what suma/settings.py sets when SUMA_PRODUCTION=1."""
    env = _production_env(tmp_path)
    default = _settings_under({k: v for k, v in env.items() if k != "SUMA_PRODUCTION"})
    prod = _settings_under(env)
    changed = {name: value for name, value in prod.items()
               if name.isupper() and name not in _NOT_APPLIED
               and (name not in default or default[name] != value)}
    assert "SECURE_HSTS_SECONDS" in changed
    with override_settings(**changed):
        yield changed


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none used."""
    cache.clear()


def _template_names(response) -> list[str]:
    return [t.name for t in response.templates]


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:]
            for part in (p.strip() for p in header.split(";")) if part}


# --- deploy checks, HTTPS, cookies -------------------------------------------------------

def test_deploy_checks_pass_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_answers_plain_http_with_a_redirect_to_https(client, production):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


def test_production_pages_carry_hsts_and_a_content_security_policy(client, production):
    response = client.get("/accounts/login/", headers=HTTPS)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert _csp(response)["script-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_production_session_and_csrf_cookies_are_secure(client, production, world):
    response = client.post("/accounts/login/", {"login": world.member.email,
                                                "password": PASSWORD}, headers=HTTPS)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert response.cookies["csrftoken"]["secure"]


# --- the Content-Security-Policy ----------------------------------------------------------

class _InlineFinder(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts, <style> blocks, style attributes,
    event-handler attributes and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.images: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self._in_inline_script = True
        if tag == "style":
            self.found.append("<style>")
        if tag == "img":
            self.images.append(attrs.get("src") or "")
        for name, value in attrs.items():
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append("inline <script>")


def _blocked_by_csp(response) -> tuple[list[str], list[str]]:
    finder = _InlineFinder()
    finder.feed(response.content.decode())
    return finder.found, finder.images


def test_pages_carry_a_strict_content_security_policy_in_the_default_mode(client, world):
    for url in ["/", "/accounts/login/", "/accounts/signup/", "/api/v1/docs",
                "/no-such-page/"]:
        policy = _csp(client.get(url))
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url


@pytest.mark.parametrize("url", [
    "/", "/u/users/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
    "/api/v1/docs",
])
def test_public_pages_need_nothing_the_csp_blocks(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert _blocked_by_csp(response)[0] == []


@pytest.mark.parametrize("url", [
    "/dashboard/", "/accounts/email/", "/accounts/2fa/", "/accounts/password/change/",
    "/notifications/", "/notifications/settings/", "/settings/tokens/", "/u/users/me/",
])
def test_member_pages_need_nothing_the_csp_blocks(client, world, url):
    client.force_login(world.member)
    response = client.get(url)
    assert response.status_code == 200
    assert _blocked_by_csp(response)[0] == []


def test_the_two_factor_qr_code_is_an_image_the_csp_allows(client, world):
    client.force_login(world.member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks first
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    found, images = _blocked_by_csp(response)
    assert found == []
    assert any(src.startswith("data:image/svg+xml") for src in images)
    assert "data:" in _csp(response)["img-src"]


def test_the_admin_needs_nothing_the_csp_blocks(client, world):
    world.steward.is_staff = world.steward.is_superuser = True
    world.steward.save()
    client.force_login(world.steward)
    for url in ["/admin/", "/admin/account/emailaddress/", "/admin/account/emailaddress/add/",
                "/admin/auth/group/add/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _blocked_by_csp(response)[0] == [], url


# --- CSRF ---------------------------------------------------------------------------------

def test_a_form_posted_without_its_csrf_token_is_refused_with_our_own_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    response = client.post("/notifications/settings/", {"invitation-email": "on"})
    assert response.status_code == 403
    assert "403_csrf.html" in _template_names(response)
    assert "The form expired" in response.content.decode()
    assert "CSRF verification failed" not in response.content.decode()


def test_an_api_write_with_the_session_but_no_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.outsider)
    response = client.post("/api/v1/unions/users/chapters/europe/applications",
                           {}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not ChapterMembership.objects.filter(membership__user=world.outsider).exists()


def test_a_mail_providers_one_click_unsubscribe_needs_no_csrf_token(world):
    token = unsubscribe_token(user_id=world.member.pk, category="membership")
    client = Client(enforce_csrf_checks=True)  # a mail provider has no cookie, no form
    response = client.post(f"/notifications/unsubscribe/{token}/",
                           {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert preferences_for(world.member)["membership"] == (True, False)


def test_a_one_click_unsubscribe_with_a_forged_token_changes_nothing(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/notifications/unsubscribe/forged/",
                           {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert preferences_for(world.member)["membership"] == (True, True)


# --- our own error pages -----------------------------------------------------------------

def test_an_unknown_address_shows_our_own_404_page(client, world):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in _template_names(response)
    assert "This page does not exist" in response.content.decode()


def test_a_forbidden_page_shows_our_own_403_page(client, world):
    client.force_login(world.outsider)
    response = client.get("/u/users/me/")
    assert response.status_code == 403
    assert "403.html" in _template_names(response)
    assert "You may not do this" in response.content.decode()


def test_a_request_for_an_unknown_host_shows_our_own_400_page(client, world):
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "400.html" in _template_names(response)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_failing_page_shows_our_own_500_page_without_a_traceback(world):
    client = Client(raise_request_exception=False)
    response = client.get("/fail/")
    assert response.status_code == 500
    assert "500.html" in _template_names(response)
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    for leak in ("Traceback", "RuntimeError", "hunter2", "_failing_view"):
        assert leak not in body


# --- rate limits --------------------------------------------------------------------------

@pytest.fixture
def fast_passwords(settings, world):
    """A fast hasher: these tests count attempts, and each failed log-in hashes once."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world.member.set_password(PASSWORD)
    world.member.save()


def test_guessing_one_members_password_locks_that_address_after_five_tries(client, world,
                                                                          fast_passwords):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": world.member.email,
                                                    "password": "guess"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post("/accounts/login/", {"login": world.member.email,
                                                "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_hammering_the_login_form_gets_our_429_page(client, world, fast_passwords):
    statuses = [client.post("/accounts/login/", {"login": f"guess{i}@example.org",
                                                 "password": "guess"}).status_code
                for i in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    response = client.post("/accounts/login/", {"login": world.member.email,
                                                "password": PASSWORD})
    assert response.status_code == 429
    assert "429.html" in _template_names(response)
    assert "Too many attempts" in response.content.decode()


def test_hammering_the_sign_up_form_gets_our_429_page(client, world):
    statuses = [client.post("/accounts/signup/", {"email": f"new{i}@example.org",
                                                  "password1": "x", "password2": "y"}
                            ).status_code for i in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_behind_the_proxy_the_login_limit_counts_each_visitor_apart(client, world, production,
                                                                    fast_passwords):
    def attempt(ip: str, i: int) -> int:
        return client.post("/accounts/login/", {"login": f"guess{i}@example.org",
                                                "password": "guess"},
                           headers={**HTTPS, "X-Forwarded-For": ip}).status_code

    assert [attempt("203.0.113.7", i) for i in range(31)][-1] == 429
    assert attempt("198.51.100.9", 99) == 200


# --- the secret key ----------------------------------------------------------------------

def test_the_embedded_default_generates_its_secret_key_once_and_keeps_it(tmp_path):
    def start() -> str:
        return subprocess.run(
            [sys.executable, "-c", "import suma.settings as s; print(s.SECRET_KEY)"],
            cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=60,
            check=True).stdout.strip()

    first, second = start(), start()
    key_file = tmp_path / "data" / "secret_key"
    assert len(first) >= 50
    assert first == second == key_file.read_text().strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


# --- the operator's documentation --------------------------------------------------------

def test_the_operations_guide_lists_every_suma_setting():
    names = set(re.findall(r'env(?:_bool)?\(\s*"([A-Z0-9_]+)"', SETTINGS_FILE.read_text()))
    guide = (ROOT / "docs" / "operations.md").read_text()
    assert names, "no SUMA_* settings found"
    assert sorted(n for n in names if f"`SUMA_{n}`" not in guide) == []
