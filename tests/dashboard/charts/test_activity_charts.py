"""One activity's charts (dashboard/charts/activity.py) from real files' streams and from
hand-made ones whose answers are known: pace in m:ss, splits, the route's projection, empty
states."""

from __future__ import annotations

import math
import re
from pathlib import Path

import polars as pl
import pytest

from connectors import streams
from connectors.files import fit, gpx
from connectors.files.base import ImportOptions
from dashboard.charts import activity as charts

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / ".." / "shared" / "samples"


def recorded(path: Path) -> streams.Streams:
    if not path.exists():
        pytest.skip(f"sample {path} is absent")
    reader = fit if path.suffix == ".fit" else gpx
    return reader.READER.read(path.name, path.read_bytes(), ImportOptions()).streams[0]


def steady(minutes: int = 20, speed: float = 10 / 3, hr: float | None = 150.0) -> pl.DataFrame:
    """A run at `speed` m/s (10/3 m/s = 5:00 per km), one point every 5 s, heading north."""
    raw = [
        {"t_s": float(t), "speed_m_s": speed, "distance_m": speed * t, "hr_bpm": hr,
         "cadence_spm": 170.0, "lat": 60.0 + speed * t / 111_195, "lon": 10.0}
        for t in range(0, minutes * 60 + 1, 5)
    ]  # fmt: skip
    return streams.build("fit", "x", raw).samples


def test_clock_reads_m_ss_under_an_hour_and_h_mm_ss_after() -> None:
    assert [charts.clock(s) for s in (0, 59.6, 307, 3723)] == ["0:00", "1:00", "5:07", "1:02:03"]
    assert charts.clock(None) == "" and charts.clock(math.nan) == ""


def test_pace_is_drawn_in_minutes_per_unit_with_m_ss_ticks_faster_up() -> None:
    fig = charts.pace(steady(), "km", "run")
    trace = fig.data[0]
    assert {round(v) for v in trace.y if v is not None} == {300}  # 5:00 per km
    assert set(trace.text) == {"5:00"}
    assert all(re.fullmatch(r"\d+:\d\d", t) for t in fig.layout.yaxis.ticktext)
    low, high = fig.layout.yaxis.range
    assert low > high  # reversed: faster is higher
    mile = charts.pace(steady(), "mi", "run").data[0]
    assert set(mile.text) == {"8:03"}  # 1609.344 / (10/3) = 482.8 s


def test_stops_leave_a_gap_and_rides_show_speed() -> None:
    stopped = steady().with_columns(
        pl.when(pl.col("t_s").is_between(300, 400))
        .then(0.0)
        .otherwise("speed_m_s")
        .alias("speed_m_s")
    )
    values = charts.pace(stopped, "km", "run").data[0].y
    assert any(v is None for v in values) and max(v for v in values if v) < 301
    ride = charts.pace(steady(speed=10.0), "km", "ride")
    assert ride.layout.title.text == "Speed"
    assert {round(v) for v in ride.data[0].y if v} == {36}  # km/h


def test_heart_rate_and_cadence_lines_and_their_empty_states() -> None:
    assert set(charts.heart_rate(steady()).data[0].y) == {150.0}
    no_hr = charts.heart_rate(steady(hr=None))
    assert no_hr.layout.annotations[0].text == "The file recorded no heart rate"
    assert "no cadence" in charts.cadence(steady().with_columns(
        pl.lit(None, pl.Float64).alias("cadence_spm"))).layout.annotations[0].text  # fmt: skip
    empty = pl.DataFrame(schema=streams.SAMPLE_SCHEMA)
    for fig in (charts.heart_rate(empty), charts.pace(empty, "km", "run"), charts.route(empty)):
        assert fig.layout.annotations and not fig.data


def test_route_is_an_equal_scale_projection_without_tiles() -> None:
    found = recorded(SAMPLES / "gpx" / "gpxpy_cerknicko-jezero.gpx")
    fig = charts.route(found.samples)
    line, start, finish = fig.data
    assert all(t.type == "scatter" for t in fig.data)  # no scattergeo/mapbox: no tiles, offline
    assert fig.layout.yaxis.scaleanchor == "x"
    lat0 = math.radians(found.samples["lat"].mean())
    assert line.x[0] == pytest.approx(found.samples["lon"][0] * math.cos(lat0))
    assert (start.x[0], finish.x[0]) == (line.x[0], line.x[-1])
    assert {t.hoverinfo for t in fig.data} == {"skip"}  # no coordinates shown
    no_gps = found.samples.with_columns(pl.lit(None, pl.Float64).alias("lat"))
    assert "no GPS points" in charts.route(no_gps).layout.annotations[0].text


def test_a_straight_route_is_drawn_as_a_line_not_a_dot() -> None:
    # 444 m due north (tests/fixtures/watch/strava_run.gpx): no width in longitude, so
    # Plotly's own autorange widened x to 2 units and the equal scale squashed the line
    found = recorded(Path(__file__).resolve().parents[2] / "fixtures" / "watch" / "strava_run.gpx")
    fig = charts.route(found.samples)
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x1 - x0 == pytest.approx(y1 - y0)  # a square window, equal scale
    line = fig.data[0]
    assert y0 < min(line.y) and max(line.y) < y1 and x0 < min(line.x) and max(line.x) < x1
    assert (max(line.y) - min(line.y)) / (y1 - y0) > 0.8  # the line fills the window


def test_splits_every_km_from_distance_over_time() -> None:
    split = charts.splits(steady(minutes=17), "km")  # 3,400 m at 5:00 per km
    assert split["lap"].to_list() == [1, 2, 3, 4]
    assert split["duration_s"].to_list()[:3] == pytest.approx([300, 300, 300])
    assert split["distance_m"].to_list() == pytest.approx([1000, 1000, 1000, 400])
    table = charts.lap_table(split, "km")
    assert table.columns == ["lap", "starts at", "time", "distance (km)", "pace (per km)",
                             "heart rate (bpm)"]  # fmt: skip
    assert table["pace (per km)"].to_list() == ["5:00"] * 4
    assert table["starts at"].to_list() == ["0:00", "5:00", "10:00", "15:00"]
    assert table["heart rate (bpm)"].to_list() == [150] * 4
    assert charts.splits(steady().with_columns(pl.lit(None, pl.Float64).alias("distance_m")),
                         "km").is_empty()  # fmt: skip


def test_a_real_fit_files_laps_read_as_a_table() -> None:
    found = recorded(SAMPLES / "fit" / "fitdecode_activity-small-fenix2-run.fit")
    table = charts.lap_table(found.laps, "km")
    assert table.height == 4
    assert table["distance (km)"].sum() == pytest.approx(9.0, abs=0.05)
    assert all(re.fullmatch(r"\d+:\d\d(:\d\d)?", t) for t in table["pace (per km)"])
    fig = charts.pace(found.samples, "km", "run")
    assert all(re.fullmatch(r"\d+:\d\d", t) for t in fig.layout.yaxis.ticktext)
