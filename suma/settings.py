"""The one settings module, configured by SUMA_* environment variables (docs/operations.md)."""

import os
import secrets
import warnings
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"SUMA_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(f"SUMA_{name}")
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Where the embedded default keeps its database, secret key, outbox and uploads.
DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var"))).resolve()
PRODUCTION = env_bool("PRODUCTION")
DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    """SUMA_SECRET_KEY, or a key generated on first run and kept in the data folder."""
    if key := env("SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting together agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
                 if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "suma.core",
    "suma.members",
    "suma.governance",
    "suma.campaigns",
    "suma.tactics.petitions",
    "suma.tactics.pledges",
    "suma.tactics.letters",
    "suma.rights",
    "suma.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "suma.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "suma.urls"
WSGI_APPLICATION = "suma.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "suma.core.context_processors.suma",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'suma.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if env("TEST_DATABASE_NAME"):
    # Tests only: the test database's name (pytest-django appends _gw0, _gw1 … per xdist
    # worker). On SQLite a file path instead of memory, so that the worker processes a test
    # starts can open the same database (tests/core/test_worker.py).
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's, reading the signed-in user in plain SQL (suma.members.backends).
    "suma.members.backends.ModelBackend",
    "suma.members.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): email is the login; confirmation by a POST button.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "suma.members.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # Per IP only: allauth's login view has no key to count by (a "/key" rate here crashes it);
    # per-address guessing is stopped by login_failed below.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/5m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Suma] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Suma"
LOGIN_REDIRECT_URL = "dashboard"
LOGIN_URL = "account_login"

# Background jobs: the django.tasks API on the database (suma worker runs them).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env("TASKS_BACKEND", "database") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}

# Email: a local outbox folder by default, SMTP when SUMA_SMTP_HOST is set.
OUTBOX_DIR = Path(env("OUTBOX_DIR", str(DATA_DIR / "outbox"))).resolve()
DEFAULT_FROM_EMAIL = env("FROM_EMAIL", "Suma <noreply@suma.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("SMTP_HOST")
    EMAIL_PORT = int(env("SMTP_PORT", "587"))
    EMAIL_HOST_USER = env("SMTP_USER")
    EMAIL_HOST_PASSWORD = env("SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("SMTP_TLS", default=True)
else:
    EMAIL_BACKEND = "suma.core.mail.OutboxBackend"
    EMAIL_FILE_PATH = str(OUTBOX_DIR)

# Languages: English, Spanish, French and Italian ship complete.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("it", _("Italian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# Outside production, static files come from the apps' folders (WHITENOISE_USE_FINDERS) and
# STATIC_ROOT is only filled by collectstatic: don't warn that it is empty.
warnings.filterwarnings("ignore", message="No directory at")
STATIC_URL = "/static/"
# suma/static is the package's own folder, not an app's: the finders must be told.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"

# Security: CSRF everywhere, our own error pages, a strict CSP. No page, allauth's and the
# admin's included, needs an inline script or style: the API docs page loads
# /static/ninja/swagger-ui-init.js and reads its settings from a JSON <script> block.
CSRF_FAILURE_VIEW = "suma.core.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the TOTP QR code (allauth.mfa)
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Only safe behind a reverse proxy that sets (and overwrites) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of Suma append to X-Forwarded-For: allauth's per-IP rate
# limits count the client's address, not the proxy's (0: trust no X-Forwarded-For).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))

RATELIMIT_VIEW = "suma.core.views.rate_limited"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "suma_cache"}
    if not env("REDIS_URL")
    else {"BACKEND": "suma.core.cache.RedisCache", "LOCATION": env("REDIS_URL")}
}
# With Redis, sessions are read from it (and kept in the database too, which survives a Redis
# restart): a signed-in request then costs no database query for its session.
if env("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Suma's own knobs.
SUMA_API_PAGE_SIZE = int(env("API_PAGE_SIZE", "50"))
SUMA_JOB_MAX_ATTEMPTS = int(env("JOB_MAX_ATTEMPTS", "5"))
SUMA_JOB_LEASE_SECONDS = int(env("JOB_LEASE_SECONDS", "30"))
# Petition signing (docs/petitions.md): rate limits as "count/period" (s, m, h, d; 0/h: none)
# in SUMA_PETITION_LIMIT_IP, _EMAIL, _PETITION, _BURST; unset ones keep their defaults.
SUMA_PETITION_LIMITS = {kind: value for kind in ("ip", "email", "petition", "burst")
                        if (value := env(f"PETITION_LIMIT_{kind.upper()}"))}
SUMA_PETITION_COUNTER_SHARDS = int(env("PETITION_COUNTER_SHARDS", "16"))
SUMA_PETITION_CONFIRM_DAYS = int(env("PETITION_CONFIRM_DAYS", "7"))
# A process enqueues the job sending visitors' confirmation emails at most once in this many
# seconds (it sends every email owed by then); 0: one job per signature.
SUMA_PETITION_CONFIRM_BATCH_SECONDS = float(env("PETITION_CONFIRM_BATCH_SECONDS", "1"))
# Signing may use a petition a process read this many seconds ago (0: read it every time).
SUMA_PETITION_READ_SECONDS = float(env("PETITION_READ_SECONDS", "1"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"},
                # One line per job run is noise beside `suma run`; failures still show.
                "django_tasks": {"level": "WARNING"}, "django_tasks_db": {"level": "WARNING"}},
}
