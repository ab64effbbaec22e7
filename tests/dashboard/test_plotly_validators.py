"""Plotly's validator table read entry by entry (dashboard.plotly_validators, issue 12 memory):
every entry as json.load gives it, and figures built the same with it installed or not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from plotly import validator_cache

from dashboard import plotly_validators as pv

ROOT = Path(__file__).resolve().parents[2]
TABLE = Path(validator_cache.__file__).parent / "validators" / "_validators.json"


def test_every_entry_decodes_as_json_load_gives_it() -> None:
    text = TABLE.read_text(encoding="utf-8")
    full = json.loads(text)
    table = pv.LazyTable(text)
    assert {key: table.get(key) for key in full} == full
    assert table.get("no.such.property") is None
    assert table.get("no.such.property", 3) == 3


def test_the_layout_shortcut_finds_what_decoding_finds() -> None:
    text = TABLE.read_text(encoding="utf-8")
    fast, exact = pv._by_layout(text), pv._index(text)
    assert list(fast) == list(exact)
    assert all(fast[key][0] == exact[key][0] for key in exact)  # each value starts there


def test_a_table_laid_out_otherwise_is_still_read_right() -> None:
    full = {"layout": {"params": {"a": 1}, "superclass": "X"}, "bar.x": {"params": {"b": [1, 2]}}}
    for indent in (None, 1, 2, 4, 8):
        text = json.dumps(full, indent=indent)
        table = pv.LazyTable(text)
        assert table.get("bar.x") == full["bar.x"]
        assert table.get("layout") == full["layout"]
    assert pv._by_layout(json.dumps(full)) == pv._by_layout(json.dumps(full, indent=2)) == {}


FIGURES = """
import json, sys
if sys.argv[1] == "lazy":
    from dashboard import plotly_validators
    assert plotly_validators.install()
    assert not plotly_validators.install()  # once only
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from plotly.validator_cache import ValidatorCache
fig = make_subplots(rows=2, cols=1, shared_xaxes=True, specs=[[{"secondary_y": True}], [{}]])
fig.add_trace(go.Scatter(x=[1, 2], y=[3, 4], mode="lines", line={"dash": "dot"}), row=1, col=1)
fig.add_trace(go.Bar(x=[1], y=[2], marker_color="#123456", name="b"), row=2, col=1)
fig.add_trace(go.Heatmap(z=[[1, 2], [3, 4]], colorscale="Viridis"))
fig.update_layout(title="t", xaxis_rangeslider_visible=True, legend_orientation="h")
fig.update_yaxes(rangemode="tozero")
try:
    go.Scatter(mode="sideways")
except ValueError as exc:
    error = str(exc)[:200]
print(json.dumps([fig.to_plotly_json(), error, type(ValidatorCache._json_cache).__name__],
                 default=str, sort_keys=True))
"""


def _figures(mode: str) -> list[object]:
    done = subprocess.run(
        [sys.executable, "-c", FIGURES, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_figures_and_errors_are_the_same_with_the_lazy_table() -> None:
    plain, lazy = _figures("plain"), _figures("lazy")
    assert plain[2] == "dict" and lazy[2] == "LazyTable"
    assert lazy[:2] == plain[:2]
