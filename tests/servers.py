"""Real servers for end-to-end tests: the site under uvicorn with its db_worker, on 127.0.0.1.

Each server has its own database (a SQLite file, or its own PostgreSQL database when
DATABASE_URL is set), its own SITE_URL on a free port, and is stopped by the caller.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_admin_url():
    """DATABASE_URL pointed at the maintenance database, from which others are created."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return ""
    head, _sep, _db = url.rpartition("/")
    return f"{head}/postgres"


def _create_postgres_database(name: str) -> str:
    import psycopg

    base = _postgres_admin_url()
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    head, _sep, _db = base.rpartition("/")
    return f"{head}/{name}"


def _drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Migrating a fresh database takes 250 migrations and most of a minute of CPU; loading the demo
# as long again. A test run does each once per kind of site (settings, demo or not) into a
# template, and every site starts from a copy of it: a file copy on SQLite, CREATE DATABASE ...
# TEMPLATE on PostgreSQL (a second or two). tests/run_all.sh shares the templates between its
# pytest processes (RENCONTRES_SITE_TEMPLATES names their folder, and it removes them at the
# end); a pytest started alone keeps its own and removes them when it exits.
@dataclass
class _Template:
    sqlite_path: Path | None
    media: Path
    pg_database: str | None


_TEMPLATES: dict[tuple, _Template] = {}
_TEMPLATES_LOCK = threading.Lock()
_SHARED_TEMPLATE_DIR = os.environ.get("RENCONTRES_SITE_TEMPLATES", "")
_TEMPLATE_DIR = Path(_SHARED_TEMPLATE_DIR or tempfile.mkdtemp(prefix="rencontres-templates-"))


def _template(settings: str, demo: bool, base_env: dict) -> _Template:
    """The migrated (and, with `demo`, demo-loaded) database every such site is copied from."""
    key = (settings, demo)
    with _TEMPLATES_LOCK:
        if key in _TEMPLATES:
            return _TEMPLATES[key]
        _TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
        name = f"{settings.replace('.', '_')}_{'demo' if demo else 'bare'}"
        ready = _TEMPLATE_DIR / f"{name}.ready"
        # One process builds it; the others wait on the lock, then read what it recorded.
        with open(_TEMPLATE_DIR / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not ready.exists():
                ready.write_text(_build_template(name, settings, demo, base_env))
            pg_database = ready.read_text().strip() or None
        template = _Template(
            sqlite_path=None if pg_database else _TEMPLATE_DIR / f"{name}.sqlite3",
            media=_TEMPLATE_DIR / f"{name}-media",
            pg_database=pg_database,
        )
        _TEMPLATES[key] = template
        return template


def _build_template(name: str, settings: str, demo: bool, base_env: dict) -> str:
    """Migrate (and load the demo into) the template `name`; returns its PostgreSQL database."""
    env = dict(base_env)
    env["DJANGO_SETTINGS_MODULE"] = settings
    env["SITE_URL"] = "http://127.0.0.1:9"
    env["REDIS_KEY_PREFIX"] = f"rencontres-test-{name}-{uuid.uuid4().hex[:8]}"
    env["SQLITE_PATH"] = str(_TEMPLATE_DIR / f"{name}.sqlite3")
    env["MEDIA_ROOT"] = str(_TEMPLATE_DIR / f"{name}-media")
    pg_database = ""
    if _postgres_admin_url():
        pg_database = f"rencontres_tpl_{name}_{uuid.uuid4().hex[:8]}"
        env["DATABASE_URL"] = _create_postgres_database(pg_database)
        (_TEMPLATE_DIR / f"{name}.pg").write_text(pg_database)
    try:
        # On SQLite, the schema snapshot when it is current (as `make run`), else the migrations.
        for args in (["setup_database", "-v0"], ["load_demo_data"] if demo else None):
            if args:
                subprocess.run(
                    [PYTHON, "manage.py", *args],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    timeout=600,
                    capture_output=True,
                    text=True,
                )
    except subprocess.CalledProcessError as error:
        raise RuntimeError(f"building the site template failed:\n{error.stderr}") from error
    return pg_database


def remove_templates(folder: Path = _TEMPLATE_DIR) -> None:
    """Drop the templates' PostgreSQL databases and remove their folder."""
    for record in Path(folder).glob("*.pg"):
        with contextlib.suppress(Exception):
            _drop_postgres_database(record.read_text().strip())
    shutil.rmtree(folder, ignore_errors=True)


def _copy_template(template: _Template, env: dict, name: str, port: int) -> str | None:
    """Give a new site its copy of `template`; returns its PostgreSQL database's name, if any.

    The demo's Site is then pointed at this server's own address, as load_demo_data does: full
    URLs (feeds, sitemap, ActivityPub) come from it."""
    point_site_here = (
        f"UPDATE wagtailcore_site SET hostname = '127.0.0.1', port = {int(port)} "
        "WHERE is_default_site = TRUE AND hostname = '127.0.0.1'"
    )
    if template.media.exists():
        shutil.copytree(template.media, env["MEDIA_ROOT"], dirs_exist_ok=True)
    if template.pg_database:
        import psycopg

        pg_database = f"rencontres_e2e_{name}_{uuid.uuid4().hex[:8]}"
        with _TEMPLATES_LOCK, psycopg.connect(_postgres_admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_database}" TEMPLATE "{template.pg_database}"')
        head, _sep, _db = _postgres_admin_url().rpartition("/")
        env["DATABASE_URL"] = f"{head}/{pg_database}"
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(point_site_here)
        return pg_database
    # The backup API copies a consistent database whatever its WAL holds.
    with (
        contextlib.closing(sqlite3.connect(template.sqlite_path)) as source,
        contextlib.closing(sqlite3.connect(env["SQLITE_PATH"])) as target,
    ):
        source.backup(target)
        target.execute(point_site_here)
        target.commit()
    return None


if not _SHARED_TEMPLATE_DIR:
    atexit.register(remove_templates)


@dataclass
class Server:
    """A running site: `url` is its public origin, `env` what its processes were started with."""

    name: str
    port: int
    url: str
    env: dict
    workdir: Path
    processes: list = field(default_factory=list)
    pg_database: str | None = None

    def manage(self, *args, check=True, timeout=300) -> subprocess.CompletedProcess:
        """Run a management command against this server's database and settings."""
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            timeout=timeout,
            capture_output=True,
            text=True,
        )

    def start_web(self, port: int, *, ws_max_size: int = 65536, log_name: str = "web"):
        """A uvicorn process serving this site on `port` (a second one shares the database)."""
        return self._spawn(
            [
                PYTHON,
                "-m",
                "uvicorn",
                "cms.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--ws-max-size",
                str(ws_max_size),
                "--ws-per-message-deflate",
                "false",
                "--log-level",
                "warning",
            ],
            log_name,
        )

    def start_worker(self, queues: str = "*", *, worker_id: str = "", log_name: str = "worker"):
        """A db_worker taking every lane, most urgent first (or only `queues`: "realtime")."""
        command = [PYTHON, "manage.py", "db_worker", "--interval", "0.1", "--queue-name", queues]
        if worker_id:
            command += ["--worker-id", worker_id]
        return self._spawn(command, log_name)

    def _spawn(self, command: list, log_name: str) -> subprocess.Popen:
        """A process of this site, logging to <workdir>/<name>-<log_name>.log, stopped by stop()."""
        log = open(self.workdir / f"{self.name}-{log_name}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append(proc)
        return proc

    def stop(self):
        self.stop_processes()
        if self.pg_database:
            _drop_postgres_database(self.pg_database)

    def stop_processes(self):
        """Stop the site's processes and keep its database (the site is down, then restarted)."""
        for proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.processes.clear()

    def restart(self):
        """Serve the site again on its own port, with its worker, after `stop_processes`."""
        web = self.start_web(self.port, log_name="web-restarted")
        self.start_worker(log_name="worker-restarted")
        wait_until_up(self.url + "/healthz", web)

    def log(self, which="web") -> str:
        path = self.workdir / f"{self.name}-{which}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def start_site(
    workdir: Path,
    name: str = "a",
    *,
    demo: bool = False,
    worker: bool = True,
    extra_env: dict | None = None,
    settings: str = "cms.settings.dev",
    ws_max_size: int = 65536,
) -> Server:
    """A freshly migrated database (with the demo if asked), served by uvicorn (+ worker).

    The database is a copy of a template migrated once per test run (see `_template`)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "SITE_URL": url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "FEDERATION_ALLOW_PRIVATE_ADDRESSES": "1",
            "SQLITE_PATH": str(workdir / f"{name}.sqlite3"),
            "MEDIA_ROOT": str(workdir / f"{name}-media"),
            "DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
            # Its own keys in a shared Redis: a later site on the same port must not be
            # served this one's cached pages, nor receive its broadcasts.
            "REDIS_KEY_PREFIX": f"rencontres-test-{name}-{uuid.uuid4().hex[:8]}",
        }
    )
    template = _template(settings, demo, env)
    pg_database = _copy_template(template, env, name, port)
    if extra_env:
        env.update(extra_env)
    server = Server(
        name=name, port=port, url=url, env=env, workdir=workdir, pg_database=pg_database
    )
    try:
        web = server.start_web(port, ws_max_size=ws_max_size)
        if worker:
            server.start_worker()
        wait_until_up(url + "/healthz", web)
    except BaseException:
        server.stop()
        raise
    return server


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@contextlib.contextmanager
def federated_pair(workdir: Path, **kwargs):
    """Two sites, A and B, each with its network actor named after it ("LIKE A", "LIKE B"),
    stopped on exit: the cast of every test of federation between two real servers."""
    a = start_site(workdir, "a", **kwargs)
    try:
        b = start_site(workdir, "b", **kwargs)
    except BaseException:
        a.stop()
        raise
    try:
        for site in (a, b):
            site.manage("federation_ensure_network_actor", "--name", f"LIKE {site.name.upper()}")
        yield a, b
    finally:
        for site in (a, b):
            site.stop()
