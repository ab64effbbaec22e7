"""The one sync loop: every API source, the page, the CLI and cron go through `sync`.

- First sync: the whole history, page by page. Later syncs ask for activities starting after
  the cursor (the latest start a completed listing saw) minus a day of overlap, and once a week
  list everything again (uploads dated in the past, deletions of old activities).
- Each page is stored before the next is asked for (Store.ingest, one transaction), and the
  page to resume from is saved after it, so a sync killed midway loses nothing and a rerun
  doubles nothing (known (source, source_id) pairs are never inserted twice).
- Rows already stored from the same source get the fields that changed upstream; after a
  listing that completed, rows the source no longer lists are unlinked (their activity goes
  only when no other source feeds it). A feed whose listing reaches back only so far (a
  `horizon`, Polar's 30 days) never has older rows judged deleted.
- Rate limits: the feed raises RateLimited before crossing one; the state records when the next
  window opens and the page to resume from. AuthError marks the connection for reconnecting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import polars as pl

from connectors.apis.feed import ActivityFeed
from connectors.apis.http import Clock
from connectors.errors import AuthError, BoneloadError, RateLimited
from connectors.results import ReadResult
from connectors.store import Store
from connectors.store.connections import SyncState, load_state, save_state
from connectors.store.upstream import known_ids, remove_gone, update_known

OVERLAP = timedelta(days=1)
FULL_LISTING_EVERY = timedelta(days=7)
DELETE_MARGIN = timedelta(hours=1)
"""Rows starting this close to the start of an incremental listing are never judged deleted:
the stored start may come from another device a few minutes earlier than the source's."""

Progress = Callable[[int, str], None]
"""Called with the number of pages stored so far and what is happening."""

OK, WAITING, RATE_LIMITED, RECONNECT, ERROR = "ok", "waiting", "rate_limited", "reconnect", "error"


@dataclass
class SyncReport:
    provider: str
    status: str = OK
    new: int = 0
    merged: int = 0
    updated: int = 0
    removed: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    next_allowed_at: datetime | None = None
    message: str = ""

    def describe(self) -> str:
        """One line for a person: what came, and when the next sync may run."""
        parts = []
        if self.pages or self.status == OK:
            parts.append(
                f"{self.new} new, {self.merged} merged, {self.updated} updated, "
                f"{self.removed} removed ({self.pages} pages)"
            )
        if self.message:
            parts.append(self.message)
        if self.next_allowed_at is not None:
            parts.append(f"next sync allowed at {self.next_allowed_at:%Y-%m-%d %H:%M} UTC")
        return f"{self.provider}: " + "; ".join(parts)


def _epoch(value: datetime) -> int:
    return int(value.timestamp())


def _from_epoch(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


def _plan(state: SyncState, now: datetime, full: bool) -> tuple[datetime | None, int, bool]:
    """(after, first page, resumed) for this run."""
    if state.resume_page is not None and not full:
        page = max(1, state.resume_page - 1)  # one page back: deletions may shift the listing
        return _from_epoch(state.resume_after_epoch), page, True
    stale = state.last_full_sync_at is None or now - state.last_full_sync_at > FULL_LISTING_EVERY
    if full or state.cursor_epoch is None or stale:
        return None, 1, False
    return _from_epoch(state.cursor_epoch - int(OVERLAP.total_seconds())), 1, False


def sync(
    store: Store,
    feed: ActivityFeed,
    owner: str,
    clock: Clock,
    *,
    full: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Bring `feed` up to date in the store for `owner`. Never raises for rate limits or auth:
    the report's status says what happened (ok, waiting, rate_limited, reconnect, error)."""
    report = SyncReport(feed.provider)
    state = load_state(store, owner, feed.provider)
    now = clock()
    if not force and state.next_allowed_at is not None and state.next_allowed_at > now:
        report.status, report.next_allowed_at = WAITING, state.next_allowed_at
        report.message = "waiting for the provider's rate limit window"
        return report
    after, first_page, resumed = _plan(state, now, full)
    state.last_status, state.last_error, state.next_allowed_at = "running", None, None
    save_state(store, owner, feed.provider, state)
    seen: set[str] = set()
    latest = state.cursor_epoch
    page_number, counted = first_page, 0
    try:
        for page in feed.pages(after, first_page):
            page_number = page.number
            _store_page(store, feed, owner, page.result, report)
            seen.update(page.seen_ids)
            starts = page.result.frame["start_utc"]
            if starts.len() and starts.max() is not None:
                newest = _epoch(starts.max())
                latest = newest if latest is None else max(latest, newest)
            report.pages += 1
            state.resume_page = page.number + 1
            state.resume_after_epoch = None if after is None else _epoch(after)
            state.activities_brought += report.new - counted
            counted = report.new
            save_state(store, owner, feed.provider, state)
            if progress:
                progress(report.pages, f"page {page.number}: {report.new} new so far")
            page_number = page.number + 1
    except RateLimited as exc:
        state.resume_page = page_number
        state.resume_after_epoch = None if after is None else _epoch(after)
        return _finish(store, owner, feed, state, report, clock, RATE_LIMITED, exc, exc.until)
    except AuthError as exc:
        return _finish(store, owner, feed, state, report, clock, RECONNECT, exc, None)
    except BoneloadError as exc:
        return _finish(store, owner, feed, state, report, clock, ERROR, exc, None)
    if not resumed:
        _remove_gone(store, feed, owner, seen, after, report)
        if after is None:
            state.last_full_sync_at = clock()
    state.cursor_epoch = latest
    state.resume_page = state.resume_after_epoch = None
    pause = getattr(feed, "pause", None)
    until = pause.until if pause is not None and pause.until > clock() else None
    return _finish(store, owner, feed, state, report, clock, OK, None, until)


def _store_page(
    store: Store, feed: ActivityFeed, owner: str, result: ReadResult, report: SyncReport
) -> None:
    frame = result.frame
    known = known_ids(store, owner, feed.source, frame["source_id"].to_list())
    fresh = frame.filter(~pl.col("source_id").is_in(list(known)))
    if fresh.height or result.problems:
        piece = ReadResult(result.format, fresh, result.problems, result.warnings)
        summary = store.ingest(piece, f"{feed.provider} sync", owner)
        report.new += summary.new
        report.merged += summary.merged
    report.updated += update_known(store, frame, owner)
    report.problems.extend(str(p) for p in result.problems)
    report.warnings.extend(result.warnings)


def _remove_gone(
    store: Store,
    feed: ActivityFeed,
    owner: str,
    seen: set[str],
    after: datetime | None,
    report: SyncReport,
) -> None:
    if after is None and not seen:
        if store.sources(owner).filter(pl.col("source") == feed.source).height:
            report.warnings.append(
                f"{feed.provider} listed no activities at all; nothing was removed"
            )
        return
    since = None if after is None else after + DELETE_MARGIN
    horizon = getattr(feed, "horizon", None)
    if horizon is not None:  # the source lists nothing older (Polar: 30 days)
        since = horizon + DELETE_MARGIN if since is None else max(since, horizon + DELETE_MARGIN)
    report.removed = remove_gone(store, owner, feed.source, seen, since)


def _finish(
    store: Store,
    owner: str,
    feed: ActivityFeed,
    state: SyncState,
    report: SyncReport,
    clock: Clock,
    status: str,
    error: Exception | None,
    until: datetime | None,
) -> SyncReport:
    state.last_sync_at = clock()
    state.last_status = status
    state.last_error = str(error) if error is not None else None
    state.next_allowed_at = until
    save_state(store, owner, feed.provider, state)
    report.status, report.next_allowed_at = status, until
    if error is not None:
        report.message = str(error)
    return report
