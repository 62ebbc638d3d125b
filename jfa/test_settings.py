"""Settings for the test suite: the real settings, with fast hashing and in-memory mail."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("ACCOUNT_EMAIL_VERIFICATION", "mandatory")

from jfa.settings import *  # noqa: E402,F403
from jfa.settings import BASE_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "jfa.core.storage.DatabaseStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)
# Each test process gets its own SQLite file (pytest-xdist workers run side by side).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = os.environ.get("TEST_DATABASE_NAME", "test")
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / "var" / f"{prefix}-{worker}.sqlite3"}
