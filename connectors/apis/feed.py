"""The one interface the sync loop drives: a source of activity pages.

A feed lists activities that start after a moment, one page at a time, from `first_page`; it
raises RateLimited before a request that would cross a limit, AuthError when the grant is gone.
`seen_ids` holds every source id on the page, including rows that could not be mapped, so the
sync never mistakes an unreadable activity for a deleted one.
Optional attributes the sync reads when present: `pause` (a Pause after the last page: stop
before a rate limit) and `horizon` (aware UTC, set by `pages`: the source lists nothing that
started before it, so older stored rows are never judged deleted).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from connectors.results import ReadResult


@dataclass
class FeedPage:
    number: int
    result: ReadResult
    seen_ids: list[str] = field(default_factory=list)


class ActivityFeed(Protocol):
    provider: str
    """Key in the store's connections and sync_state ("strava", "intervals")."""
    source: str
    """The `source` written on each row ("strava_api")."""

    def pages(self, after: datetime | None, first_page: int) -> Iterator[FeedPage]: ...
