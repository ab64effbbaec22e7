"""Real databases for the store tests: a SQLite file, and a PostgreSQL server started here.

The server is Debian's PostgreSQL (initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH),
run on 127.0.0.1 at a free port with its socket in a temporary folder, and stopped at the end.
PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (created by the
Debian package), or a `boneload-pg` user made with useradd when that is missing.
Off CI a machine without PostgreSQL skips the postgres tests; on CI (CI=true) that fails.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_USER_FALLBACK = "boneload-pg"
_db_counter = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin_dir() -> Path | None:
    """The newest PostgreSQL bin folder holding initdb and pg_ctl, if any."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must have PostgreSQL: {reason}")
    pytest.skip(reason)


def _server_user() -> str | None:
    """A non-root user to run the server as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", PG_USER_FALLBACK):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
         PG_USER_FALLBACK],
        check=True, capture_output=True,
    )  # fmt: skip
    return PG_USER_FALLBACK


def _run(command: list[str], user: str | None) -> subprocess.CompletedProcess[str]:
    if user is not None:
        command = ["runuser", "-u", user, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[sa.URL]:
    """A running PostgreSQL server; yields the URL of its `postgres` maintenance database."""
    bin_dir = _pg_bin_dir()
    if bin_dir is None:
        _missing("PostgreSQL is not installed (apt-get install postgresql)")
    assert bin_dir is not None
    user = _server_user()
    # Not under pytest's tmp folder: that one is private to root, and the server user must
    # reach its data folder.
    root = Path(tempfile.mkdtemp(prefix="boneload-pg-"))
    data, log = root / "data", root / "server.log"
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    try:
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
              "--encoding=UTF8", "--no-sync"], user)  # fmt: skip
        options = (
            f"-k {root} -p {port} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
              "-w", "-t", "60", "start"], user)  # fmt: skip
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(root, ignore_errors=True)
        _missing(f"PostgreSQL would not start: {exc}")
    try:
        yield sa.URL.create(
            "postgresql+psycopg", username="postgres", host="127.0.0.1", port=port,
            database="postgres",
        )  # fmt: skip
    finally:
        try:
            _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], user)
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_admin(postgres_server: sa.URL) -> Iterator[sa.Engine]:
    """An autocommit engine on the maintenance database, for CREATE/DROP DATABASE."""
    engine = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    yield engine
    engine.dispose()


def _create_database(admin: sa.Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))


@pytest.fixture(scope="session")
def postgres_url(postgres_server: sa.URL, postgres_admin: sa.Engine) -> str:
    """SQLAlchemy URL of the `boneload` database on the test server."""
    _create_database(postgres_admin, "boneload")
    return postgres_server.set(database="boneload").render_as_string(hide_password=False)


@pytest.fixture
def fresh_postgres_url(postgres_server: sa.URL, postgres_admin: sa.Engine) -> Iterator[str]:
    """A new, empty database for one test, dropped afterwards (open connections included)."""
    name = f"boneload_test_{os.getpid()}_{next(_db_counter)}"
    _create_database(postgres_admin, name)
    yield postgres_server.set(database=name).render_as_string(hide_password=False)
    with postgres_admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A real SQLite file in the test's own folder."""
    return f"sqlite:///{tmp_path / 'boneload.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """The same test on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("fresh_postgres_url")
