"""The CLI's SQLite import without SQLAlchemy (issue 12): stdlib sqlite3 and the same import code
as the Store (connectors/store/ingest.py over a dbapi.SqliteRunner).

`boneload import` into a SQLite file uses a LiteStore when the file is new or holds exactly the
schema version of connectors/store/lite_ddl.py; any other store (an older version that needs
migrating, a newer one, PostgreSQL, an in-memory URL) opens the full Store. A new file gets the
schema the migrations produce, statement for statement as SQLite records it (lite_ddl.py, made
from a migrated store by `uv run python -m connectors.store.lite`; a test checks they agree), so
the full Store opens it as its own and runs any later migration on it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connectors.errors import StoreError
from connectors.results import ReadResult
from connectors.store import ingest, lite_ddl, locking
from connectors.store.dbapi import SqliteRunner, create_private
from connectors.store.dedupe import MatchRules
from connectors.store.summary import ImportSummary

if TYPE_CHECKING:
    from connectors.store.store import Store

_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


class NotLite(Exception):
    """This store needs the full Store (migrations, another schema version)."""


def sqlite_path(url: str) -> Path | None:
    """The file of a plain SQLite URL (sqlite:///relative or sqlite:////absolute), else None."""
    for prefix in _PREFIXES:
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            odd = rest.startswith(("file:", "~")) or "?" in rest  # the full Store decides those
            if rest and rest != ":memory:" and not odd:
                return Path(rest)
    return None


class LiteStore:
    """What `boneload import` needs of a store (settings, ingest, refusals), on a SQLite file."""

    def __init__(
        self,
        url: str,
        *,
        rules: MatchRules | None = None,
        lock_timeout_s: float = locking.LOCK_TIMEOUT_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        path = sqlite_path(url)
        if path is None:
            raise NotLite(url)
        self.url, self.rules = url, rules or MatchRules()
        self._retry = {"attempts": locking.ATTEMPTS, "sleep": sleep, "waited_s": lock_timeout_s}
        self._full: Store | None = None
        try:
            create_private(path)
            self.connection = sqlite3.connect(path, timeout=lock_timeout_s, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store at {url}: {exc}") from exc
        try:
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA foreign_keys=ON")
            self.version = self._ensure_schema()
        except sqlite3.Error as exc:  # not a database, unreadable
            self.connection.close()
            raise StoreError(f"cannot open the store at {url}: {exc}") from exc
        except BaseException:
            self.connection.close()
            raise

    def _ensure_schema(self) -> int:
        with self._transaction(immediate=True) as db:  # two new stores at once: one creates
            names = {r[0] for r in db.rows("SELECT name FROM sqlite_master WHERE type='table'")}
            if not names:
                for statement in lite_ddl.STATEMENTS:
                    db.run(statement)
                now = datetime.now(UTC).replace(tzinfo=None)
                db.many(
                    "INSERT INTO schema_version (version, applied_at, description) "
                    "VALUES (?, ?, ?)",
                    [(version, db.time(now), text) for version, text in lite_ddl.STEPS],
                )
                return lite_ddl.VERSION
            if "schema_version" in names:
                ((version,),) = db.rows("SELECT MAX(version) FROM schema_version")
                if version == lite_ddl.VERSION:
                    return lite_ddl.VERSION
        raise NotLite("this store needs migrating")

    @contextmanager
    def _transaction(self, immediate: bool = False) -> Iterator[SqliteRunner]:
        """BEGIN ... COMMIT, rolled back whole on any error; database errors as StoreError
        (a lock wait that timed out as StoreBusy), as the full Store's engine reports them."""
        try:
            self.connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield SqliteRunner(self.connection)
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")
        except sqlite3.Error as exc:
            if locking.is_busy(exc):
                message = f"the store is busy (another import or sync is writing): {exc}"
                raise locking.StoreBusy(message) from exc
            raise StoreError(f"the store could not be read or written: {exc}") from exc

    def close(self) -> None:
        self.connection.close()
        if self._full is not None:
            self._full.close()

    def full_store(self) -> Store:
        """The full Store on the same file, for what only it does (streams of FIT, TCX and GPX
        files): opened once, when first needed."""
        if self._full is None:
            from connectors.store.store import Store

            self._full = Store(self.url, rules=self.rules)
        return self._full

    # ---- settings ----------------------------------------------------------------------------
    def load_settings(self, owner: str) -> dict[str, Any]:
        with self._transaction() as db:
            rows = db.rows('SELECT "key", value FROM settings WHERE owner = ?', (owner,))
        return {key: db.read_json(value) for key, value in rows}

    def save_settings(self, values: Mapping[str, Any], owner: str) -> None:
        def save() -> None:
            with self._transaction() as db:
                for key, value in values.items():
                    text = json.dumps(value)  # refuse what cannot be stored before writing
                    db.run('DELETE FROM settings WHERE owner = ? AND "key" = ?', (owner, key))
                    db.run(
                        'INSERT INTO settings (owner, "key", value) VALUES (?, ?, ?)',
                        (owner, key, text),
                    )

        locking.with_retries(save, **self._retry)

    # ---- imports -----------------------------------------------------------------------------
    def ingest(self, result: ReadResult, file_name: str, owner: str) -> ImportSummary:
        """Store.ingest on this file: one transaction, the owner's lock, retried when busy."""

        def run() -> ImportSummary:
            with self._transaction() as db:
                locking.lock(db, owner)
                return ingest.run(db, result, file_name, owner, self.rules)

        return locking.with_retries(run, **self._retry)

    def record_refusal(self, file_name: str, reason: str, owner: str) -> ImportSummary:
        with self._transaction() as db:
            return ingest.refusal(db, file_name, reason, owner)


def open_for_import(url: str) -> LiteStore | Store:
    """A LiteStore when `url` is a SQLite file it can write as it is, else the full Store."""
    if sqlite_path(url) is not None:
        try:
            return LiteStore(url)
        except NotLite:
            pass
    from connectors.store.store import Store

    return Store(url)


def render() -> str:
    """lite_ddl.py's text, from a store the migrations made (imports SQLAlchemy)."""
    import tempfile

    from connectors.store.migrations import MIGRATIONS
    from connectors.store.store import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "migrated.sqlite"
        Store(f"sqlite:///{path}").close()
        connection = sqlite3.connect(path)
        statements = [
            r[0]
            for r in connection.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
            )
        ]
        connection.close()
    steps = "".join(f"    ({m.version}, {m.description!r}),\n" for m in MIGRATIONS)
    ddl = "".join(f"    {s!r},\n" for s in statements)
    return (
        "# ruff: noqa: E501\n"
        '"""The SQLite schema the migrations produce, as SQLite records it (sqlite_master), for\n'
        "connectors/store/lite.py. Generated; after adding a migration run\n"
        '`uv run python -m connectors.store.lite > connectors/store/lite_ddl.py`."""\n\n'
        "# fmt: off\n"
        f"VERSION = {MIGRATIONS[-1].version}\n"
        f"STEPS = (\n{steps})\n"
        f"STATEMENTS = (\n{ddl})\n"
    )


if __name__ == "__main__":
    print(render(), end="")
