"""classify(): which incoming rows are new, the same workout as a stored one, or seen before."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from connectors.schema import stable_id
from connectors.store.dedupe import MERGED, NEW, SKIPPED, MatchRules, classify
from tests.factories import DEFAULT_START, make_activity, make_frame

NO_SOURCES = pl.DataFrame(schema={"source": pl.String, "source_id": pl.String})


def _existing(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select("activity_id", "sport", "start_utc", "elapsed_s")


def _stored(**overrides: object) -> pl.DataFrame:
    return make_frame([make_activity(source="strava_export", source_id="1", **overrides)])


def _incoming(**overrides: object) -> pl.DataFrame:
    return make_frame([make_activity(source="fit", source_id="w1", **overrides)])


def _decide(
    incoming: pl.DataFrame, stored: pl.DataFrame, rules: MatchRules | None = None
) -> list[tuple[str, str]]:
    decided = classify(incoming, _existing(stored), NO_SOURCES, rules or MatchRules())
    return decided.select("status", "target_id").rows()


@pytest.mark.parametrize(
    ("offset_s", "expected"),
    [(0, MERGED), (90, MERGED), (-299, MERGED), (300, MERGED), (301, NEW), (-1200, NEW)],
)
def test_start_window(offset_s: int, expected: str) -> None:
    incoming = _incoming(start_utc=DEFAULT_START + timedelta(seconds=offset_s))
    target = "strava_export:1" if expected == MERGED else "fit:w1"
    assert _decide(incoming, _stored()) == [(expected, target)]


@pytest.mark.parametrize(
    ("stored_s", "incoming_s", "expected"),
    [
        (1800.0, 1836.0, MERGED),  # 2% longer
        (1800.0, 2117.0, MERGED),  # 317 s apart, 15% of the longer is 317.55
        (1800.0, 2118.0, NEW),  # 318 s apart, 15% of 2118 is 317.7
        (1800.0, 2520.0, NEW),  # 40% longer
        (600.0, 780.0, MERGED),  # short sessions: the 3-minute floor
        (600.0, 781.0, NEW),
        (780.0, 600.0, MERGED),  # symmetric
    ],
)
def test_duration_tolerance(stored_s: float, incoming_s: float, expected: str) -> None:
    stored = _stored(elapsed_s=stored_s, moving_s=stored_s)
    incoming = _incoming(elapsed_s=incoming_s, moving_s=incoming_s)
    assert _decide(incoming, stored)[0][0] == expected


@pytest.mark.parametrize(
    ("stored_sport", "incoming_sport", "expected"),
    [
        ("run", "run", MERGED),
        ("walk", "hike", MERGED),
        ("hike", "walk", MERGED),
        ("walk", "walk", MERGED),
        ("other", "other", MERGED),
        ("run", "walk", NEW),
        ("run", "hike", NEW),
        ("ride", "run", NEW),
        ("swim", "other", NEW),
    ],
)
def test_sport_families(stored_sport: str, incoming_sport: str, expected: str) -> None:
    stored = _stored(sport=stored_sport)
    incoming = _incoming(sport=incoming_sport, start_utc=DEFAULT_START + timedelta(seconds=60))
    assert _decide(incoming, stored)[0][0] == expected


def test_custom_rules() -> None:
    incoming = _incoming(start_utc=DEFAULT_START + timedelta(seconds=400), elapsed_s=1900.0)
    assert _decide(incoming, _stored())[0][0] == NEW
    wide = MatchRules(window_s=600)
    assert _decide(incoming, _stored(), wide) == [(MERGED, "strava_export:1")]
    strict = MatchRules(window_s=600, duration_tolerance=0.01, duration_floor_s=60.0)
    assert _decide(incoming, _stored(), strict)[0][0] == NEW


def test_the_nearest_stored_activity_is_the_target() -> None:
    stored = make_frame(
        [
            make_activity(source_id="before", start_utc=DEFAULT_START - timedelta(seconds=200)),
            make_activity(source_id="after", start_utc=DEFAULT_START + timedelta(seconds=100)),
        ]
    )
    assert _decide(_incoming(), stored) == [(MERGED, "test:after")]


def test_known_source_is_skipped_wherever_it_starts() -> None:
    stored = _stored()
    moved = _incoming(start_utc=DEFAULT_START + timedelta(days=3), sport="ride")
    known = pl.DataFrame({"source": ["fit"], "source_id": ["w1"]})
    decided = classify(moved, _existing(stored), known)
    assert decided["status"].to_list() == [SKIPPED]


def test_a_stored_activity_id_from_an_unknown_source_merges_into_itself() -> None:
    stored = _stored(start_utc=DEFAULT_START)
    again = make_frame([make_activity(source="strava_export", source_id="1", sport="ride")])
    assert _decide(again, stored) == [(MERGED, "strava_export:1")]


def test_repeats_within_a_batch_are_skipped() -> None:
    row = make_activity(source="fit", source_id="w1")
    frame = make_frame([row, dict(row, name="copy")], check=False)
    decided = classify(frame, _existing(_stored().clear()), NO_SOURCES)
    assert decided.select("status", "name").rows() == [(NEW, "Morning Run"), (SKIPPED, "copy")]


def test_within_a_batch_rows_merge_into_the_earliest_start() -> None:
    starts = [(200, "gpx"), (0, "fit"), (400, "tcx"), (3 * 3600, "gpx")]  # s after DEFAULT_START
    rows = [
        make_activity(
            source=source, source_id=f"w{s}", start_utc=DEFAULT_START + timedelta(seconds=s)
        )
        for s, source in starts
    ]
    decided = classify(make_frame(rows), _existing(_stored().clear()), NO_SOURCES)
    # 200 joins 0; 400 is 400 s after the anchor at 0, so it starts a workout of its own.
    assert decided.select("source_id", "status", "target_id").rows() == [
        ("w200", MERGED, "fit:w0"),
        ("w0", NEW, "fit:w0"),
        ("w400", NEW, "tcx:w400"),
        ("w10800", NEW, "gpx:w10800"),
    ]


# ---- short efforts and rows of one source (issue 10) ----------------------------------------

# The shape of a real Garmin Connect Activities.csv of intervals recorded as separate activities
# (formats.md: "Several short activities minutes apart ... are distinct rows with distinct
# ids"): 20 runs of 1-3 minutes, each starting 3-5 minutes after the previous one.
INTERVALS = [(i * 240 + (i % 3) * 30, 60.0 + (i * 37) % 120) for i in range(20)]


def _intervals(source: str, shift_s: float = 0.0) -> pl.DataFrame:
    return make_frame(
        [
            make_activity(
                source=source,
                source_id=f"{source}{i}",
                start_utc=DEFAULT_START + timedelta(seconds=start + shift_s),
                elapsed_s=elapsed,
                moving_s=elapsed,
                distance_m=elapsed * 3.5,
            )
            for i, (start, elapsed) in enumerate(INTERVALS)
        ]
    )


def test_twenty_short_runs_of_one_source_stay_twenty() -> None:
    decided = classify(_intervals("garmin_csv"), _existing(_stored().clear()), NO_SOURCES)
    assert decided["status"].to_list() == [NEW] * 20


def test_a_second_file_of_the_same_source_with_other_ids_never_merges_into_it() -> None:
    stored = _intervals("garmin_csv")
    again = _intervals("garmin_csv", shift_s=20).with_columns(
        source_id=pl.col("source_id") + "b", activity_id=pl.col("activity_id") + "b"
    )
    existing = _existing(stored).with_columns(source=pl.lit("garmin_csv"))
    decided = classify(again, existing, NO_SOURCES)
    assert decided["status"].to_list() == [NEW] * 20


def test_the_same_intervals_from_another_source_merge_one_to_one() -> None:
    """Strava's copy of each effort starts a few seconds later: each joins its own effort."""
    stored = _intervals("garmin_csv")
    strava = _intervals("strava_export", shift_s=8)
    existing = _existing(stored).with_columns(source=pl.lit("garmin_csv"))
    decided = classify(strava, existing, NO_SOURCES)
    assert decided["status"].to_list() == [MERGED] * 20
    assert decided["target_id"].to_list() == stored["activity_id"].to_list()
    both = classify(pl.concat([stored, strava]), _existing(stored.clear()), NO_SOURCES)
    assert both["status"].value_counts().sort("status").rows() == [(MERGED, 20), (NEW, 20)]


@pytest.mark.parametrize(
    ("offset_s", "incoming_s", "expected"),
    [
        (0, 120.0, MERGED),  # the same 2-minute effort
        (20, 110.0, MERGED),  # a second device started 20 s late
        (240, 120.0, NEW),  # the next effort, 4 minutes later: within the window, no overlap
        (100, 120.0, NEW),  # overlaps by 20 s of 120: not the same effort
        (0, 290.0, NEW),  # within the 3-minute floor, but 120 s is under half of 290 s
    ],
)
def test_short_efforts_match_by_overlap_of_their_spans(
    offset_s: int, incoming_s: float, expected: str
) -> None:
    stored = _stored(elapsed_s=120.0, moving_s=120.0)
    incoming = _incoming(
        start_utc=DEFAULT_START + timedelta(seconds=offset_s),
        elapsed_s=incoming_s,
        moving_s=incoming_s,
    )
    assert _decide(incoming, stored)[0][0] == expected


def test_a_stored_activity_already_holding_the_source_is_passed_over() -> None:
    """A merged activity lists every source; a row of one of them goes elsewhere or is new."""
    stored = _existing(_stored()).with_columns(sources=pl.lit(["strava_export", "fit"]))
    assert _decide_with(stored) == [(NEW, "fit:w1")]
    stored = stored.with_columns(sources=pl.lit(["strava_export"]))
    assert _decide_with(stored) == [(MERGED, "strava_export:1")]


def _decide_with(existing: pl.DataFrame) -> list[tuple[str, str]]:
    decided = classify(_incoming(), existing, NO_SOURCES)
    return decided.select("status", "target_id").rows()


def test_output_keeps_rows_columns_and_order() -> None:
    later = make_activity(source_id="9")
    earlier = make_activity(source_id="3", start_utc=DEFAULT_START - timedelta(days=1))
    incoming = make_frame([later, earlier])
    decided = classify(incoming, _existing(_stored().clear()), NO_SOURCES)
    assert decided.columns == [*incoming.columns, "status", "target_id"]
    assert decided["source_id"].to_list() == ["9", "3"]
    empty = classify(incoming.clear(), _existing(incoming), NO_SOURCES)
    assert empty.height == 0
    assert empty.columns == decided.columns


# ---- a large frame against itself -----------------------------------------------------------

SPORTS = ("run", "walk", "hike", "ride", "run", "swim", "strength")


@pytest.fixture(scope="module")
def big() -> pl.DataFrame:
    """5,000 sessions, one every 9 hours, of varied sports and durations."""
    rows = [
        make_activity(
            source="strava_export",
            source_id=str(2**63 + i),
            sport=SPORTS[i % len(SPORTS)],
            start_utc=DEFAULT_START + timedelta(hours=9 * i),
            elapsed_s=600.0 + (i * 37) % 7200,
        )
        for i in range(5000)
    ]
    return make_frame(rows)


def test_big_frame_against_its_own_sources_is_all_skipped(big: pl.DataFrame) -> None:
    decided = classify(big, _existing(big), big.select("source", "source_id"))
    assert decided["status"].value_counts().rows() == [(SKIPPED, 5000)]


def test_big_frame_against_itself_merges_each_row_into_itself(big: pl.DataFrame) -> None:
    decided = classify(big, _existing(big), NO_SOURCES)
    assert decided["status"].value_counts().rows() == [(MERGED, 5000)]
    assert decided["target_id"].to_list() == big["activity_id"].to_list()


def test_big_frame_from_a_second_source_merges_one_to_one(big: pl.DataFrame) -> None:
    watch = big.with_columns(
        source=pl.lit("fit"),
        source_id=pl.lit("w") + pl.col("source_id"),
        start_utc=pl.col("start_utc") + pl.duration(seconds=75),
        elapsed_s=pl.col("elapsed_s") * 1.03,
    ).with_columns(activity_id=pl.col("source") + ":" + pl.col("source_id"))
    decided = classify(watch, _existing(big), NO_SOURCES)
    assert decided["status"].value_counts().rows() == [(MERGED, 5000)]
    assert decided["target_id"].to_list() == big["activity_id"].to_list()

    # Both sources in one batch, nothing stored yet: 5,000 new, 5,000 merged, none duplicated.
    both = pl.concat([watch, big])
    decided = classify(both, _existing(big.clear()), NO_SOURCES)
    counts = dict(decided["status"].value_counts().rows())
    assert counts == {NEW: 5000, MERGED: 5000}
    assert decided.filter(pl.col("status") == NEW)["source"].unique().to_list() == ["strava_export"]
    assert decided["target_id"].n_unique() == 5000
    merged = decided.filter(pl.col("status") == MERGED)
    assert merged["target_id"].to_list() == big["activity_id"].to_list()
    assert stable_id("strava_export", str(2**63)) == merged["target_id"][0]


@pytest.mark.parametrize(
    ("stored_source", "incoming_source", "offset_min", "expected"),
    [
        ("manual", "fit", 20, MERGED),  # a typed time is rough: 45 minutes either way
        ("fit", "manual", -44, MERGED),
        ("manual", "fit", 46, NEW),
        ("strava_export", "fit", 20, NEW),  # two devices keep the 5-minute window
        # two sessions logged by hand are two sessions: rows of one source never merge (issue 10)
        ("manual", "manual", 20, NEW),
    ],
)
def test_hand_logged_sessions_match_within_a_wider_window(
    stored_source: str, incoming_source: str, offset_min: int, expected: str
) -> None:
    stored = make_frame([make_activity(source=stored_source, source_id="s")])
    incoming = make_frame(
        [
            make_activity(
                source=incoming_source,
                source_id="i",
                start_utc=DEFAULT_START + timedelta(minutes=offset_min),
            )
        ]
    )
    existing = stored.select("activity_id", "sport", "start_utc", "elapsed_s", "source")
    decided = classify(incoming, existing, NO_SOURCES)
    assert decided["status"].to_list() == [expected]
