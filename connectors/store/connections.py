"""Stored API connections (tokens encrypted at rest) and the sync state of each source.

Tokens are encrypted with a TokenCipher before they touch the database and decrypted only to
make a request; StoredTokens is the TokenSource a client uses, so a refreshed (rotated) refresh
token replaces the old one in the same breath.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime

import sqlalchemy as sa

from connectors.apis.tokens import TokenCipher, Tokens
from connectors.errors import AuthError
from connectors.store.connection_tables import connections, sync_state
from connectors.store.store import Store


def _naive(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def save_tokens(
    store: Store,
    owner: str,
    provider: str,
    tokens: Tokens,
    cipher: TokenCipher,
    now: datetime,
) -> None:
    """Insert or replace the connection; keeps the first connected_at of a connection."""
    c = connections
    with store.engine.begin() as conn:
        connected_at = conn.execute(
            sa.select(c.c.connected_at).where(c.c.owner == owner, c.c.provider == provider)
        ).scalar()
        conn.execute(c.delete().where(c.c.owner == owner, c.c.provider == provider))
        conn.execute(
            c.insert().values(
                owner=owner,
                provider=provider,
                athlete_id=tokens.athlete_id,
                access_token_enc=cipher.encrypt(tokens.access_token),
                refresh_token_enc=cipher.encrypt(tokens.refresh_token),
                expires_at=_naive(tokens.expires_at),
                scope=tokens.scope,
                connected_at=connected_at or _naive(now),
            )
        )


def load_tokens(store: Store, owner: str, provider: str, cipher: TokenCipher) -> Tokens | None:
    c = connections
    with store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(c).where(c.c.owner == owner, c.c.provider == provider))
            .mappings()
            .first()
        )
    if row is None:
        return None
    return Tokens(
        access_token=cipher.decrypt(row["access_token_enc"]),
        refresh_token=cipher.decrypt(row["refresh_token_enc"]),
        expires_at=_aware(row["expires_at"]) or datetime(1970, 1, 1, tzinfo=UTC),
        scope=row["scope"] or "",
        athlete_id=row["athlete_id"],
    )


def delete_tokens(store: Store, owner: str, provider: str) -> None:
    """Disconnect: the tokens are gone; activities and sync history stay."""
    c = connections
    with store.engine.begin() as conn:
        conn.execute(c.delete().where(c.c.owner == owner, c.c.provider == provider))


def connected_at(store: Store, owner: str, provider: str) -> datetime | None:
    c = connections
    with store.engine.connect() as conn:
        value = conn.execute(
            sa.select(c.c.connected_at).where(c.c.owner == owner, c.c.provider == provider)
        ).scalar()
    return _aware(value)


class StoredTokens:
    """TokenSource backed by the store: load decrypts, save encrypts and replaces."""

    def __init__(
        self, store: Store, owner: str, provider: str, cipher: TokenCipher, now: datetime
    ) -> None:
        self.store, self.owner, self.provider = store, owner, provider
        self.cipher, self.now = cipher, now

    def load(self) -> Tokens:
        tokens = load_tokens(self.store, self.owner, self.provider, self.cipher)
        if tokens is None:
            raise AuthError(f"not connected yet: connect {self.provider} on the Connections page")
        return tokens

    def save(self, tokens: Tokens) -> None:
        save_tokens(self.store, self.owner, self.provider, tokens, self.cipher, self.now)

    def __repr__(self) -> str:
        return f"StoredTokens(owner={self.owner!r}, provider={self.provider!r})"


@dataclass
class SyncState:
    """Where a source's sync stands. Times are aware UTC; cursor_epoch is the latest activity
    start seen by a completed listing (epoch seconds)."""

    cursor_epoch: int | None = None
    last_sync_at: datetime | None = None
    last_full_sync_at: datetime | None = None
    last_status: str | None = None
    last_error: str | None = None
    next_allowed_at: datetime | None = None
    activities_brought: int = 0
    resume_page: int | None = None
    resume_after_epoch: int | None = None


_TIMES = ("last_sync_at", "last_full_sync_at", "next_allowed_at")


def load_state(store: Store, owner: str, provider: str) -> SyncState:
    t = sync_state
    with store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(t).where(t.c.owner == owner, t.c.provider == provider))
            .mappings()
            .first()
        )
    if row is None:
        return SyncState()
    values = {f.name: row[f.name] for f in fields(SyncState)}
    for name in _TIMES:
        values[name] = _aware(values[name])
    values["activities_brought"] = values["activities_brought"] or 0
    return SyncState(**values)


def save_state(store: Store, owner: str, provider: str, state: SyncState) -> None:
    t = sync_state
    values = asdict(state)
    for name in _TIMES:
        values[name] = _naive(values[name])
    with store.engine.begin() as conn:
        conn.execute(t.delete().where(t.c.owner == owner, t.c.provider == provider))
        conn.execute(t.insert().values(owner=owner, provider=provider, **values))
