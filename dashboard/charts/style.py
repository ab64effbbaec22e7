"""Colours and the shared layout of every boneload chart, readable in light and dark.

Text on a chart (title, ticks, axis titles, legend, annotations) takes the theme's text colour
on the theme's background: the same pair as .streamlit/config.toml, which a unit test checks
reaches WCAG AA (4.5:1, https://www.w3.org/TR/WCAG21/#contrast-minimum). Ticks are TICK_PX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

import plotly.graph_objects as go

RUN: Final = "#1B9E77"
WALK: Final = "#D95F02"
OTHER: Final = "#7570B3"
TARGET: Final = "#E7298A"
MUTED: Final = "#9CA3AF"
WARN: Final = "#E6AB02"
ALERT: Final = "#D62728"

DAY_COLOURS: Final = {
    "impact": RUN,
    "weight-bearing": WALK,
    "active": OTHER,
    "rest": MUTED,
}
STAGE_COLOURS: Final = {
    "none": MUTED,
    "walking": WALK,
    "walk-run": WARN,
    "jogging": "#66A61E",
    "running": RUN,
}
SPORT_COLOURS: Final = {
    "run": RUN,
    "walk": WALK,
    "hike": "#A6761D",
    "ride": OTHER,
    "swim": "#1F78B4",
    "strength": TARGET,
    "impact": "#66A61E",
    "balance": "#17BECF",
    "other": MUTED,
}
KM_PER_MILE: Final = 1.609344
TICK_PX: Final = 14
TEXT_PX: Final = 15
TITLE_PX: Final = 18
# No Plotly toolbar: on a phone it covers the title and legend. Drag to zoom and double-click
# to reset still work, and long charts have range buttons (range_buttons).
CONFIG: Final = {"displayModeBar": False, "displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class Palette:
    """The colours chart text and lines sit on in one theme (from .streamlit/config.toml)."""

    text: str
    background: str
    grid: str
    button: str


THEMES: Final = {
    "light": Palette(text="#0B1215", background="#FFFFFF", grid="#D5DCDA", button="#E2E8E6"),
    "dark": Palette(text="#E6ECEA", background="#0E1513", grid="#2E3A37", button="#26322F"),
}


# Streamlit writes white on a primary button; on the dark theme's light teal that is 1.9:1.
# In dark, the page's own dark background colour goes on it instead (page_css).
PRIMARY_BUTTON: Final = '[data-testid^="stBaseButton-primary"]'


def page_css(scheme: str) -> str:
    """CSS the page needs in `scheme` for AA contrast that the theme config cannot set."""
    if scheme != "dark":
        return ""
    text = THEMES["dark"].background
    return f"{PRIMARY_BUTTON}, {PRIMARY_BUTTON} * {{ color: {text} !important; }}"


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"expected #RRGGBB, got {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB #RRGGBB colour (0 black .. 1 white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio (1 .. 21) between two #RRGGBB colours; AA text needs 4.5."""
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(foreground: str, background: str, alpha: float) -> str:
    """`foreground` drawn at opacity `alpha` over `background`, as #rrggbb (how Streamlit
    draws captions: its text colour at 60% opacity)."""
    mixed = (
        round(alpha * f + (1 - alpha) * b)
        for f, b in zip(_rgb(foreground), _rgb(background), strict=True)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)


def per_unit(unit: str) -> float:
    """Divide kilometres by this to get the user's unit."""
    return KM_PER_MILE if unit == "mi" else 1.0


WEEK_AXIS: Final = "week (from Monday)"
DATE_AXIS: Final = "date"
MONTH_AXIS: Final = "month"


def layout(
    fig: go.Figure, title: str, y_title: str = "", height: int = 340, x_title: str | None = None
) -> go.Figure:
    """Title top-left, legend below the plot (never beside the title, where a phone's narrow
    width makes them collide), axis titles, one hover label for all series. `x_title`: every
    chart names its x axis (None leaves a title set before, e.g. by update_xaxes, as it is)."""
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": TITLE_PX}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="x unified",
        yaxis_title=y_title,
    )
    return legend_below(fig, bottom=100 if len(fig.data) > 1 else 10)


def legend_below(fig: go.Figure, bottom: int = 100) -> go.Figure:
    """The legend at the foot of the figure, under the x-axis title (never on it, never over
    the title on a phone): anchored to the figure, with `bottom` pixels kept for axis and
    legend."""
    fig.update_layout(
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "xanchor": "left",
            "x": 0,
        },
        margin={"b": bottom},
    )
    return fig


def range_buttons(fig: go.Figure) -> go.Figure:
    """3 months / a year / all buttons above the first date axis (a drag on the plot zooms)."""
    fig.update_layout(
        margin={"t": 90},
        xaxis={
            "rangeselector": {
                "buttons": [
                    {"count": 3, "label": "3 months", "step": "month", "stepmode": "backward"},
                    {"count": 1, "label": "1 year", "step": "year", "stepmode": "backward"},
                    {"label": "all", "step": "all"},
                ],
                "x": 0,
                "xanchor": "left",
                "y": 1.02,
                "yanchor": "bottom",
            }
        },
    )
    return fig


# Streamlit's Plotly theme swaps placeholder colours for the page's theme in the browser, so a
# chart follows a switch between light and dark at once. GRAY_90 (Streamlit's
# streamlit_plotly_theme.py) becomes #262730 in light and #FAFAFA in dark (read from Streamlit
# 1.67's frontend in a browser): 15:1 and 18:1 on this app's backgrounds. GRAY_70, Streamlit's
# own tick colour, is #808495 in light: 3.7:1, below AA.
TEXT_IN_THEME: Final = "#000037"
TEXT_SHOWN: Final = {"light": "#262730", "dark": "#FAFAFA"}


def themed(fig: go.Figure) -> go.Figure:
    """`fig` (changed in place) with every text in the page theme's text colour (TEXT_IN_THEME)
    and ticks TICK_PX; drawn with Streamlit's theme, which supplies the rest. Through Plotly's
    API, which validates every property on every axis: the pages use themed_spec, the same
    theme on the figure's dict (tests check both give the same figure)."""
    text = {"color": TEXT_IN_THEME}
    fig.update_layout(
        font={**text, "size": TEXT_PX},
        title_font={**text, "size": TITLE_PX},
        legend_font=text,
        hoverlabel={"font": {"size": TEXT_PX}},
    )
    axis = {"tickfont": {**text, "size": TICK_PX}, "title_font": {**text, "size": TEXT_PX}}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    fig.update_annotations(font_color=TEXT_IN_THEME)
    if fig.layout.xaxis.rangeselector.buttons:
        fig.update_layout(  # Streamlit's BG_MIX and FADED_TEXT_05 placeholders
            xaxis_rangeselector={
                "font": {**text, "size": TICK_PX},
                "bgcolor": "#000040",
                "activecolor": "#000039",
            }
        )
    return fig


def empty(title: str, message: str) -> go.Figure:
    """A figure that says there is nothing to draw, instead of an empty frame of axes."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, title, height=200)


_AXIS = re.compile(r"^[xy]axis\d*$")


def _merge(target: dict[str, Any], *path: str, **values: Any) -> None:
    """target[path...] updated with `values`, nested dicts merged as Plotly's update does."""
    for name in path:
        target = target.setdefault(name, {})
    for name, value in values.items():
        if isinstance(value, dict):
            _merge(target, name, **value)
        else:
            target[name] = value


def themed_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """What themed() does, on a figure's dict (go.Figure.to_dict(), changed in place): plain
    dict updates, no validation, a fraction of a millisecond instead of 20-70 ms a figure
    (bench/page_profile.py). update_xaxes/update_yaxes reach every x/y axis the layout holds
    and always the first; update_annotations every annotation."""
    layout = spec.setdefault("layout", {})
    text = {"color": TEXT_IN_THEME}
    _merge(layout, "font", **text, size=TEXT_PX)
    _merge(layout, "title", "font", **text, size=TITLE_PX)
    _merge(layout, "legend", "font", **text)
    _merge(layout, "hoverlabel", "font", size=TEXT_PX)
    axes = {name for name in layout if _AXIS.match(name)} | {"xaxis", "yaxis"}
    for name in sorted(axes):
        _merge(layout, name, "tickfont", **text, size=TICK_PX)
        _merge(layout, name, "title", "font", **text, size=TEXT_PX)
    for note in layout.get("annotations", ()):
        _merge(note, "font", **text)
    if layout["xaxis"].get("rangeselector", {}).get("buttons"):
        selector = {"font": {**text, "size": TICK_PX}, "bgcolor": "#000040"}
        _merge(layout, "xaxis", "rangeselector", **selector, activecolor="#000039")
    return spec
