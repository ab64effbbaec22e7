"""One small tree of errors for everything that talks to the outside world.

Pages and the CLI catch BoneloadError and show its message; anything else is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `boneload --help` imports this module; datetime is only an annotation here
    from datetime import datetime


class BoneloadError(Exception):
    """Base of every error boneload raises on purpose. The message is meant for a person."""


class BadFile(BoneloadError):
    """A file (or one row or element of it) that cannot be read."""

    def __init__(self, file: str, reason: str, row: int | None = None) -> None:
        self.file = file
        self.row = row
        self.reason = reason
        where = f"{file}, row {row}" if row is not None else file
        super().__init__(f"{where}: {reason}")


class UnsafeFile(BadFile):
    """A file refused for safety: entity expansion, zip bombs, paths escaping an archive."""


class StoreError(BoneloadError):
    """The store could not be opened, migrated or written."""


class ConfigError(BoneloadError):
    """The deployment's configuration (secrets.toml) cannot be read: boneload stops (fails
    closed) rather than run as if it were empty."""


class AuthError(BoneloadError):
    """Credentials missing, expired or revoked: the user has to (re)connect."""


class RateLimited(BoneloadError):
    """An API's rate limit was reached; try again at `until` (UTC)."""

    def __init__(self, message: str, until: datetime | None = None) -> None:
        self.until = until
        super().__init__(message)
