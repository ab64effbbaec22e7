"""Chart text and page text reach WCAG AA contrast (4.5:1) in light and dark."""

from __future__ import annotations

import tomllib
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.charts import style

ROOT = Path(__file__).resolve().parents[3]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
AA = 4.5


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert style.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert style.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is the lightest grey that passes AA (4.54:1)
    assert style.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert style.contrast_ratio("#777777", "#FFFFFF") < AA
    assert style.contrast_ratio("#FFFFFF", "#767676") == style.contrast_ratio("#767676", "#FFFFFF")


def test_blend_is_opacity_over_a_background() -> None:
    assert style.blend("#000000", "#FFFFFF", 0.6) == "#666666"
    assert style.blend("#123456", "#FFFFFF", 1.0) == "#123456"


def _themes() -> dict[str, dict[str, str]]:
    light = CONFIG["theme"]
    return {"light": light, "dark": {**light, **CONFIG["theme"]["dark"]}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_text_and_captions_reach_aa_on_both_backgrounds(scheme: str) -> None:
    theme = _themes()[scheme]
    text = theme["textColor"]
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert style.contrast_ratio(text, background) >= AA
        caption = style.blend(text, background, 0.6)  # Streamlit's fadedText60
        assert style.contrast_ratio(caption, background) >= AA, (scheme, background, caption)
        code = style.blend(theme["codeTextColor"], background, 0.6)  # `code` in a caption
        assert style.contrast_ratio(code, background) >= AA, (scheme, background, code)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_reaches_aa_on_the_theme_background(scheme: str) -> None:
    theme = _themes()[scheme]
    assert style.THEMES[scheme].background.upper() == theme["backgroundColor"].upper()
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert style.contrast_ratio(style.TEXT_SHOWN[scheme], background) >= AA


def test_themed_figure_has_large_ticks_in_the_theme_text_colour() -> None:
    fig = style.layout(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), "t", "runs", x_title="week")
    fig.add_annotation(text="zone", x=1, y=1)
    out = style.themed(style.range_buttons(fig))
    assert style.TICK_PX >= 13
    for axis in (out.layout.xaxis, out.layout.yaxis):
        assert axis.tickfont.size == style.TICK_PX
        assert axis.tickfont.color == style.TEXT_IN_THEME
    assert out.layout.font.color == style.TEXT_IN_THEME
    assert out.layout.title.font.color == style.TEXT_IN_THEME
    assert out.layout.annotations[0].font.color == style.TEXT_IN_THEME
    assert out.layout.xaxis.rangeselector.font.color == style.TEXT_IN_THEME
    assert out.layout.yaxis.title.text == "runs"
    assert out.layout.xaxis.title.text == "week"


def test_legend_sits_below_the_plot_never_beside_the_title() -> None:
    fig = go.Figure([go.Bar(x=[1], y=[1], name="a"), go.Bar(x=[1], y=[2], name="b")])
    fig = style.layout(fig, "Runs per week", "runs")
    legend = fig.layout.legend
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")
    assert fig.layout.margin.b >= 90


def test_no_plotly_toolbar() -> None:
    assert style.CONFIG["displayModeBar"] is False


def test_primary_buttons_read_in_dark() -> None:
    dark = _themes()["dark"]
    assert style.page_css("light") == ""
    css = style.page_css("dark")
    assert style.PRIMARY_BUTTON in css and style.THEMES["dark"].background in css
    assert style.contrast_ratio(style.THEMES["dark"].background, dark["primaryColor"]) >= AA
    assert style.contrast_ratio("#FFFFFF", _themes()["light"]["primaryColor"]) >= AA
