"""intervals.icu: activities with an API key (Settings > Developer Settings on intervals.icu).

Basic auth with the user name "API_KEY" and the key as password; athlete id 0 means the key's
owner. GET {base}/api/v1/athlete/0/activities?oldest=YYYY-MM-DD&newest=YYYY-MM-DD returns every
activity in the range as one JSON list (no paging), so a sync is one "page".
intervals.icu bridges Garmin, COROS, Suunto, Polar and Wahoo; activities it got from Strava come
back as stubs (Strava's terms), which are skipped with a note to connect Strava directly.

Mapping: id -> source_id, activity_id = stable_id("intervals", id), source "intervals_api";
start_date (UTC, "Z") and start_date_local (wall clock); timezone (IANA) or the athlete's zone;
type -> sport; distance m; moving_time, elapsed_time s; total_elevation_gain m;
average_heartrate, max_heartrate bpm; average_cadence (foot sports below 120 are taken as
per-leg and doubled, the rule of the Strava importers); calories kcal; icu_rpe 1-10; gear.name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests

from connectors.apis import replies
from connectors.apis.feed import FeedPage
from connectors.apis.http import Clock, Sleep, json_number, send
from connectors.apis.strava_mapping import parse_instant, parse_wall_clock
from connectors.errors import AuthError
from connectors.results import ReadResult, Row, RowProblem, finish
from connectors.schema import sport_family, stable_id

PROVIDER = "intervals.icu"
SOURCE = "intervals_api"
LABEL = "intervals.icu activities"
_FOOT = ("run", "walk", "hike")
_EPOCH = date(1970, 1, 1)


def is_strava_stub(item: Mapping[str, Any]) -> bool:
    return bool(item.get("_note")) or (
        str(item.get("source", "")).upper() == "STRAVA" and item.get("elapsed_time") is None
    )


def _zone(name: object, fallback: str) -> str:
    if isinstance(name, str) and name:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return fallback
        return name
    return fallback


def activity_row(item: Mapping[str, Any], fallback_zone: str) -> dict[str, object]:
    """One canonical row; ValueError naming what is missing."""
    if item.get("id") is None:
        raise ValueError("it has no id")
    source_id = str(item["id"])
    zone = _zone(item.get("timezone"), fallback_zone)
    local_text, utc_text = item.get("start_date_local"), item.get("start_date")
    if not local_text and not utc_text:
        raise ValueError(f"activity {source_id} has no start date")
    if utc_text:
        start_utc = parse_instant(str(utc_text))
        start_local = (
            parse_wall_clock(str(local_text))
            if local_text
            else start_utc.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        )
    else:
        start_local = parse_wall_clock(str(local_text))
        start_utc = parse_instant(start_local.replace(tzinfo=ZoneInfo(zone)).isoformat())
    elapsed = json_number(item.get("elapsed_time")) or json_number(item.get("moving_time"))
    if not elapsed:
        raise ValueError(f"activity {source_id} has no elapsed_time")
    sport_type = str(item.get("type") or "Workout")
    sport = sport_family(sport_type)
    cadence = json_number(item.get("average_cadence"))
    if sport in _FOOT and cadence is not None and cadence < 120:
        cadence *= 2
    gear = item.get("gear")
    rpe = json_number(item.get("icu_rpe"))
    return {
        "activity_id": stable_id("intervals", source_id),
        "source": SOURCE,
        "source_id": source_id,
        "sport": sport,
        "sport_type": sport_type,
        "name": item.get("name"),
        "start_utc": start_utc,
        "start_local": start_local,
        "timezone": zone,
        "elapsed_s": elapsed,
        "moving_s": json_number(item.get("moving_time")),
        "distance_m": json_number(item.get("distance")),
        "elevation_gain_m": json_number(item.get("total_elevation_gain")),
        "avg_hr": json_number(item.get("average_heartrate")) or None,
        "max_hr": json_number(item.get("max_heartrate")) or None,
        "avg_cadence_spm": cadence if cadence is None or cadence <= 300 else None,
        "gear": gear.get("name") if isinstance(gear, Mapping) else None,
        "rpe": rpe if rpe is not None and 0 <= rpe <= 10 else None,
        "calories": json_number(item.get("calories")),
    }


def activities_result(items: list[Mapping[str, Any]], fallback_zone: str) -> ReadResult:
    rows: list[Row] = []
    problems: list[RowProblem] = []
    stubs = 0
    for position, item in enumerate(items, start=1):
        if is_strava_stub(item):
            stubs += 1
            continue
        try:
            row = activity_row(item, fallback_zone)
        except (ValueError, TypeError) as exc:
            problems.append(RowProblem(LABEL, position, str(exc)))
            continue
        rows.append(Row(row, f"activity {row['source_id']}", position))
    warnings = []
    if stubs:
        warnings.append(
            f"{stubs} activities came to intervals.icu from Strava, which does not let "
            "intervals.icu share them: connect Strava directly for those"
        )
    return finish(SOURCE, LABEL, rows, problems=problems, warnings=warnings)


class IntervalsClient:
    """The key owner's intervals.icu activities as an ActivityFeed."""

    provider = "intervals"
    source = SOURCE

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        clock: Clock,
        sleep: Sleep,
        api_key: str,
        *,
        fallback_zone: str = "UTC",
    ) -> None:
        if not api_key:
            raise AuthError("intervals.icu needs an API key (INTERVALS_API_KEY)")
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.sleep = sleep
        self._auth = ("API_KEY", api_key)
        self.fallback_zone = fallback_zone
        self.pause = None

    def __repr__(self) -> str:
        return f"IntervalsClient(base_url={self.base_url!r}, api_key='***')"

    def activities(self, oldest: date, newest: date) -> list[dict[str, Any]]:
        params = {"oldest": oldest.isoformat(), "newest": newest.isoformat()}
        response = send(
            lambda: self.session.get(
                f"{self.base_url}/api/v1/athlete/0/activities",
                params=params,
                auth=self._auth,
                timeout=60,
            ),
            now=self.clock,
            sleep=self.sleep,
            provider=PROVIDER,
        )
        return replies.list_of_objects(
            replies.read_json(response, PROVIDER), PROVIDER, "activities"
        )

    def pages(self, after: datetime | None, first_page: int = 1) -> Iterator[FeedPage]:
        """One page: every activity from `after` (the whole history when None) to tomorrow."""
        oldest = after.date() if after is not None else _EPOCH
        newest = self.clock().date() + timedelta(days=1)
        items = self.activities(oldest, newest)
        seen = [str(i["id"]) for i in items if i.get("id") is not None and not is_strava_stub(i)]
        yield FeedPage(1, activities_result(items, self.fallback_zone), seen)
