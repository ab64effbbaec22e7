"""The generated secret key (issue 11, case 9): concurrent first starts all read one key; a key
file other users can read is made private with a warning; a store in a world-writable folder
does not get its key there; the SQLite store file itself is created 0600."""

from __future__ import annotations

import logging
import multiprocessing
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from connectors.apis import credentials
from connectors.apis.credentials import load_or_create_key
from connectors.apis.registry import default_key_file
from connectors.store import Store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _first_start(barrier: Any, path: Path, keys: Any) -> None:
    barrier.wait()  # all twenty reach the empty folder together
    keys.put(load_or_create_key(path))


@pytest.mark.parametrize("trial", range(3))
def test_twenty_concurrent_first_starts_read_one_key(
    tmp_path: Path, trial: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = credentials.secrets_mod.token_urlsafe

    def slow_token(size: int) -> str:  # widens the window between "no file yet" and writing
        time.sleep(0.2)
        return real(size)

    monkeypatch.setattr(credentials.secrets_mod, "token_urlsafe", slow_token)
    path = tmp_path / f"data{trial}" / "secret.key"
    context = multiprocessing.get_context("fork")
    barrier, keys = context.Barrier(20), context.Queue()
    workers = [context.Process(target=_first_start, args=(barrier, path, keys)) for _ in range(20)]
    for worker in workers:
        worker.start()
    found = [keys.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert len(set(found)) == 1 and len(found[0]) >= 40
    assert path.read_text(encoding="utf-8") == found[0]
    assert _mode(path) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["secret.key"]  # no temporaries


def test_a_world_readable_key_file_is_made_private_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "secret.key"
    path.write_text("an-old-key\n", encoding="utf-8")
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        assert load_or_create_key(path) == "an-old-key"
    assert _mode(path) == 0o600
    assert "was readable by other users (mode 644); now 0600" in caplog.text


def test_a_key_file_that_cannot_be_made_private_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from connectors.errors import AuthError

    path = tmp_path / "secret.key"
    path.write_text("shared", encoding="utf-8")
    path.chmod(0o644)

    def refuse(*_: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    with pytest.raises(AuthError, match=r"can be read by other users .* cannot be made private"):
        load_or_create_key(path)


def test_a_store_in_a_world_writable_folder_keeps_its_key_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home-data"))
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with caplog.at_level(logging.WARNING):
        key_file = default_key_file(f"sqlite:///{shared / 'boneload.sqlite'}")
    assert key_file == tmp_path / "home-data" / "boneload" / "secret.key"
    assert "can be written by other users" in caplog.text
    private = tmp_path / "mine"
    private.mkdir(mode=0o700)
    assert default_key_file(f"sqlite:///{private / 'b.sqlite'}") == private / "secret.key"
    assert default_key_file("postgresql+psycopg://h/db") is None


def test_the_sqlite_store_file_is_created_0600(tmp_path: Path) -> None:
    path = tmp_path / "new" / "boneload.sqlite"
    Store(f"sqlite:///{path}").close()
    assert _mode(path) == 0o600
