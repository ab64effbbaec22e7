"""Small bar charts as plain HTML and CSS: the Overview's 12 weeks (stacked), the shoes
(horizontal_bars).

Issue 12: a fresh browser's first render of Overview waited for Plotly's 4.7 MB chunk (about a
second of main-thread time, bench/page_profile.py) to draw one chart of a dozen bars. These bars
are boxes in a flex row: they load no script, reflow to any width (the labels stay at their
size on a 390 px phone instead of shrinking with a scaled SVG), follow a theme switch through
`currentColor`, and each week says its numbers on hover (`title`) and to a screen reader (the
chart's `aria-label` sums the weeks; every bar has its own label). Pure: frame in, text out.
Every text in it is escaped; none comes from a file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Final

import polars as pl

from dashboard.charts.ranges import PRESETS, span_days
from dashboard.charts.style import MUTED, OTHER, RUN, TARGET, WALK, per_unit
from dashboard.charts.weekly import STATUS_COLOURS

# The figure, its caption and colour key, shared with html_hbars' horizontal bars.
FIGURE_CSS: Final = """
.bl-fig{margin:0 0 1rem 0;font-size:14px;line-height:1.25}
.bl-fig figcaption{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;
  margin-bottom:.5rem}
.bl-fig .bl-title{font-weight:600;font-size:16px}
.bl-fig .bl-key{display:inline-flex;align-items:center;gap:.35rem}
.bl-fig .bl-swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px}
.bl-fig .bl-axis{text-align:center;padding-top:.25rem}
"""

CSS: Final = """
.bl-bars .bl-body{display:grid;grid-template-columns:auto 1fr;column-gap:.4rem}
.bl-bars .bl-y{position:relative;height:220px;min-width:2.2rem}
.bl-bars .bl-y span{position:absolute;right:0;transform:translateY(50%)}
.bl-bars .bl-plot{position:relative;height:220px;display:flex;align-items:flex-end;
  border-bottom:1px solid color-mix(in srgb,currentColor 45%,transparent)}
.bl-bars .bl-grid{position:absolute;left:0;right:0;height:0;
  border-top:1px solid color-mix(in srgb,currentColor 15%,transparent)}
.bl-bars .bl-col{flex:1 1 0;height:100%;display:flex;align-items:flex-end;justify-content:center;
  position:relative}
.bl-bars .bl-stack{width:70%;display:flex;flex-direction:column-reverse}
.bl-bars .bl-x{display:flex}
.bl-bars .bl-x span{flex:1 1 0;text-align:center;padding-top:.25rem;overflow-wrap:anywhere}
.bl-bars .bl-unit{font-size:13px;padding-bottom:.25rem}
.bl-bars .bl-tick{position:absolute;left:4%;right:4%;height:0;border-top:3px dashed}
.bl-bars .bl-dash{display:inline-block;width:1rem;height:0;border-top:3px dashed}
.bl-bars .bl-zero{position:absolute;bottom:0;left:15%;right:15%;height:3px}
"""

# render.short_table's HTML table (report_sections.table_html inside a scrolling region).
TABLE_CSS: Final = """
.bl-table{overflow-x:auto;margin:0 0 1rem 0;font-size:14px}
.bl-table:focus-visible{outline:2px solid currentColor}
.bl-table table{border-collapse:collapse;width:100%}
.bl-table th,.bl-table td{padding:.35rem .6rem;text-align:right;white-space:nowrap;
  border-bottom:1px solid color-mix(in srgb,currentColor 18%,transparent)}
.bl-table th{font-weight:600;white-space:normal;vertical-align:bottom}
.bl-table .text{text-align:left}
.bl-table .wrap{text-align:left;white-space:normal;min-width:14rem}
"""


def caption(title: str, key: list[tuple[str, str]], extra: str = "") -> str:
    """The figure's caption: its title, then a swatch and label per (label, colour) of `key`,
    then `extra` (markup made here). Every text is escaped."""
    swatches = "".join(
        f'<span class="bl-key"><span class="bl-swatch" style="background:{colour}"></span>'
        f"{escape(label)}</span>"
        for label, colour in key
    )
    return (
        f'<figcaption><span class="bl-title">{escape(title)}</span>{swatches}{extra}</figcaption>'
    )


def nice_ceiling(value: float) -> tuple[float, float]:
    """(top, step) of a y axis holding `value`: a step of 1, 2 or 5 x 10^k giving 2-5 ticks."""
    if value <= 0:
        return 1.0, 0.5
    exponent = 10 ** math.floor(math.log10(value / 4))
    for multiple in (1, 2, 5, 10):
        step = multiple * exponent
        if value / step <= 5:
            return math.ceil(value / step) * step, step
    return math.ceil(value / (10 * exponent)) * 10 * exponent, 10 * exponent  # not reached


def _number(value: float, step: float) -> str:
    return f"{value:.0f}" if step >= 1 else f"{value:.1f}"


def weekly_distance(weekly: pl.DataFrame, unit: str) -> str:
    """Stacked weekly distance, running (run_km) under walking (walk_km: walks and hikes), in
    `unit` (km or mi), one bar per row of views.weekly_table (week_start). The same numbers
    as charts.weekly.distance_by_sport, drawn without Plotly."""
    title = f"Weekly distance ({unit})"
    if weekly.is_empty():
        return _no_weeks(title)
    scale = per_unit(unit)
    series = [
        (name, [(v or 0.0) / scale for v in weekly[column].to_list()], colour)
        for name, column, colour in (("running", "run_km", RUN), ("walking", "walk_km", WALK))
    ]
    return weekly_bars(weekly["week_start"].to_list(), series, title, unit, unit)


def weekly_load(weekly: pl.DataFrame) -> str:
    """Weekly training load (views.weekly_table's `load`: the sum of session loads, TRIMP), one
    bar per week. The same numbers as charts.weekly.weekly_load, drawn without Plotly."""
    title = "Weekly training load"
    if weekly.is_empty():
        return _no_weeks(title)
    loads = [v or 0.0 for v in weekly["load"].to_list()]
    series = [("load", loads, OTHER)]
    return weekly_bars(weekly["week_start"].to_list(), series, title, "load (TRIMP)", "", 0)


def runs_against_target(weeks: pl.DataFrame) -> str:
    """Runs per week (metrics.rest.runs_vs_target via views.targets: week_start, runs, target,
    status) coloured by status, the week's target as a dashed tick, a week without runs as a
    mark at zero. The same numbers as charts.weekly.runs_against_target, without Plotly."""
    title = "Runs per week against your target"
    if weeks.is_empty():
        return _no_weeks(title)
    statuses = weeks["status"].to_list()
    colours = [STATUS_COLOURS.get(s, MUTED) for s in statuses]
    key = [(s, c) for s, c in STATUS_COLOURS.items() if s in statuses]
    runs = [float(v or 0) for v in weeks["runs"].to_list()]
    target = (
        "target",
        [None if v is None else float(v) for v in weeks["target"].to_list()],
        TARGET,
    )
    more = Extras(colours=colours, target=target, notes=statuses, zeros=True, key=key)
    return weekly_bars(
        weeks["week_start"].to_list(), [("runs", runs, RUN)], title, "runs", "", 0, more
    )


def fits(weeks: list[date]) -> bool:
    """Whether weekly bars over `weeks` need nothing Plotly adds: they span three months or
    less, so the Plotly chart would have no range buttons (charts.ranges) and a dozen bars
    need no zoom."""
    return span_days(weeks) <= PRESETS[0][0]


def _no_weeks(title: str) -> str:
    return f'<p class="bl-bars"><strong>{escape(title)}</strong>: no weeks in this period</p>'


@dataclass(frozen=True)
class Extras:
    """What a weekly bar chart may add: a colour per week (one series), a `target` per week
    (name, values, colour) drawn as a dashed tick, words said after each week's numbers, a
    mark at zero for weeks with nothing (a zero, not a gap), and the colour key to show."""

    colours: list[str] | None = None
    target: tuple[str, list[float], str] | None = None
    notes: list[str] | None = None
    zeros: bool = False
    key: list[tuple[str, str]] | None = None


def weekly_bars(
    weeks: list[date],
    series: list[tuple[str, list[float], str]],
    title: str,
    axis: str,
    unit: str,
    digits: int = 1,
    extras: Extras | None = None,
) -> str:
    """One bar a week (`weeks`: their Mondays), each stacked from `series` (name, a value per
    week, colour), the first at the bottom; `axis` names the values above the y axis, `unit`
    follows each number said on hover and to a screen reader (with `digits` decimals)."""
    more = extras or Extras()
    after = f" {unit}" if unit else ""
    totals = [sum(values) for values in zip(*(v for _, v, _ in series), strict=True)]
    goals = more.target[1] if more.target else []
    top, step = nice_ceiling(max(totals + [g for g in goals if g is not None]))
    ticks = [step * i for i in range(round(top / step) + 1)]
    grid = "".join(
        f'<div class="bl-grid" style="bottom:{t / top * 100:.2f}%"></div>' for t in ticks[1:]
    )
    y_labels = "".join(
        f'<span style="bottom:{t / top * 100:.2f}%">{_number(t, step)}</span>' for t in ticks
    )
    columns, labels = [], []
    for i, (week, total) in enumerate(zip(weeks, totals, strict=True)):
        parts = [
            (name, values[i], more.colours[i] if more.colours else colour)
            for name, values, colour in series
        ]
        words = [f"{name} {value:.{digits}f}{after}" for name, value, _ in parts]
        tick = ""
        if more.target and more.target[1][i] is not None:
            name, values, colour = more.target
            words.append(f"{name} {values[i]:.{digits}f}{after}")
            tick = (
                f'<div class="bl-tick" style="bottom:{values[i] / top * 100:.2f}%;'
                f'border-color:{colour}"></div>'
            )
        said = f"Week of {week:%d %b %Y}: " + ", ".join(
            words + ([more.notes[i]] if more.notes else [])
        )
        stack = "".join(
            f'<div style="height:{value / total * 100:.2f}%;background:{colour}"></div>'
            for _, value, colour in parts
            if value > 0
        )
        zero = (
            f'<div class="bl-zero" style="background:{MUTED}"></div>'
            if more.zeros and total == 0
            else ""
        )
        columns.append(
            f'<div class="bl-col" role="img" aria-label="{escape(said)}" title="{escape(said)}">'
            f'<div class="bl-stack" style="height:{total / top * 100:.2f}%">{stack}</div>'
            f"{zero}{tick}</div>"
        )
        labels.append(f"<span>{week.day} {week:%b}</span>")
    sums = [f"{name} {sum(values):.{digits}f}{after}" for name, values, _ in series]
    summary = (
        f"{title}, {len(weeks)} weeks from {weeks[0]:%d %b %Y} to {weeks[-1]:%d %b %Y}: "
        f"{sums[0]} in all{''.join(', ' + s for s in sums[1:])}."
    )
    shown = more.key or ([(name, colour) for name, _, colour in series] if len(series) > 1 else [])
    target = ""
    if more.target:
        target = (
            f'<span class="bl-key"><span class="bl-dash" style="border-color:{more.target[2]}">'
            f"</span>{escape(more.target[0])}</span>"
        )
    return (
        f"<style>{FIGURE_CSS}{CSS}</style>"
        f'<figure class="bl-fig bl-bars" aria-label="{escape(summary)}">'
        f"{caption(title, shown, target)}"
        f'<div class="bl-unit">{escape(axis)}</div>'
        f'<div class="bl-body"><div class="bl-y" aria-hidden="true">{y_labels}</div>'
        f'<div class="bl-plot">{grid}{"".join(columns)}</div>'
        f'<div></div><div class="bl-x" aria-hidden="true">{"".join(labels)}</div>'
        f'<div></div><div class="bl-axis">Week starting</div></div></figure>'
    )
