"""Single-run spikes against the longest recent run (Frandsen 2025), and alerts that say so.

Frandsen et al. 2025 (BJSM 59:1203; 5,205 runners, 588,071 sessions): a single run longer than
the longest run of the previous 30 days raised the injury hazard: +10-30% HR 1.64, +30-100%
HR 1.52, >100% HR 2.28. Week-to-week ratios showed nothing, so week-on-week change is context
only (see spike_context). The cohort were established runners (mean age 46, 22% women), not
beginners on a walk-to-run plan: every alert carries that caveat (COHORT_CAVEAT).
When the 30 days before a run hold no run, the run is compared with the longest run of the 90
days before it, else the longest run ever before it, and the alert says which (`reference`).
Evidence: moderate (one large cohort; hazard ratios, not certainties).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import polars as pl

from dashboard.metrics.weekly import local_date, minutes, monday, weekly_summary

# (upper bound of the increase as a fraction, band label, hazard ratio). Bounds are inclusive.
BANDS: Final = (
    (0.10, "none", None),
    (0.30, "+10-30%", 1.64),
    (1.00, "+30-100%", 1.52),
    (float("inf"), ">+100%", 2.28),
)
NO_HISTORY: Final = "no history"
# The windows tried in order; "ever" = every earlier run.
REFERENCES: Final = ("30 days", "90 days", "ever")
_EPS = 1e-9  # so that exactly +10% (11 km after 10 km) is not lifted over a bound by float noise

COHORT_CAVEAT: Final = (
    "The study behind this followed established runners (average age 46, 22% women), not "
    "beginners on a walk-to-run plan, so take it as a guide rather than a rule for you."
)
# Alert level per band: the +10-30% band has the highest hazard ratio, but the increase is
# small and common, so it gets the softest words ("notice"); the others "caution"/"warning".
LEVELS: Final = {"+10-30%": "notice", "+30-100%": "caution", ">+100%": "warning"}


def _band(increase: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    label: pl.Expr = pl.lit(NO_HISTORY)
    hazard: pl.Expr = pl.lit(None, dtype=pl.Float64)
    for upper, name, hr in reversed(BANDS):
        within = increase <= upper + _EPS
        label = pl.when(within).then(pl.lit(name)).otherwise(label)
        hazard = pl.when(within).then(pl.lit(hr, dtype=pl.Float64)).otherwise(hazard)
    missing = increase.is_null()
    return (
        pl.when(missing).then(pl.lit(NO_HISTORY)).otherwise(label),
        pl.when(missing).then(None).otherwise(hazard),
    )


def _window_max(column: str, period: str) -> pl.Expr:
    return pl.col(column).max().rolling(index_column="start_local", period=period, closed="left")


def _ever_max(column: str) -> pl.Expr:
    return pl.col(column).cum_max().shift(1).forward_fill()


def run_spikes(activities: pl.DataFrame) -> pl.DataFrame:
    """Each run against the longest run before it: the 30 days before (Frandsen's window), else
    the 90 days before, else ever (the run itself excluded).

    Basis: distance (km) when this run and the reference window have a distance, else moving
    minutes (elapsed when moving is unknown). increase = this / longest - 1.
    Bands (Frandsen 2025): <= +10% "none"; +10-30% "+10-30%" (HR 1.64); +30-100% "+30-100%"
    (HR 1.52); > +100% ">+100%" (HR 2.28); the first run ever: "no history". The hazard ratio
    is given only against the 30-day reference (the study's comparison).
    Windows are 30 x 24 h and 90 x 24 h before the run's local start.
    Columns: `activity_id`, `start_local`, `date`, `distance_km`, `minutes`, `basis`,
    `reference` ("30 days", "90 days", "ever", null), `longest_30d` (the reference longest, km
    or minutes per basis; named for the usual case), `increase_pct`, `band`, `hazard_ratio`,
    `days_since_run` (days since the previous run started, null for the first).
    """
    runs = (
        activities.filter(pl.col("sport") == "run")
        .with_columns(
            date=local_date(), distance_km=pl.col("distance_m") / 1000.0, minutes=minutes()
        )
        .sort("start_local", "activity_id")
    )
    runs = runs.with_columns(
        km_30=_window_max("distance_km", "30d"),
        min_30=_window_max("minutes", "30d"),
        km_90=_window_max("distance_km", "90d"),
        min_90=_window_max("minutes", "90d"),
        km_ever=_ever_max("distance_km"),
        min_ever=_ever_max("minutes"),
        days_since_run=(pl.col("start_local") - pl.col("start_local").shift(1)).dt.total_seconds()
        / 86400.0,
    )
    reference: pl.Expr = pl.lit(None, pl.String)
    for name, suffix in reversed(list(zip(REFERENCES, ("30", "90", "ever"), strict=True))):
        seen = pl.col(f"km_{suffix}").is_not_null() | pl.col(f"min_{suffix}").is_not_null()
        reference = pl.when(seen).then(pl.lit(name)).otherwise(reference)
    runs = runs.with_columns(reference=reference)
    prev_km = pl.coalesce(
        *(pl.when(pl.col("reference") == n).then(pl.col(f"km_{s}")) for n, s in _PAIRS)
    )
    prev_min = pl.coalesce(
        *(pl.when(pl.col("reference") == n).then(pl.col(f"min_{s}")) for n, s in _PAIRS)
    )
    by_distance = pl.col("distance_km").is_not_null() & prev_km.is_not_null()
    runs = runs.with_columns(
        basis=pl.when(by_distance)
        .then(pl.lit("distance"))
        .when(prev_min.is_not_null())
        .then(pl.lit("duration"))
        .otherwise(None),
        longest_30d=pl.when(by_distance).then(prev_km).otherwise(prev_min),
        current=pl.when(by_distance).then(pl.col("distance_km")).otherwise(pl.col("minutes")),
    )
    increase = (
        pl.when(pl.col("longest_30d") > 0)
        .then(pl.col("current") / pl.col("longest_30d") - 1.0)
        .otherwise(None)
    )
    runs = runs.with_columns(increase=increase)
    band, hazard = _band(pl.col("increase"))
    return runs.select(
        "activity_id",
        "start_local",
        "date",
        "distance_km",
        "minutes",
        "basis",
        "reference",
        "longest_30d",
        increase_pct=pl.col("increase") * 100.0,
        band=band,
        hazard_ratio=pl.when(pl.col("reference") == "30 days").then(hazard).otherwise(None),
        days_since_run=pl.col("days_since_run"),
    )


_PAIRS: Final = tuple(zip(REFERENCES, ("30", "90", "ever"), strict=True))


@dataclass(frozen=True)
class SpikeAlert:
    """One alert about one run: `level` ("notice" / "caution" / "warning"), the run's `date`,
    the plain-words `text`, the cohort `caveat`, the evidence `rung`, and the numbers behind it."""

    level: str
    date: date
    text: str
    caveat: str
    rung: str
    band: str
    increase_pct: float
    reference: str
    hazard_ratio: float | None
    activity_id: str


def _alert_text(row: dict[str, object]) -> str:
    day = row["date"]
    pct = float(row["increase_pct"])  # type: ignore[arg-type]
    what = "by distance" if row["basis"] == "distance" else "by time"
    size = f"{pct:.0f}% longer ({what})" if pct <= 100 else f"more than twice as long ({what})"
    head = f"{day:%a %d %b}: a run {size} than"  # type: ignore[str-format]
    if row["reference"] == "30 days":
        band, hazard = row["band"], row["hazard_ratio"]
        if band == "+10-30%":
            return (
                f"{head} your longest run of the previous 30 days. In a large study, even runs "
                f"10-30% beyond the recent longest came with more injuries (hazard ratio "
                f"{hazard}), so small steps up, with easy days after, are the gentler way."
            )
        return (
            f"{head} your longest run of the previous 30 days. Runs this far beyond the recent "
            f"longest were linked to more injuries (hazard ratio {hazard}); the next runs are "
            "best kept nearer your usual length."
        )
    gap = row["days_since_run"]
    after = f" It came {gap:.0f} days after your previous run." if gap is not None else ""
    where = "the 90 days before it" if row["reference"] == "90 days" else "any run before it"
    return (
        f"{head} your longest run in {where} (no run in the 30 days before it to compare "
        f"with).{after} After a break, building back up in small steps is the gentler way."
    )


def spike_alerts(activities: pl.DataFrame, today: date, days: int = 28) -> list[SpikeAlert]:
    """Alert records for runs in the `days` days up to `today` that went more than 10% beyond
    the reference longest run (all three Frandsen bands), newest first.

    Levels: +10-30% "notice" (softest words, though its hazard ratio 1.64 is the highest),
    +30-100% "caution" (HR 1.52), >100% "warning" (HR 2.28). Each carries COHORT_CAVEAT and
    the evidence rung "moderate". Runs compared with the 90-day or all-time longest say so.
    """
    since = today - timedelta(days=days - 1)
    spiked = run_spikes(activities).filter(
        pl.col("date").is_between(since, today) & pl.col("band").is_in(list(LEVELS))
    )
    alerts = [
        SpikeAlert(
            level=LEVELS[row["band"]],
            date=row["date"],
            text=_alert_text(row),
            caveat=COHORT_CAVEAT,
            rung="moderate",
            band=row["band"],
            increase_pct=row["increase_pct"],
            reference=row["reference"],
            hazard_ratio=row["hazard_ratio"],
            activity_id=row["activity_id"],
        )
        for row in spiked.iter_rows(named=True)
    ]
    return sorted(alerts, key=lambda a: (a.date, a.activity_id), reverse=True)


def weekly_run_change(
    activities: pl.DataFrame, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Week-on-week change of run distance, as context only (Frandsen 2025 found week-to-week
    ratios did not predict injury; Nielsen 2014, JOSPT 44:739: >30% vs <10%, HR 1.59, n.s.;
    Buist 2008: the 10% rule made no difference). Evidence: moderate.

    Columns: `week`, `week_start`, `run_km`, `previous_km`, `change_pct` ((this / previous - 1)
    x 100; null when the previous week had no running), `over_10pct` (bool, null when unknown).
    """
    weekly = weekly_summary(activities, start, end).select("week", "week_start", "run_km")
    return (
        weekly.with_columns(previous_km=pl.col("run_km").shift(1))
        .with_columns(
            change_pct=pl.when(pl.col("previous_km") > 0)
            .then((pl.col("run_km") / pl.col("previous_km") - 1.0) * 100.0)
            .otherwise(None),
        )
        .with_columns(over_10pct=pl.col("change_pct") > 10.0)
    )


def spike_context(activities: pl.DataFrame, today: date) -> str | None:
    """Last full week's running distance against the week before, as one sentence of context
    (never an alert: the same study found week-to-week changes predicted nothing). None when
    either week had no running."""
    this_monday = monday(today)
    change = weekly_run_change(activities, this_monday - timedelta(days=14), today)
    last = change.filter(pl.col("week_start") < this_monday).tail(1)
    if last.is_empty() or last["change_pct"][0] is None:
        return None
    pct = float(last["change_pct"][0])
    direction = "more" if pct >= 0 else "less"
    return (
        f"For context: last week you ran {abs(pct):.0f}% {direction} distance than the week "
        "before. Week-to-week changes did not predict injuries in the same study; single long "
        "runs did."
    )
