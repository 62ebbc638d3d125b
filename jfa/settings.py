"""Settings for Justice For All, driven by the environment.

Every value that differs between a laptop and production comes from an environment variable read
through the small typed helpers below, which fail loudly on a value they cannot parse. There are no
secret literals here: development gets a throwaway key only when DEBUG is on.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jfa.stories.social import providers_from_env

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def database_from_url(url: str) -> dict:
    """Parse postgres://user:pass@host:port/name?opt=val into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported")
    if parsed.scheme == "sqlite":
        return sqlite_database(Path(unquote(parsed.path)))
    options: dict[str, object] = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    # The ledger posts each entry with one long statement (ledger.actions._write_postgresql) that
    # it asks psycopg to prepare: planning it costs more than running it. Django turns preparing
    # off unless a threshold is set; its own queries bind client-side and are never prepared, so
    # this affects that statement alone. Behind a pooler in transaction mode that cannot keep
    # prepared statements, set DB_PREPARED_STATEMENTS=false (the statement is then planned each time).
    if "prepare_threshold" in options:
        try:
            options["prepare_threshold"] = int(str(options["prepare_threshold"]))
        except ValueError:
            raise ImproperlyConfigured("DATABASE_URL: prepare_threshold must be a whole number") from None
    elif envbool("DB_PREPARED_STATEMENTS", True):
        options["prepare_threshold"] = 5
    if "server_side_binding" in options:
        options["server_side_binding"] = str(options["server_side_binding"]).lower() in {"1", "true", "yes", "on"}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        # Persistent connections: each request otherwise pays a new PostgreSQL handshake.
        "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
        "TEST": {"NAME": envstr("TEST_DATABASE_NAME", "") or None},
    }


def sqlite_database(path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the one writer; "immediate" takes the write lock when a
    # transaction starts, so two writers queue on the busy timeout instead of one failing with
    # "database is locked" when it upgrades a read lock midway.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
        },
        "TEST": {"NAME": BASE_DIR / "var" / "test.sqlite3"},
    }


DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdef"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "jfa.core.views.csrf_failure"
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name pages and emails sign with (the sites framework's row is left at its example.com default).
SITE_NAME = "Justice For All"
# Where visitors write with a question or a request about their details: footer, privacy notice,
# account pages that say "contact us".
CONTACT_EMAIL = envstr("CONTACT_EMAIL", "hello@justiceforall.example")

INSTALLED_APPS = [
    "jfa.core.admin_site.AdminConfig",  # Django's admin, on our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.twitter_oauth2",
    "jfa.core",
    "jfa.accounts",
    "jfa.partners",
    "jfa.campaigns",
    "jfa.payments",
    "jfa.donations",
    "jfa.ledger",
    "jfa.receipts",
    "jfa.transparency",
    "jfa.stories",
    "jfa.stories.wordpress",
    "jfa.casework",
    # Only so the API docs page uses the library's bundled Swagger UI files, served by us, rather
    # than scripts from a public CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jfa.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the visitor's language and sign-in are known, so the 400 page speaks to them.
    "jfa.core.middleware.RejectNulCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "jfa.urls"
WSGI_APPLICATION = "jfa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jfa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jfa.core.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = envstr("DATABASE_URL")
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(Path(envstr("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3"))))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (Redis) when several app processes serve one campaign; otherwise the database,
# so that even the single-machine default keeps no state in one process's memory.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "jfa.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "jfa"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jfa_cache",
        }
    }

# Django's form renderer, with plain <input> and <textarea> widgets written out in Python.
FORM_RENDERER = "jfa.core.renderers.FastWidgets"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "campaigns:dashboard"
LOGIN_URL = "account_login"

SITE_ID = 1
ACCOUNT_ADAPTER = "jfa.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "jfa.accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = envstr("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_SIGNUP_REDIRECT_URL = "campaigns:page_setup"
# Filled from the environment: a provider without credentials is not offered at all.
SOCIALACCOUNT_PROVIDERS: dict = providers_from_env(os.environ)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
FORMAT_MODULE_PATH = ["jfa.formats"]
LOCALE_PATHS = [BASE_DIR / "jfa" / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "jfa" / "static"]
# Uploaded photos live in the database (jfa.core.storage), served at /media/ by every app process.
STORAGES = {
    "default": {"BACKEND": "jfa.core.storage.DatabaseStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded photos: anything larger is refused with a form error before Pillow ever opens it.
MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Justice For All <hello@justiceforall.example>")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)

# Giving limits, in minor units of the gift's currency.
DONATION_MAX_MINOR = envint("DONATION_MAX_MINOR", 10_000_000)  # 100,000.00
DONATION_MIN_MINOR = envint("DONATION_MIN_MINOR", 100)  # 1.00
PAYMENT_PROVIDER = envstr("PAYMENT_PROVIDER", "sandbox")
# Run queued side effects (emails) in the request process right after commit. Turn off in
# production and run `manage.py run_tasks` workers instead.
TASKS_INLINE = envbool("TASKS_INLINE", True)

# Benchmark-only views (a bare insert, a trivial page) are mounted only when this is on.
BENCHMARK_VIEWS = envbool("BENCHMARK_VIEWS", False)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", False) else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer's health probe often speaks plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and style sheets only from our own files; no inline script at all. Style attributes are
# allowed (progress bars set their width that way), <style> elements are not. Images may come from
# any https address, because a story may show a partner's photo from their own site.
CONTENT_SECURITY_POLICY = envstr(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data: https:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
