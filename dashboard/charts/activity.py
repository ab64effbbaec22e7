"""One activity over time, from what its file recorded (connectors.streams): heart rate, pace
(or speed for rides and swims) and cadence against the time from the start, the route's shape,
and its laps or splits as a table. Pure: frames in, figure or frame out; no map tiles and no
network (the route is a line in an equirectangular projection: x = longitude x cos(mean
latitude), y = latitude, the same scale on both, which is true to shape over a city).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from datetime import datetime, timedelta
from typing import Final

import plotly.graph_objects as go
import polars as pl

from connectors.streams import LAP_SCHEMA
from dashboard.charts.style import ALERT, OTHER, RUN, WALK, empty, layout

METRES_PER: Final = {"km": 1000.0, "mi": 1609.344}
SLOWEST_M_S: Final = 0.5  # slower than 33:20 per km is standing still: no pace drawn
FOOT: Final = ("run", "walk", "hike")
TIME_AXIS: Final = "time from the start (h:mm:ss)"
_ZERO: Final = datetime(2000, 1, 1)  # elapsed seconds drawn as times of one day


def clock(seconds: float | None) -> str:
    """Seconds as m:ss under an hour, h:mm:ss from an hour ("5:07", "1:02:03")."""
    if seconds is None or not math.isfinite(seconds):
        return ""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _times(samples: pl.DataFrame) -> list[datetime]:
    return [_ZERO + timedelta(seconds=t) for t in samples["t_s"].to_list()]


def _line(samples: pl.DataFrame, column: str, title: str, y_title: str, colour: str,
          hover: str) -> go.Figure:  # fmt: skip
    fig = go.Figure(
        go.Scatter(
            x=_times(samples),
            y=samples[column].to_list(),
            mode="lines",
            line={"color": colour, "width": 2},
            connectgaps=False,
            hovertemplate=hover + "<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat="%-H:%M:%S", hoverformat="%-H:%M:%S")
    return layout(fig, title, y_title, height=280, x_title=TIME_AXIS)


def heart_rate(samples: pl.DataFrame) -> go.Figure:
    """Heart rate (bpm) over the time from the start."""
    title = "Heart rate"
    if samples.is_empty() or samples["hr_bpm"].is_null().all():
        return empty(title, "The file recorded no heart rate")
    return _line(samples, "hr_bpm", title, "beats per minute", ALERT, "%{y:.0f} bpm")


def cadence(samples: pl.DataFrame) -> go.Figure:
    """Cadence (steps per minute, both feet) over the time from the start; foot sports only
    (the readers keep no pedal or stroke rate)."""
    title = "Cadence"
    if samples.is_empty() or samples["cadence_spm"].is_null().all():
        return empty(title, "The file recorded no cadence (steps per minute)")
    return _line(samples, "cadence_spm", title, "steps per minute", OTHER, "%{y:.0f} spm")


def pace_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick values (seconds per unit) and their m:ss labels, about five between low and high."""
    span = max(high - low, 1.0)
    step = next((s for s in (5, 10, 15, 30, 60, 120, 300, 600) if span / s <= 6), 1200)
    first = math.floor(low / step) * step
    values = [float(v) for v in range(int(first), int(high) + step, step)]
    return values, [clock(v) for v in values]


def pace(samples: pl.DataFrame, unit: str, sport: str) -> go.Figure:
    """Pace (m:ss per km or mile, faster higher) for foot sports, speed (km/h or mph) for
    others, over the time from the start; stops (under SLOWEST_M_S) leave a gap."""
    foot = sport in FOOT
    title = "Pace" if foot else "Speed"
    if samples.is_empty() or samples["speed_m_s"].is_null().all():
        return empty(title, "The file recorded no speed or distance over time")
    moving = pl.when(pl.col("speed_m_s") >= SLOWEST_M_S).then(pl.col("speed_m_s"))
    per = METRES_PER[unit]
    if not foot:
        shown = samples.with_columns((moving * 3600 / per).alias("_v"))
        speed_unit = "km/h" if unit == "km" else "mph"
        hover = "%{y:.1f} " + speed_unit
        return _line(shown, "_v", title, speed_unit, RUN, hover)
    shown = samples.with_columns((per / moving).alias("_v"))
    values = shown["_v"].drop_nulls()
    if values.is_empty():
        return empty(title, "No moving part to take a pace from")
    text = [clock(v) for v in shown["_v"].to_list()]
    fig = _line(shown, "_v", title, f"minutes per {unit}", RUN, "%{text} per " + unit)
    fig.update_traces(text=text)
    low, high = values.quantile(0.02) or 0.0, values.quantile(0.98) or 0.0
    ticks, labels = pace_ticks(low, high)
    fig.update_yaxes(
        tickvals=ticks, ticktext=labels, range=[high + 5, max(low - 5, 0)]
    )  # faster is higher
    return fig


def route(samples: pl.DataFrame) -> go.Figure:
    """The GPS points as one line, equal scale on both axes (see the module docstring); start
    and finish marked. No tiles and no coordinates on hover: the shape only."""
    title = "Route"
    points = samples.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    if points.height < 2:
        return empty(title, "The file has no GPS points (indoors, a treadmill, or GPS off)")
    lat0 = math.radians(points["lat"].mean() or 0.0)
    x = (points["lon"] * math.cos(lat0)).to_list()
    y = points["lat"].to_list()
    fig = go.Figure(
        [
            go.Scatter(x=x, y=y, mode="lines", line={"color": RUN, "width": 3}, name="route",
                       hoverinfo="skip", showlegend=False),
            go.Scatter(x=[x[0]], y=[y[0]], mode="markers", name="start", hoverinfo="skip",
                       marker={"color": RUN, "size": 12, "symbol": "circle"}),
            go.Scatter(x=[x[-1]], y=[y[-1]], mode="markers", name="finish", hoverinfo="skip",
                       marker={"color": WALK, "size": 12, "symbol": "square"}),
        ]
    )  # fmt: skip
    # a square window around the points: Plotly's autorange widens an axis with no extent (a
    # route due north or east) to 2 units, and the equal scale then squashes the route to a dot
    side = max(max(x) - min(x), max(y) - min(y), 1e-5) * 1.1
    mid_x, mid_y = (max(x) + min(x)) / 2, (max(y) + min(y)) / 2
    fig.update_xaxes(visible=False, range=[mid_x - side / 2, mid_x + side / 2])
    fig.update_yaxes(
        visible=False, scaleanchor="x", scaleratio=1, range=[mid_y - side / 2, mid_y + side / 2]
    )
    fig = layout(fig, title, height=360, x_title="")
    fig.update_layout(hovermode="closest")
    return fig


def _rows(laps: pl.DataFrame, unit: str) -> list[tuple]:
    per = METRES_PER[unit]
    rows = []
    for lap in laps.iter_rows(named=True):
        metres, seconds = lap["distance_m"], lap["duration_s"]
        paced = metres is not None and metres >= 10 and seconds
        rows.append((
            lap["lap"], clock(lap["start_s"]), clock(seconds),
            None if metres is None else round(metres / per, 2),
            clock(seconds / (metres / per)) if paced else "",
            None if lap["avg_hr_bpm"] is None else round(lap["avg_hr_bpm"]),
        ))  # fmt: skip
    return rows


def splits(samples: pl.DataFrame, unit: str) -> pl.DataFrame:
    """Laps of one km or mile each from the distance over time (time at each whole unit by
    linear interpolation between stored points); the last, shorter one too when over 10 m.
    Heart rate: the mean of the points inside it. LAP_SCHEMA columns."""
    known = samples.filter(pl.col("distance_m").is_not_null())
    if known.height < 2:
        return pl.DataFrame(schema=LAP_SCHEMA)
    per = METRES_PER[unit]
    dist, times = known["distance_m"].cum_max().to_list(), known["t_s"].to_list()
    total = max(dist)
    marks = [per * k for k in range(1, int(total // per) + 1)]
    if total - (marks[-1] if marks else 0.0) > 10:
        marks.append(total)
    rows, start_t, start_d = [], times[0], dist[0]
    for number, mark in enumerate(marks, start=1):
        i = min(max(bisect_left(dist, mark), 1), len(dist) - 1)
        d0, d1, t0, t1 = dist[i - 1], dist[i], times[i - 1], times[i]
        at = t1 if d1 == d0 else t0 + (t1 - t0) * (mark - d0) / (d1 - d0)
        inside = known.filter((pl.col("t_s") >= start_t) & (pl.col("t_s") <= at))["hr_bpm"]
        rows.append((number, start_t, at - start_t, mark - start_d, inside.mean()))
        start_t, start_d = at, mark
    return pl.DataFrame(rows, schema=LAP_SCHEMA, orient="row")


def lap_table(laps: pl.DataFrame, unit: str) -> pl.DataFrame:
    """Laps as people read them: number, start and time as m:ss or h:mm:ss, distance in the
    display unit, pace m:ss per unit, average heart rate."""
    return pl.DataFrame(
        _rows(laps, unit),
        schema={
            "lap": pl.Int64,
            "starts at": pl.String,
            "time": pl.String,
            f"distance ({unit})": pl.Float64,
            f"pace (per {unit})": pl.String,
            "heart rate (bpm)": pl.Int64,
        },
        orient="row",
    )
