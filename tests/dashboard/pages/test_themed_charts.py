"""Every chart the pages draw is the same figure whether themed through Plotly's API
(style.themed) or on its dict (style.themed_spec, what render.chart draws since issue 12): same
JSON, so the charts look the same. The figures are the demo athlete's, from the real pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts import style
from dashboard.components import render

ROOT = Path(__file__).resolve().parents[3]
PAGES = ("overview", "weekly_load", "rest_days", "progression", "shoes", "bone_loading")
ON_REQUEST = ("load_ratios", "bone_score_charts", "pace_at_hr")


def _json(spec: Any) -> Any:
    return json.loads(pio.to_json(spec, validate=False))


@pytest.fixture
def drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """(builder, *arguments) of every chart the chart pages draw for the demo athlete."""
    monkeypatch.setenv("BONELOAD_DB", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    calls: list[tuple[Any, ...]] = []
    original = render.figure

    def spy(memo: Any, build: Any, *args: Any) -> Any:
        calls.append(args)
        return original(memo, build, *args)

    monkeypatch.setattr(render, "figure", spy)
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page(f"dashboard/pages/{page}.py")
        for key in ON_REQUEST:  # the charts a page draws when asked (common.on_request)
            at.session_state[f"_on_request_{key}"] = True
        at.session_state["_chosen_period"] = "Everything"  # Plotly, not HTML bars (issue 12)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return calls


def test_every_chart_is_the_same_themed_either_way(drawn: list[tuple[Any, ...]]) -> None:
    builders = {build.__name__ for build, *_ in drawn}
    assert {"distance_by_sport", "fitness_fatigue_form", "bone_week_chart"} <= builders
    assert {"acwr", "monotony_strain", "weekly_oi", "pace_at_heart_rate"} <= builders
    assert len(builders) >= 12
    for build, *args in drawn:
        by_api = _json(style.themed(build(*args)))
        by_dict = _json(style.themed_spec(build(*args).to_dict()))
        assert by_dict == by_api, build.__name__


def test_a_drawn_figure_is_its_kept_dict() -> None:
    spec = style.themed_spec(style.empty("Nothing", "No weeks in this period").to_dict())
    fig = render.Drawn(spec)
    assert fig.to_dict() is spec
    assert spec["layout"]["font"]["color"] == style.TEXT_IN_THEME
    assert spec["layout"]["annotations"][0]["font"]["color"] == style.TEXT_IN_THEME
