"""Deciding, for each incoming activity, whether it is new, the same workout as a stored one, or
already imported. Pure Polars; the store applies the decision.

Two rows are the same workout when:
- their sport families are compatible (walk and hike count as one: watches and Strava disagree),
- their starts are within `window_s` seconds (default 5 minutes: devices start a few seconds
  or minutes apart, and a phone app may start before the watch), and
- their elapsed times differ by at most max(`duration_floor_s`, `duration_tolerance` x the
  longer one) (default 3 minutes or 15%).

A session logged by hand (source "manual") carries the time the person typed, often rounded:
when one side of a pair is manual and nothing matched within `window_s`, the start may be up
to `manual_window_s` apart (default 45 minutes); sport and duration must still agree. The store
then lets the device's measured numbers replace the typed ones and keeps what only the person
knows (pain, effort, note, repetitions): see connectors/store/merge.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

NEW, MERGED, SKIPPED = "new", "merged", "skipped"
MANUAL = "manual"


@dataclass(frozen=True)
class MatchRules:
    window_s: int = 300
    duration_tolerance: float = 0.15
    duration_floor_s: float = 180.0
    manual_window_s: int = 2700


def _match_key(sport: pl.Expr) -> pl.Expr:
    return pl.when(sport.is_in(["walk", "hike"])).then(pl.lit("foot")).otherwise(sport)


def _similar_duration(a: pl.Expr, b: pl.Expr, rules: MatchRules) -> pl.Expr:
    allowed = pl.max_horizontal(
        pl.lit(rules.duration_floor_s), pl.max_horizontal(a, b) * rules.duration_tolerance
    )
    return (a - b).abs() <= allowed


def classify(
    incoming: pl.DataFrame,
    existing: pl.DataFrame,
    known_sources: pl.DataFrame,
    rules: MatchRules = MatchRules(),
) -> pl.DataFrame:
    """Add `status` (new / merged / skipped) and `target_id` (the activity it lands in).

    incoming: canonical frame. existing: stored activity_id, sport, start_utc, elapsed_s and,
    optionally, source (needed for the wider window of hand-logged sessions).
    known_sources: stored (source, source_id) pairs. A skipped row was imported before from the
    same source; a merged row joins `target_id`, either a stored activity or an earlier row of
    the same batch; a new row becomes its own activity (target_id = its activity_id).
    """
    rows = incoming.with_row_index("_row")
    known = known_sources.select("source", "source_id").unique().with_columns(_known=pl.lit(True))
    rows = rows.join(known, on=["source", "source_id"], how="left").with_columns(
        pl.col("_known").fill_null(False)
    )
    # The same source id seen twice in one batch: the later copies are repeats.
    rows = rows.with_columns(
        _repeat=pl.col("_row").rank("ordinal").over("source", "source_id") > 1
    ).sort("_row")

    by_id = existing.select(pl.col("activity_id").alias("_same_id"), _id_hit=pl.lit(True))
    rows = rows.join(by_id, left_on="activity_id", right_on="_same_id", how="left")

    candidates = rows.filter(~pl.col("_known") & ~pl.col("_repeat") & pl.col("_id_hit").is_null())
    matched = _match_against(candidates, existing, rules)
    matched = pl.concat([matched, _match_manual(candidates, matched, existing, rules)])
    rows = rows.join(matched, on="_row", how="left")

    status = (
        pl.when(pl.col("_known") | pl.col("_repeat"))
        .then(pl.lit(SKIPPED))
        .when(pl.col("_id_hit").is_not_null() | pl.col("_stored_match").is_not_null())
        .then(pl.lit(MERGED))
        .otherwise(pl.lit(NEW))
    )
    target = (
        pl.when(pl.col("_id_hit").is_not_null())
        .then(pl.col("activity_id"))
        .otherwise(pl.coalesce("_stored_match", "activity_id"))
    )
    rows = rows.with_columns(status=status, target_id=target)
    rows = _merge_within_batch(rows, rules)
    return rows.sort("_row").drop(
        "_row", "_known", "_repeat", "_id_hit", "_stored_match", strict=False
    )


def _match_manual(
    rows: pl.DataFrame, matched: pl.DataFrame, existing: pl.DataFrame, rules: MatchRules
) -> pl.DataFrame:
    """Rows left unmatched where one side is a hand-logged session: the wider window."""
    if "source" not in existing.columns or rows.is_empty() or existing.is_empty():
        return matched.clear()
    left = rows.join(matched, on="_row", how="anti")
    found = [matched.clear()]
    typed = left.filter(pl.col("source") == MANUAL)
    measured = left.filter(pl.col("source") != MANUAL)
    manual_stored = existing.filter(pl.col("source") == MANUAL)
    for side, stored in ((typed, existing), (measured, manual_stored)):
        if side.height and stored.height:
            found.append(_match_against(side, stored, rules, rules.manual_window_s))
    return pl.concat(found).unique("_row", keep="first")


def _match_against(
    rows: pl.DataFrame, existing: pl.DataFrame, rules: MatchRules, window_s: int | None = None
) -> pl.DataFrame:
    """For each row, the nearest stored activity of a compatible sport that counts as the same."""
    if rows.is_empty() or existing.is_empty():
        return pl.DataFrame(schema={"_row": pl.UInt32, "_stored_match": pl.String})
    left = rows.select("_row", "start_utc", "elapsed_s", _key=_match_key(pl.col("sport"))).sort(
        "start_utc"
    )
    right = existing.select(
        pl.col("activity_id").alias("_stored_match"),
        pl.col("start_utc"),
        pl.col("elapsed_s").alias("_stored_elapsed"),
        _key=_match_key(pl.col("sport")),
    ).sort("start_utc")
    joined = left.join_asof(
        right,
        on="start_utc",
        by="_key",
        strategy="nearest",
        tolerance=f"{window_s or rules.window_s}s",
        check_sortedness=False,  # both sides are sorted by start_utc above, hence in each group
    )
    return joined.filter(
        pl.col("_stored_match").is_not_null()
        & _similar_duration(pl.col("elapsed_s"), pl.col("_stored_elapsed"), rules)
    ).select("_row", "_stored_match")


def _merge_within_batch(rows: pl.DataFrame, rules: MatchRules) -> pl.DataFrame:
    """Rows of one batch that are the same workout (Strava CSV row and its FIT file) merge into
    the earliest of them."""
    fresh = rows.filter(pl.col("status") == NEW)
    if fresh.height < 2:
        return rows
    ordered = fresh.with_columns(_key=_match_key(pl.col("sport"))).sort("_key", "start_utc")
    targets: dict[int, str] = {}
    anchor: dict[str, tuple[object, float | None, str]] = {}
    for row, key, start, elapsed, activity_id in ordered.select(
        "_row", "_key", "start_utc", "elapsed_s", "activity_id"
    ).iter_rows():
        previous = anchor.get(key)
        if previous is not None:
            p_start, p_elapsed, p_id = previous
            close = abs((start - p_start).total_seconds()) <= rules.window_s
            if close and _durations_close(elapsed, p_elapsed, rules):
                targets[row] = p_id
                continue
        anchor[key] = (start, elapsed, activity_id)
    if not targets:
        return rows
    merged = pl.DataFrame(
        {"_row": list(targets), "_batch_target": list(targets.values())},
        schema={"_row": pl.UInt32, "_batch_target": pl.String},
    )
    return (
        rows.join(merged, on="_row", how="left")
        .with_columns(
            status=pl.when(pl.col("_batch_target").is_not_null())
            .then(pl.lit(MERGED))
            .otherwise(pl.col("status")),
            target_id=pl.coalesce("_batch_target", "target_id"),
        )
        .drop("_batch_target")
    )


def _durations_close(a: float | None, b: float | None, rules: MatchRules) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= max(rules.duration_floor_s, max(a, b) * rules.duration_tolerance)
