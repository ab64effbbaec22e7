"""Where the store lives: one rule for the pages and the command line.

Order: an explicit URL (--db), then the BONELOAD_DB environment variable, then
`[connections.boneload] url` in .streamlit/secrets.toml (Streamlit's own convention), then a
SQLite file in the user's data folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from connectors.errors import ConfigError

ENV_VAR = "BONELOAD_DB"
OWNER_ENV = "BONELOAD_OWNER"
DEFAULT_OWNER = "local"  # the one owner of a local install without sign-in


def default_sqlite_url() -> str:
    from platformdirs import user_data_dir  # here: a given --db or BONELOAD_DB does not need it

    path = Path(user_data_dir("boneload", appauthor=False)) / "boneload.sqlite"
    return f"sqlite:///{path}"


def secrets_url(secrets: Mapping[str, object]) -> str | None:
    """The URL under [connections.boneload] in a parsed secrets mapping, if any."""
    connections = secrets.get("connections")
    if not isinstance(connections, Mapping):
        return None
    section = connections.get("boneload")
    if not isinstance(section, Mapping):
        return None
    url = section.get("url")
    return str(url) if url else None


def read_secrets_file(path: Path) -> Mapping[str, object]:
    """The parsed file; {} only when there is no file at all. A file that exists but cannot be
    read or parsed raises ConfigError: never treated as empty, which would drop sign-in and
    make every visitor the owner (fail closed)."""
    if not path.exists():
        return {}
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: it is not UTF-8 text ({exc})") from exc
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ConfigError(f"{path} cannot be read ({reason}); boneload does not start") from exc
    import tomllib  # here: without a secrets file the CLI does not pay for its regexes

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc


def check_secrets_files(paths: Iterable[str | Path]) -> None:
    """Raise ConfigError for the first secrets file in `paths` that exists and cannot be read
    (Streamlit's `secrets.files`); folders (Kubernetes-style secrets) are left to Streamlit."""
    for path in map(Path, paths):
        if not path.is_dir():
            read_secrets_file(path)


def secrets_exist(paths: Iterable[str | Path]) -> bool:
    return any(Path(path).exists() for path in paths)


def resolve_db_url(
    explicit: str | None = None,
    environ: Mapping[str, str] | None = None,
    secrets: Mapping[str, object] | None = None,
) -> str:
    """The store URL by the order in the module docstring."""
    if explicit:
        return explicit
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return env[ENV_VAR]
    if secrets is None:
        secrets = read_secrets_file(Path(".streamlit") / "secrets.toml")
    return secrets_url(secrets) or default_sqlite_url()


def resolve_owner(
    explicit: str | None = None,
    environ: Mapping[str, str] | None = None,
    secrets: Mapping[str, object] | None = None,
) -> str:
    """The owner a headless command (sync from cron, the CLI) reads and writes for: --owner,
    then BONELOAD_OWNER, then `[boneload] owner` in secrets.toml, then "local". Signed-in owners
    are named by their email (lower case), the same id the pages use."""
    env = os.environ if environ is None else environ
    if secrets is None:
        secrets = read_secrets_file(Path(".streamlit") / "secrets.toml")
    section = secrets.get("boneload")
    named = section.get("owner") if isinstance(section, Mapping) else None
    for candidate in (explicit, env.get(OWNER_ENV), named):
        if candidate is not None and str(candidate).strip():
            return normalise_owner(str(candidate))
    return DEFAULT_OWNER


def normalise_owner(name: str) -> str:
    """An owner id as the pages key it: emails lower case, "sub:<id>" kept as given."""
    name = name.strip()
    return name if name.startswith("sub:") else name.lower()
