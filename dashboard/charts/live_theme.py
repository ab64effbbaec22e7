"""Chart text that follows a theme switch made while a page is open.

Streamlit's main menu (the "⋮" at the top right, shown because .streamlit/config.toml sets
toolbarMode = "viewer") switches between System, Light and Dark at once, without a rerun. The
page's own text follows, but a Plotly chart keeps the colours Streamlit's theme gave it when it
was drawn (style.TEXT_IN_THEME and the button placeholders are replaced once, at render): after
a switch to dark its titles and ticks stayed dark grey on the dark background until the next
page. This CSS draws every chart text in the page's current text colour (`currentColor`: the
theme's textColor, AA on its background in both themes, tests/dashboard/charts/test_style.py)
and the range buttons as a tint of it, so a switch recolours the charts too. Hover labels keep
Plotly's own colours (they are drawn afresh on each hover).
"""

from __future__ import annotations

from typing import Final

CHART = ".stPlotlyChart"
LIVE_THEME_CSS: Final = (
    f"{CHART} svg text:not(.hoverlayer *) {{ fill: currentColor !important; }}"
    f" {CHART} .rangeselector rect {{"
    " fill: color-mix(in srgb, currentColor 14%, transparent) !important;"
    " stroke: color-mix(in srgb, currentColor 40%, transparent) !important; }"
)
