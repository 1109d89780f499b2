"""Production settings refuse insecure values and pass Django's deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "Zq8vT2mW9xR4pL7nB1cY6hJ0sD5gF3aE" * 2


def _check(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_required_environment():
    """An operator who sets SECRET_KEY, ALLOWED_HOSTS and SITE_URL gets no deployment warning."""
    result = _check(
        {
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "like.example",
            "SITE_URL": "https://like.example",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_default_or_short_secret_key():
    """Starting production with the development key or a short one stops with a clear message."""
    for key in ("", "dev-only-insecure-key-never-use-in-production", "short"):
        result = _check({"SECRET_KEY": key, "ALLOWED_HOSTS": "like.example"})
        assert result.returncode != 0
        assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_debug_and_missing_hosts():
    """DEBUG on, or no ALLOWED_HOSTS, stops production at start-up."""
    debug = _check({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "like.example", "DEBUG": "1"})
    assert debug.returncode != 0 and "DEBUG must not be enabled" in debug.stderr
    hosts = _check({"SECRET_KEY": GOOD_KEY})
    assert hosts.returncode != 0 and "ALLOWED_HOSTS" in hosts.stderr


SQLITE_PROBE = """
import json
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy_timeout = cursor.fetchone()[0]
print(json.dumps({
    "journal_mode": journal_mode,
    "busy_timeout": busy_timeout,
    "transaction_mode": connection.transaction_mode,
    "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
}))
"""


@pytest.mark.parametrize("naming", ["SQLITE_PATH", "DATABASE_URL"])
def test_every_way_of_naming_sqlite_gets_wal_busy_timeout_and_immediate(tmp_path, naming):
    """`DATABASE_URL=sqlite:////path` and `SQLITE_PATH=/path` open the same kind of connection:
    WAL journal, a 20 s busy timeout and IMMEDIATE transactions, so a web process and busy
    workers writing at once wait for each other instead of failing with "database is locked"."""
    path = tmp_path / "site.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    env[naming] = str(path) if naming == "SQLITE_PATH" else f"sqlite:///{path}"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SQLITE_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert path.exists()
    assert probe == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "transaction_mode": "IMMEDIATE",
        "conn_max_age": 60,
    }
