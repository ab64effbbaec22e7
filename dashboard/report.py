"""A printable report for a doctor, a physiotherapist or a coach. Pure: frames in, HTML out.

One self-contained HTML page (inline CSS and SVG; no fonts, scripts or images from anywhere),
laid out for A4/Letter paper: runs per week against the target, rest days, the walk-to-run
stage, the bone-loading trend (osteogenic index, OI = GRF x ln(steps + 1), Turner & Robling
2003: speculative), shoes, the guidance with its sources (dashboard.metrics.evidence), and the
not-medical-advice note. Every text that came from data (shoe names, labels) is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from html import escape

import polars as pl

from dashboard.labels import clock, heading
from dashboard.metrics.evidence import Evidence

GUIDANCE_KEYS = ("guidelines", "runs_per_week", "day_class", "progression", "osteogenic_index",
                 "shoes")  # fmt: skip
KM_PER_MILE = 1.609344
DISCLAIMER = (
    "boneload describes training; it is not medical advice. The bone-loading estimate comes "
    "from animal studies and has not been validated on human bone density."
)
_CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2933; margin: 0 auto; max-width: 190mm; padding: 8mm 0; background: #fff; }
h1 { font-size: 18pt; margin: 0 0 2mm; color: #0f766e; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #cbd5d1; padding-bottom: 1mm;
  break-after: avoid; }
p { margin: 1.5mm 0; }
.meta { color: #52606d; font-size: 9.5pt; }
.facts { display: flex; flex-wrap: wrap; gap: 3mm; margin: 3mm 0; }
.fact { border: 1px solid #cbd5d1; border-radius: 2mm; padding: 2mm 3mm; min-width: 40mm; }
.fact b { display: block; font-size: 14pt; color: #0f766e; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 2mm 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #e1e7e4; padding: 1mm 1.5mm; text-align: right; }
th { background: #f1f5f4; font-weight: 600; }
th:first-child, td:first-child, td.text, th.text, th.wrap { text-align: left; }
td.text { white-space: nowrap; }
td.wrap { text-align: left; white-space: normal; overflow-wrap: anywhere; max-width: 70mm; }
ul { margin: 1mm 0 1mm 5mm; padding: 0; }
li { margin: 0.5mm 0; break-inside: avoid; }
.who { font-size: 13pt; margin: 0 0 1mm; }
figure { margin: 2mm 0; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #52606d; }
.guide { break-inside: avoid; margin: 2mm 0; }
.note { border-left: 3px solid #b45309; padding: 1mm 3mm; background: #fffbeb; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
"""


@dataclass(frozen=True)
class ReportInfo:
    """Who and what the report is about."""

    start: date
    end: date
    made_on: date
    unit: str = "km"
    about: str = ""  # e.g. "Shared by ann@example.com", or empty
    is_demo: bool = False
    hidden_api: int = 0  # activities held back from a shared view (Strava API only)
    name: str = ""  # settings.display_name: whose training this is
    full_weeks: tuple[int, int] | None = None  # (full bone weeks, complete weeks) in the period


BONE = heading("bone_oi")  # "Bone loading score", as on the pages


def weekly_report_table(weekly: pl.DataFrame, targets: pl.DataFrame, unit: str) -> pl.DataFrame:
    """The report's weekly table (also its CSV): one row per ISO week, oldest first.

    `weekly` is views.weekly_table, `targets` views.targets (week_start, target, status).
    Headers are dashboard.labels' names; distances in `unit` (km or mi), rounded to 0.1; the
    longest run as h:mm:ss; the bone loading score to 0.1.
    """
    scale = KM_PER_MILE if unit == "mi" else 1.0
    joined = weekly.join(
        targets.select("week_start", "target", "status"), on="week_start", how="left"
    )
    return joined.sort("week_start").select(
        pl.col("week").alias("Week"),
        pl.col("week_start").alias(heading("week_start")),
        pl.col("runs").alias("Runs"),
        pl.col("target").alias("Target"),
        pl.col("status").alias("On target"),
        pl.col("rest_days").alias(heading("rest_days")),
        (pl.col("run_km") / scale).round(1).alias(heading(f"run_{unit}")),
        (pl.col("walk_km") / scale).round(1).alias(heading(f"walk_{unit}")),
        clock(pl.col("longest_run_min")).alias(heading("longest_run_min")),
        pl.col("stage").alias("Stage"),
        (pl.col("run_days") + pl.col("impact_days")).alias("Impact days"),
        pl.col("bone_oi").round(1).alias(BONE),
    )


def trend_word(values: list[float]) -> str:
    """Second half of the weeks against the first: "rising", "falling" or "steady" (+/- 10%)."""
    if len(values) < 2:
        return "too few weeks to tell"
    half = len(values) // 2
    before = sum(values[:half]) / half
    after = sum(values[half:]) / (len(values) - half)
    if before == 0:
        return "rising" if after > 0 else "steady"
    change = (after - before) / before
    return "rising" if change > 0.10 else "falling" if change < -0.10 else "steady"


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, date | datetime):  # a day, never a clock time ("00:00:00")
        return f"{value:%d %b %Y}"
    return escape(str(value))


def _table(frame: pl.DataFrame, text_columns: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    rows = []
    for row in frame.iter_rows():
        cells = "".join(
            f'<td class="text">{_cell(v)}</td>' if c in text_columns else f"<td>{_cell(v)}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _chart(table: pl.DataFrame) -> str:
    """Inline SVG: runs per week as bars, the target as ticks, the bone-loading index as a line."""
    runs = [int(v or 0) for v in table["Runs"]]
    targets = [int(v or 0) for v in table["Target"]]
    oi = [float(v or 0.0) for v in table[BONE]]
    width, height, pad = 680, 170, 24
    n = max(len(runs), 1)
    step = (width - 2 * pad) / n
    top_runs = max([*runs, *targets, 3])
    top_oi = max([*oi, 1.0])
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-label="Runs per week and bone-loading index">'
    ]
    base = height - pad
    for i, (count, target) in enumerate(zip(runs, targets, strict=True)):
        x = pad + i * step
        h = (base - pad) * count / top_runs
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="#0f766e"/>'
        )
        ty = base - (base - pad) * target / top_runs
        parts.append(
            f'<line x1="{x + step * 0.05:.1f}" x2="{x + step * 0.95:.1f}" y1="{ty:.1f}" '
            f'y2="{ty:.1f}" stroke="#b45309" stroke-width="2"/>'
        )
    points = " ".join(
        f"{pad + (i + 0.5) * step:.1f},{base - (base - pad) * v / top_oi:.1f}"
        for i, v in enumerate(oi)
    )
    if points:
        parts.append(f'<polyline points="{points}" fill="none" stroke="#6d28d9" stroke-width="2"/>')
    parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{base}" y2="{base}" stroke="#52606d"/>')
    weeks = [str(w) for w in table["Week"]]
    if weeks:
        parts.append(f'<text x="{pad}" y="{height - 6}" font-size="11">{escape(weeks[0])}</text>')
        parts.append(
            f'<text x="{width - pad}" y="{height - 6}" font-size="11" text-anchor="end">'
            f"{escape(weeks[-1])}</text>"
        )
    label = f"runs (axis up to {top_runs})"
    parts.append(f'<text x="{pad}" y="14" font-size="11" fill="#52606d">{label}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _facts(table: pl.DataFrame, full_weeks: tuple[int, int] | None = None) -> str:
    weeks = table.height
    runs = int(table["Runs"].sum())
    on_target = table.filter(pl.col("On target") == "on target").height
    stages = [s for s in table["Stage"].to_list() if s and s != "none"]
    stage = "no walks or runs" if not stages else stages[-1]
    if stages and stages[0] != stages[-1]:
        stage = f"{stages[0]} → {stages[-1]}"
    items = [
        ("Weeks", str(weeks)),
        ("Runs per week", f"{runs / weeks:.1f}" if weeks else "0"),
        ("Weeks on target", f"{on_target} of {weeks}")
        if full_weeks is None
        else ("Full bone weeks", f"{full_weeks[0]} of {full_weeks[1]}"),
        ("Rest days per week", f"{table['Rest days'].mean() or 0:.1f}"),
        ("Stage", stage),
        ("Bone loading", trend_word([float(v or 0) for v in table[BONE]])),
    ]
    return (
        '<div class="facts">'
        + "".join(
            f'<div class="fact">{escape(label)}<b>{escape(value)}</b></div>'
            for label, value in items
        )
        + "</div>"
    )


def _guidance(entries: list[Evidence]) -> str:
    out = []
    for e in entries:
        sources = "; ".join(escape(s) for s in e.sources)
        note = f" {escape(e.note)}" if e.note else ""
        out.append(
            f'<div class="guide"><b>{escape(e.title)}</b> · evidence: <i>{escape(e.rung)}</i>.'
            f"{note}<br>How it is counted: {escape(e.formula)}<br>Sources: {sources}</div>"
        )
    return "".join(out)


def render(
    table: pl.DataFrame,
    shoes: pl.DataFrame,
    info: ReportInfo,
    guidance: list[Evidence],
    top: str = "",
    bottom: str = "",
) -> str:
    """The whole report as one HTML document. `table` is weekly_report_table's frame; `shoes`
    views.shoe_table's; `guidance` the evidence entries to explain (GUIDANCE_KEYS); `top` and
    `bottom` are sections already escaped (dashboard.report_sections), drawn after the facts
    and after the weekly table."""
    period = f"{info.start:%d %b %Y} – {info.end:%d %b %Y}"
    notes = []
    if info.is_demo:
        notes.append("Demo data: a made-up athlete, not a real person's training.")
    if info.hidden_api:
        notes.append(
            f"{info.hidden_api} activities that came only through the Strava API are left out "
            "(Strava's API agreement: an athlete's Strava data is shown only to that athlete)."
        )
    distance = "km" if info.unit == "km" else "miles"
    shown_shoes = shoes.select(
        pl.col("name").alias("Shoe"),
        pl.col(distance).alias(heading(f"distance_{info.unit}")),
        pl.col("runs").alias("Runs"),
        pl.col("walks").alias("Walks"),
        pl.col("last_used").alias("Last used"),
        pl.col("status").alias("Status"),
    )
    shoe_html = _table(shown_shoes, ("Shoe", "Status")) if shoes.height else "<p>No shoes.</p>"
    body = [
        "<h1>Running for bone health: training report</h1>",
        f'<p class="who">{escape(info.name)}</p>' if info.name else "",
        f'<p class="meta">{escape(period)} · made {info.made_on:%d %b %Y} by boneload'
        + (f" · {escape(info.about)}" if info.about else "")
        + "</p>",
        *[f'<p class="note">{escape(n)}</p>' for n in notes],
        _facts(table, info.full_weeks) if table.height else "<p>No activities in this period.</p>",
        top,
        "<h2>Runs per week and bone loading</h2>",
        f"<figure>{_chart(table)}<figcaption>Bars: runs per week; orange ticks: the target; "
        "purple line: bone loading score (osteogenic index, relative).</figcaption></figure>",
        "<h2>Week by week</h2>",
        _table(table.drop(heading("week_start")), ("Week", "On target", "Stage")),
        bottom,
        "<h2>Shoes</h2>",
        shoe_html,
        "<h2>Guidance and its sources</h2>",
        _guidance(guidance),
        f'<p class="note">{escape(DISCLAIMER)}</p>',
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>boneload report</title>"
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>"
    )
