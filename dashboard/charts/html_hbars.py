"""Horizontal bars as plain HTML and CSS, for a short list such as Shoes' distance per shoe
(issue 12: a handful of bars needs no zoom, and the page then loads no Plotly). Pure: values in,
text out; every text escaped. The figure and its caption are html_bars' (FIGURE_CSS, caption).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Final

from dashboard.charts.html_bars import FIGURE_CSS, caption

# One row per item (name | bar | value), marks as dashed lines over the bars.
HBARS_CSS: Final = """
.bl-hbars .bl-hbody{display:grid;grid-template-columns:minmax(0,auto) 1fr auto;
  column-gap:.5rem;align-items:center}
.bl-hbars .bl-name{max-width:9.5rem;overflow-wrap:anywhere}
.bl-hbars .bl-value{text-align:right;white-space:nowrap}
.bl-hbars .bl-track{position:relative;height:1.9rem;
  border-left:1px solid color-mix(in srgb,currentColor 45%,transparent)}
.bl-hbars .bl-hbar{position:absolute;left:0;top:18%;height:64%;border-radius:0 2px 2px 0}
.bl-hbars .bl-lines{position:relative;height:2.6rem}
.bl-hbars .bl-lines span{position:absolute;transform:translateX(-100%);white-space:nowrap;
  padding-right:.25rem}
.bl-hbars .bl-mark{position:absolute;top:0;bottom:0;width:0;border-left:2px dashed}
"""


@dataclass(frozen=True)
class Bar:
    """One row: its `name` (shown, may be cut), what it `says` on hover and to a screen reader,
    its `value` and `colour`."""

    name: str
    says: str
    value: float
    colour: str


@dataclass(frozen=True)
class Mark:
    """A dashed line across every row at `value`, labelled `label` above the rows."""

    value: float
    label: str
    colour: str


def horizontal_bars(
    title: str,
    bars: list[Bar],
    marks: list[Mark],
    key: list[tuple[str, str]],
    axis: str,
    summary: str,
) -> str:
    """Horizontal bars as HTML, for a short list (a dozen rows): each row its name, bar and
    value (so no tick axis is needed), the marks as dashed lines labelled on rows of their own
    above the bars (never on top of each other), the colour `key` (label, colour) beside the
    title. The axis runs from 0 to 8% past the longest bar or mark, so no mark is clipped.
    Every text is escaped here."""
    top = max([b.value for b in bars] + [m.value for m in marks] + [1.0]) * 1.08
    lines = "".join(
        f'<div class="bl-mark" style="left:{m.value / top * 100:.2f}%;border-color:{m.colour}">'
        "</div>"
        for m in marks
    )
    labels = "".join(
        f'<span style="left:{m.value / top * 100:.2f}%;top:{1.3 * i:.1f}rem">'
        f"{escape(m.label)}</span>"
        for i, m in enumerate(marks)
    )
    rows = "".join(
        f'<div class="bl-name" title="{escape(b.says)}">{escape(b.name)}</div>'
        f'<div class="bl-track" role="img" aria-label="{escape(b.says)}" '
        f'title="{escape(b.says)}"><div class="bl-hbar" style="width:{b.value / top * 100:.2f}%;'
        f'background:{b.colour}"></div>{lines}</div>'
        f'<div class="bl-value" aria-hidden="true">{b.value:,.0f}</div>'
        for b in bars
    )
    return (
        f"<style>{FIGURE_CSS}{HBARS_CSS}</style>"
        f'<figure class="bl-fig bl-hbars" aria-label="{escape(summary)}">'
        f"{caption(title, key)}"
        f'<div class="bl-hbody"><div></div><div class="bl-lines" aria-hidden="true">{labels}</div>'
        f'<div></div>{rows}<div></div><div class="bl-axis">{escape(axis)}</div><div></div></div>'
        "</figure>"
    )
