"""Each OAuth state works once: its hash is claimed in the store before the code is exchanged.

A replayed state (the same redirect URL opened again, or captured and reused within its 10
minutes) finds its hash taken and is refused. Hashes older than the states' lifetime are pruned
on the way: such states are refused as expired anyway.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from connectors.errors import AuthError, StoreError
from connectors.store.store import Store

KEEP = timedelta(minutes=30)

oauth_states_used = sa.Table(
    "oauth_states_used",
    sa.MetaData(),
    sa.Column("state_hash", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("used_at", sa.DateTime, nullable=False),
)


def claim(store: Store, state: str, owner: str, now: datetime) -> None:
    """Mark `state` used for `owner`; AuthError when it was used before."""
    digest = hashlib.sha256(state.encode("utf-8")).hexdigest()
    naive = now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now
    t = oauth_states_used
    try:
        with store.engine.begin() as conn:
            conn.execute(t.delete().where(t.c.used_at < naive - KEEP))
            taken = conn.execute(sa.select(t.c.owner).where(t.c.state_hash == digest)).first()
            if taken is None:
                conn.execute(t.insert().values(state_hash=digest, owner=owner, used_at=naive))
    except StoreError as exc:  # two redirects with the same state at once: one wins
        raise AuthError("this sign-in link was already used: start Connect again") from exc
    if taken is not None:
        raise AuthError("this sign-in link was already used: start Connect again")
