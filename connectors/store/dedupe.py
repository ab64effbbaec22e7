"""Deciding, for each incoming activity, whether it is new, the same workout as a stored one, or
already imported. Pure Polars; the store applies the decision.

Two rows are the same workout when:
- their sport families are compatible (walk and hike count as one: watches and Strava disagree),
- their starts are within `window_s` seconds (default 5 minutes: devices start a few seconds
  or minutes apart, and a phone app may start before the watch), and
- their elapsed times differ by at most max(`duration_floor_s`, `duration_tolerance` x the
  longer one) (default 3 minutes or 15%), and
- their time spans (start to start + elapsed) overlap by at least `overlap_share` (default half)
  of the longer one. For sessions over 20 minutes the first three rules imply this; it is what
  keeps short efforts apart: two 2-minute intervals 4 minutes apart pass the window and the
  3-minute floor, but their spans do not overlap, so they are two efforts, not one.

Rows of the same source with different ids are never the same workout (a watch does not record
one effort twice): a row never merges into a stored activity that already holds a row of its
source, nor into another row of its own source in the same batch.

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
    overlap_share: float = 0.5


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
    optionally, source (needed for the wider window of hand-logged sessions) and sources (every
    source linked to the activity, a list; source alone when absent).
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
    matched = _one_per_source(matched, candidates)
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


def _sources(existing: pl.DataFrame) -> pl.Expr:
    if "sources" in existing.columns:
        return pl.col("sources")
    if "source" in existing.columns:
        return pl.concat_list(pl.col("source"))
    return pl.lit([], dtype=pl.List(pl.String))


def _match_against(
    rows: pl.DataFrame, existing: pl.DataFrame, rules: MatchRules, window_s: int | None = None
) -> pl.DataFrame:
    """For each row, the nearest stored activity of a compatible sport that counts as the same
    and holds no row of the same source yet."""
    found = [pl.DataFrame(schema={"_row": pl.UInt32, "_stored_match": pl.String})]
    if rows.is_empty() or existing.is_empty():
        return found[0]
    stored = existing.with_columns(_srcs=_sources(existing))
    for source in rows["source"].unique().to_list():
        others = stored.filter(~pl.col("_srcs").list.contains(source))
        found.append(_nearest(rows.filter(pl.col("source") == source), others, rules, window_s))
    return pl.concat(found)


def _nearest(
    rows: pl.DataFrame, existing: pl.DataFrame, rules: MatchRules, window_s: int | None
) -> pl.DataFrame:
    if rows.is_empty() or existing.is_empty():
        return pl.DataFrame(schema={"_row": pl.UInt32, "_stored_match": pl.String})
    left = rows.select("_row", "start_utc", "elapsed_s", _key=_match_key(pl.col("sport"))).sort(
        "start_utc"
    )
    right = existing.select(
        pl.col("activity_id").alias("_stored_match"),
        pl.col("start_utc"),
        pl.col("start_utc").alias("_stored_start"),
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
    same = pl.col("_stored_match").is_not_null() & _similar_duration(
        pl.col("elapsed_s"), pl.col("_stored_elapsed"), rules
    )
    if window_s is None:  # a typed start (hand-logged) is not a span to overlap
        same = same & _overlapping(rules)
    return joined.filter(same).select("_row", "_stored_match")


def _overlapping(rules: MatchRules) -> pl.Expr:
    """The row's span and the stored one's share at least `overlap_share` of the longer."""
    start = pl.col("start_utc").dt.epoch("ms") / 1000
    other = pl.col("_stored_start").dt.epoch("ms") / 1000
    end, other_end = start + pl.col("elapsed_s"), other + pl.col("_stored_elapsed")
    shared = pl.min_horizontal(end, other_end) - pl.max_horizontal(start, other)
    longer = pl.max_horizontal(pl.col("elapsed_s"), pl.col("_stored_elapsed"))
    return shared >= longer * rules.overlap_share


def _spans_overlap(
    a: tuple[object, float | None], b: tuple[object, float | None], rules: MatchRules
) -> bool:
    (a_start, a_s), (b_start, b_s) = a, b
    if a_s is None or b_s is None:
        return False
    offset = (b_start - a_start).total_seconds()  # type: ignore[operator]
    shared = min(a_s, offset + b_s) - max(0.0, offset)
    return shared >= max(a_s, b_s) * rules.overlap_share


def _one_per_source(matched: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Two rows of one source matching the same stored activity: only the first joins it."""
    if matched.height < 2:
        return matched
    with_source = matched.join(rows.select("_row", "source"), on="_row", how="left")
    return (
        with_source.sort("_row")
        .unique(["_stored_match", "source"], keep="first", maintain_order=True)
        .select("_row", "_stored_match")
    )


def _merge_within_batch(rows: pl.DataFrame, rules: MatchRules) -> pl.DataFrame:
    """Rows of one batch that are the same workout (Strava CSV row and its FIT file) merge into
    the earliest of them."""
    fresh = rows.filter(pl.col("status") == NEW)
    if fresh.height < 2 or fresh["source"].n_unique() < 2:  # one source never merges with itself
        return rows
    ordered = fresh.with_columns(_key=_match_key(pl.col("sport"))).sort("_key", "start_utc")
    targets: dict[int, str] = {}
    anchors: dict[str, list[tuple[object, float | None, str, set[str]]]] = {}
    for row, key, start, elapsed, activity_id, source in ordered.select(
        "_row", "_key", "start_utc", "elapsed_s", "activity_id", "source"
    ).iter_rows():
        recent = anchors.setdefault(key, [])
        while recent and (start - recent[0][0]).total_seconds() > rules.window_s:
            recent.pop(0)
        for p_start, p_elapsed, p_id, p_sources in recent:
            if (
                source not in p_sources
                and _durations_close(elapsed, p_elapsed, rules)
                and _spans_overlap((p_start, p_elapsed), (start, elapsed), rules)
            ):
                targets[row] = p_id
                p_sources.add(source)
                break
        else:
            recent.append((start, elapsed, activity_id, {source}))
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
