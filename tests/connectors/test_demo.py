"""The demo athlete: a valid canonical frame, deterministic, and carrying the slips to catch."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from connectors.demo import DEMO_LABEL, demo_activities
from connectors.schema import validate

TODAY = date(2026, 5, 14)  # a Thursday
CASES = [(TODAY, 7), (date(2025, 1, 5), 7), (TODAY, 42), (date(2026, 8, 3), 123)]
BROOKS = "Brooks Ghost 15"
ASICS = "ASICS Gel-Nimbus 26"


def _runs(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("sport") == "run").sort("start_local")


def _ratios_to_30_day_longest(runs: pl.DataFrame) -> list[tuple[date, float]]:
    """For each run, its distance over the longest run of the 30 days before it."""
    days = runs["start_local"].dt.date().to_list()
    km = runs["distance_m"].to_list()
    out = []
    for i, (day, dist) in enumerate(zip(days, km, strict=True)):
        before = [k for d, k in zip(days[:i], km[:i], strict=True) if 0 < (day - d).days <= 30]
        if before:
            out.append((day, dist / max(before)))
    return out


@pytest.fixture(scope="module")
def demo() -> pl.DataFrame:
    return demo_activities(TODAY)


def test_label_and_source(demo: pl.DataFrame) -> None:
    assert DEMO_LABEL == "Demo data: a made-up athlete. Import your own export to replace it."
    assert demo["source"].unique().to_list() == ["demo"]
    assert (demo["activity_id"] == "demo:" + demo["source_id"]).all()
    assert demo["timezone"].unique().to_list() == ["Europe/London"]


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_frame_is_valid(today: date, seed: int) -> None:
    frame = demo_activities(today, seed=seed)
    assert validate(frame) == []
    assert 350 < frame.height < 550
    assert (frame["elapsed_s"] >= frame["moving_s"]).all()


def test_same_inputs_give_identical_frames() -> None:
    assert demo_activities(TODAY).equals(demo_activities(TODAY))
    assert demo_activities(TODAY, seed=8)["distance_m"].sum() != pytest.approx(
        demo_activities(TODAY)["distance_m"].sum()
    )


def test_moving_today_by_a_week_moves_every_activity_by_a_week() -> None:
    a = demo_activities(TODAY)
    b = demo_activities(TODAY + timedelta(days=7))
    assert a.height == b.height
    assert (b["start_local"] - a["start_local"]).unique().to_list() == [timedelta(days=7)]
    same = ["name", "sport", "distance_m", "moving_s", "avg_hr", "gear", "steps"]
    assert a.select(same).equals(b.select(same))


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_spans_about_18_months_ending_today(today: date, seed: int) -> None:
    days = demo_activities(today, seed=seed)["start_local"].dt.date()
    assert 530 <= (days.max() - days.min()).days <= 546
    assert today - timedelta(days=6) <= days.max() <= today


def test_start_utc_follows_the_zone() -> None:
    frame = demo_activities(TODAY, timezone="America/Chicago")
    zone = ZoneInfo("America/Chicago")
    for local, utc in frame.select("start_local", "start_utc").iter_rows():
        assert local.replace(tzinfo=zone).astimezone(UTC) == utc
    july = frame.filter(pl.col("start_local").dt.month() == 7).row(0, named=True)
    assert july["start_utc"].replace(tzinfo=None) - july["start_local"] == timedelta(hours=5)


def test_first_three_months_are_walks_growing_longer_and_faster(demo: pl.DataFrame) -> None:
    start = demo["start_local"].min()
    early = demo.filter(pl.col("start_local") < start + timedelta(weeks=13))
    assert early["sport"].unique().to_list() == ["walk"]
    first = early.head(3)
    assert first["moving_s"].is_between(15 * 60, 20 * 60).all()
    late = early.filter(pl.col("start_local") >= start + timedelta(weeks=12))
    assert late["moving_s"].is_between(40 * 60, 45 * 60).all()
    pace = early["moving_s"] / early["distance_m"]  # s per m
    assert pace.head(3).mean() > pace.tail(3).mean() * 1.15
    assert early["gear"].unique().to_list() == ["Everyday walkers"]
    weekly = early.group_by(pl.col("start_local").dt.truncate("1w")).len()["len"]
    assert weekly.is_between(3, 5).all()


def test_walk_run_block(demo: pl.DataFrame) -> None:
    intervals = demo.filter(pl.col("name") == "Walk-run intervals")
    assert intervals.height == 15  # five weeks of three sessions
    assert intervals["sport"].unique().to_list() == ["run"]
    pace_min_km = intervals["moving_s"] / 60 / (intervals["distance_m"] / 1000)
    assert pace_min_km.is_between(8.5, 9.5).all()
    assert intervals["avg_cadence_spm"].is_between(150, 155).all()


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_last_8_weeks_hold_2_to_3_runs_a_week(today: date, seed: int) -> None:
    runs = _runs(demo_activities(today, seed=seed))
    recent = runs.filter(pl.col("start_local").dt.date() > today - timedelta(days=56))
    assert 2.0 <= recent.height / 8 <= 3.0
    minutes = recent.filter(~pl.col("name").is_in(["Long Run"]))["moving_s"] / 60
    assert minutes.is_between(25, 40).all()
    pace_min_km = recent["moving_s"] / 60 / (recent["distance_m"] / 1000)
    assert pace_min_km.filter(recent["name"] != "Long Run").is_between(6.1, 7.0).all()


def test_a_few_back_to_back_run_days(demo: pl.DataFrame) -> None:
    days = _runs(demo)["start_local"].dt.date().to_list()
    pairs = [b for a, b in pairwise(days) if (b - a).days == 1]
    assert 1 <= len(pairs) <= 5
    assert any(TODAY - day < timedelta(weeks=3) for day in pairs)  # one is recent


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_one_run_more_than_twice_the_30_day_longest(today: date, seed: int) -> None:
    ratios = _ratios_to_30_day_longest(_runs(demo_activities(today, seed=seed)))
    spikes = [(day, r) for day, r in ratios if r > 2.0]
    assert len(spikes) == 1
    assert spikes[0][1] == pytest.approx(2.2, abs=0.01)
    assert max(r for _, r in ratios if r <= 2.0) < 1.5


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_the_spike_week_has_about_60_percent_more_distance(today: date, seed: int) -> None:
    runs = _runs(demo_activities(today, seed=seed))
    spike_day = max(_ratios_to_30_day_longest(runs), key=lambda x: x[1])[0]
    monday = spike_day - timedelta(days=spike_day.weekday())
    day = runs["start_local"].dt.date()
    week = runs.filter(day.is_between(monday, monday + timedelta(days=6)))["distance_m"].sum()
    before = runs.filter(day.is_between(monday - timedelta(days=7), monday - timedelta(days=1)))
    assert 1.55 <= week / before["distance_m"].sum() <= 1.75


def test_a_two_week_holiday_gap(demo: pl.DataFrame) -> None:
    days = demo["start_local"].dt.date().unique().sort()
    gaps = days.diff().drop_nulls().dt.total_days()
    assert gaps.max() >= 15
    assert (gaps >= 9).sum() == 2  # the holiday and the cold


@pytest.mark.parametrize(("today", "seed"), CASES)
def test_shoes(today: date, seed: int) -> None:
    frame = demo_activities(today, seed=seed)
    runs = _runs(frame)
    brooks_km = runs.filter(pl.col("gear") == BROOKS)["distance_m"].sum() / 1000
    assert 482.8 < brooks_km < 804.7
    asics = runs.filter(pl.col("gear") == ASICS)
    assert asics.height >= 10
    assert asics["start_local"].min().date() > today - timedelta(weeks=14)
    assert set(runs["gear"].unique()) == {BROOKS, ASICS}
    walks = frame.filter(pl.col("sport") == "walk")
    assert walks["gear"].unique().to_list() == ["Everyday walkers"]


def test_cadence_and_steps(demo: pl.DataFrame) -> None:
    runs = _runs(demo)
    assert runs["avg_cadence_spm"].is_between(150, 185).all()
    walks = demo.filter(pl.col("sport") == "walk")
    assert walks["avg_cadence_spm"].is_between(105, 115).all()
    feet = demo.filter(pl.col("sport").is_in(["run", "walk"]))
    expected = feet["avg_cadence_spm"] * feet["moving_s"] / 60
    assert ((feet["steps"] - expected).abs() / expected <= 0.02).all()
    others = demo.filter(~pl.col("sport").is_in(["run", "walk"]))
    assert others["steps"].null_count() == others.height
    assert set(demo["sport"].unique()) == {
        "walk", "run", "ride", "swim", "strength", "impact", "balance"
    }  # fmt: skip


def test_jumps_and_yoga_fill_the_bone_week(demo: pl.DataFrame) -> None:
    """Other impact (with its repetitions) on days without a run in the last 16 weeks, and a
    weekly yoga class from week 48, so the demo's bone week is not only runs and strength."""
    day = pl.col("start_local").dt.date()
    jumps = demo.filter(pl.col("sport") == "impact")
    assert 12 <= jumps.height <= 16
    assert jumps["reps"].is_between(40, 70).all()
    assert jumps.select(day.min()).item() > TODAY - timedelta(weeks=16)
    run_days = set(_runs(demo).select(day).to_series())
    assert not run_days & set(jumps.select(day).to_series())
    yoga = demo.filter(pl.col("sport") == "balance")
    assert yoga["sport_type"].unique().to_list() == ["Yoga"]
    assert 25 <= yoga.height <= 30
    assert demo.filter(pl.col("sport") != "impact")["reps"].null_count() == (
        demo.height - jumps.height
    )


def test_heart_rate_rpe_and_contact(demo: pl.DataFrame) -> None:
    assert 0.7 < demo["avg_hr"].is_not_null().mean() < 0.9
    assert demo["max_hr"].max() == 170
    assert (demo["max_hr"] > demo["avg_hr"]).all()
    assert 0.4 < demo["rpe"].is_not_null().mean() < 0.6
    assert demo["calories"].null_count() == 0
    contact = demo.filter(pl.col("avg_contact_ms").is_not_null())
    assert contact["sport"].unique().to_list() == ["run"]
    assert contact["avg_contact_ms"].is_between(255, 295).all()
    assert contact["start_local"].min().date() > TODAY - timedelta(weeks=27)
    recent_runs = _runs(demo).filter(pl.col("start_local").dt.date() > TODAY - timedelta(weeks=25))
    assert recent_runs["avg_contact_ms"].null_count() == 0
