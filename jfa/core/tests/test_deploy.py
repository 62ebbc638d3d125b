"""Production settings pass Django's deployment checks with secrets only from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_", "DEBUG", "SECURE_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "jfa.settings", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_check(
        {
            "SECRET_KEY": "x" * 20 + "-production-secret-from-the-environment-0123456789",
            "ALLOWED_HOSTS": "give.example.org",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check({"ALLOWED_HOSTS": "give.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
