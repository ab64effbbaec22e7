"""What an opened activity's file recorded over time, on the Activities page: heart rate,
pace and cadence, the route's shape, its laps (or splits per km or mile). Charts are built by
dashboard/charts/activity.py; this draws them and says plainly what a file did not hold."""

from __future__ import annotations

from typing import Final

import polars as pl
import streamlit as st

from connectors.manual import MANUAL_SOURCE
from connectors.store import streams as store_streams
from connectors.streams import Streams
from dashboard import data
from dashboard.charts import activity as charts
from dashboard.components import render
from dashboard.components.render import plain


def recorded(activity_id: str) -> Streams | None:
    """What the activity's file recorded over time, None when nothing was (memoised per
    owner and data generation, data.derived)."""
    return data.derived(
        ("activity_streams", activity_id),
        lambda: store_streams.of_activity(data.store(), activity_id, data.owner()),
    )


FILE_WORDS: Final = {
    "fit": "FIT file",
    "tcx": "TCX file",
    "gpx": "GPX file",
    "strava_export": "file in the Strava export (FIT, TCX or GPX)",
    "garmin_export": "FIT file in the Garmin export",
}


def recording(source: str) -> str:
    """Plain words for the file a recording came from, by the source it was stored under."""
    return FILE_WORDS.get(source, f"{source} file")


def over_time(row: dict, unit: str, is_demo: bool) -> None:
    """The recorded streams of the activity `row`, or a plain note that there are none."""
    st.subheader("Over time")
    if is_demo:
        st.caption(
            "The demo athlete has no recordings over time. Import a FIT, TCX or GPX file of "
            "your own to see heart rate, pace, cadence, laps and the route."
        )
        return
    found = recorded(row["activity_id"])
    if (found is None or found.empty) and row.get("source") == MANUAL_SOURCE:
        st.info(
            "You logged this session by hand, so there is nothing over time to show. If your "
            "watch or Strava recorded it too, importing that file adds heart rate, pace, "
            "cadence, laps and the route."
        )
        return
    if found is None or found.empty:
        st.info(
            "Only totals were imported for this activity (a CSV or an export's summary holds "
            "no more), so there is nothing over time to show. Importing its FIT, TCX or GPX "
            "file too adds heart rate, pace, cadence, laps and the route."
        )
        return
    samples, key = found.samples, row["activity_id"]
    st.caption(
        f"From its {plain(recording(found.source))}: {samples.height:,} points, kept one "
        "every 5 seconds or more (a chart shows no more)."
    )
    render.chart(st, charts.heart_rate, samples, key=f"hr_{key}")
    render.chart(st, charts.pace, samples, unit, row["sport"], key=f"pace_{key}")
    if row["sport"] in charts.FOOT:
        render.chart(st, charts.cadence, samples, key=f"cadence_{key}")
    if data.access().role == "viewer":
        st.caption(
            "The route is shown to its owner only: a shared link never shows where someone runs."
        )
    else:
        render.chart(st, charts.route, samples, key=f"route_{key}")
    _laps(found.laps, samples, unit)


def _laps(laps: pl.DataFrame, samples: pl.DataFrame, unit: str) -> None:
    """The file's laps when it recorded two or more; else splits per km or mile (one lap
    is the whole activity again)."""
    if laps.height >= 2:
        st.markdown("**Laps**")
        render.table(charts.lap_table(laps, unit))
        return
    split = charts.splits(samples, unit)
    if split.is_empty():
        st.caption("The file recorded no laps and no distance to split it by.")
        return
    st.markdown(
        f"**Splits** (every {unit}; "
        f"the file recorded {'no laps' if laps.is_empty() else 'one lap'})"
    )
    render.table(charts.lap_table(split, unit))
