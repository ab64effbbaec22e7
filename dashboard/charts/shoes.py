"""Chart of shoes: distance per shoe in use against the check and replace marks, as HTML bars
(html_hbars.horizontal_bars): a handful of bars needs no zoom, and the Shoes page then loads no
chart script (issue 12). Pure: frame in, text out; every shoe name is escaped there."""

from __future__ import annotations

from typing import Final

import polars as pl

from dashboard.charts.html_hbars import Bar, Mark, horizontal_bars
from dashboard.charts.style import ALERT, KM_PER_MILE, MUTED, RUN, WARN

LABEL_CHARS: Final = 16  # a shoe name longer than this is cut on the chart (whole on hover)
LEGEND: Final = (
    ("ok", RUN, "under the check mark"),
    ("warn", WARN, "past the check mark"),
    ("replace", ALERT, "past the replace mark"),
    ("idle", MUTED, "not worn for 6 months"),
)


def short_name(name: str, limit: int = LABEL_CHARS) -> str:
    """`name` cut to `limit` characters with an ellipsis, so a phone keeps room for the bars."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _colour_key(status: str, idle: bool) -> str:
    return "idle" if idle else status


def shoe_distance(table: pl.DataFrame, unit: str, warn_miles: float, replace_miles: float) -> str:
    """Horizontal bars of each shoe in use, longest at the top, coloured by status (and
    said in words on hover and to a screen reader), with the check and replace marks.

    table: dashboard.views.shoe_table (gear, name, km, miles, status, idle...). Retired shoes
    are left out (the page lists them apart). Names are cut on the chart (LABEL_CHARS) and
    whole on hover.
    """
    title = f"Distance per shoe ({unit})"
    in_use = table.filter(pl.col("status") != "retired")
    if in_use.is_empty():
        return f'<p class="bl-hbars"><strong>{title}</strong>: no shoes in use</p>'
    column = "miles" if unit == "mi" else "km"
    factor = 1.0 if unit == "mi" else KM_PER_MILE
    warn_at, replace_at = warn_miles * factor, replace_miles * factor
    colours = {key: colour for key, colour, _ in LEGEND}
    words = {key: label for key, _, label in LEGEND}
    bars = []
    for row in in_use.sort(column, descending=True).iter_rows(named=True):
        key = _colour_key(row["status"], row["idle"])
        distance = float(row[column] or 0.0)
        says = f"{row['name']}: {distance:,.0f} {unit}, {words.get(key, key)}"
        bars.append(Bar(short_name(row["name"]), says, distance, colours.get(key, RUN)))
    marks = [
        Mark(warn_at, f"check {warn_at:.0f}", WARN),
        Mark(replace_at, f"replace {replace_at:.0f}", ALERT),
    ]
    summary = (
        f"{title}: {len(bars)} shoes in use, check mark at {warn_at:.0f} {unit}, replace mark "
        f"at {replace_at:.0f} {unit}. " + "; ".join(b.says for b in bars) + "."
    )
    key = [(label, colour) for _, colour, label in LEGEND]
    return horizontal_bars(title, bars, marks, key, f"distance ({unit})", summary)
