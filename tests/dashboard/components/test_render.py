"""Memoised figures and pandas-free tables: same results as building and converting afresh."""

from __future__ import annotations

from datetime import date, datetime

import plotly.graph_objects as go
import polars as pl
import pyarrow as pa
import pytest
from streamlit.dataframe_util import (
    convert_anything_to_pandas_df,
    convert_arrow_table_to_arrow_bytes,
    convert_pandas_df_to_arrow_bytes,
)

from dashboard.components import render

WEEKS = pl.DataFrame(
    {
        "week": ["2026-W15", "2026-W16", None],
        "week_start": [date(2026, 4, 6), date(2026, 4, 13), None],
        "runs": [2, 3, 0],
        "spikes": [1, None, 0],
        "run_km": [10.5, float("nan"), None],
        "on_target": [True, None, False],
        "first_run": [datetime(2026, 4, 6, 7, 30), None, None],
        "note": pl.Series([None, None, None], dtype=pl.String),
        "sessions": pl.Series([4, 5, 6], dtype=pl.UInt32),
    }
)


def _sent(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


def _via_pandas(frame: pl.DataFrame) -> pa.Table:
    """What st.dataframe sends for a Polars frame (its pandas route)."""
    return _sent(convert_pandas_df_to_arrow_bytes(convert_anything_to_pandas_df(frame)))


def test_the_arrow_table_is_what_the_pandas_route_sends() -> None:
    ours = render.as_arrow(WEEKS)
    assert isinstance(ours, pa.Table)
    sent = _sent(convert_arrow_table_to_arrow_bytes(ours))
    theirs = _via_pandas(WEEKS)
    assert sent.schema.remove_metadata() == theirs.schema.remove_metadata()
    assert sent.to_pylist() == theirs.to_pylist()
    row = sent.to_pylist()[1]
    assert row["week_start"] == datetime(2026, 4, 13)  # a timestamp, as before
    assert row["spikes"] is None and row["run_km"] is None
    assert sent.schema.field("spikes").type == pa.float64()
    assert sent.schema.field("runs").type == pa.int64()


def test_an_empty_frame_keeps_its_columns() -> None:
    ours = render.as_arrow(WEEKS.clear())
    assert isinstance(ours, pa.Table)
    assert ours.num_rows == 0
    assert ours.column_names == WEEKS.columns


def test_types_it_does_not_reproduce_go_the_usual_way() -> None:
    frame = pl.DataFrame({"laps": [[1, 2], [3]]})
    assert render.as_arrow(frame) is frame


COUNTS = WEEKS.select("week", "week_start", "runs", "spikes")


def _bars(frame: pl.DataFrame, unit: str) -> go.Figure:
    return go.Figure(go.Bar(x=frame["week"].to_list(), y=frame["runs"].to_list(), name=unit))


def _first_unit(frame: pl.DataFrame, units: list[str] | tuple[str, object]) -> go.Figure:
    return _bars(frame, units[0])


def test_a_figure_is_built_once_for_equal_inputs() -> None:
    memo: dict = {}
    first = render.figure(memo, _bars, COUNTS, "km")
    again = render.figure(memo, _bars, COUNTS.clone(), "km")
    assert again is first
    assert len(memo) == 1


def test_changed_inputs_build_a_new_figure() -> None:
    memo: dict = {}
    first = render.figure(memo, _bars, COUNTS, "km")
    other_unit = render.figure(memo, _bars, COUNTS, "mi")
    changed = COUNTS.with_columns(runs=pl.Series([2, 4, 0]))
    other_data = render.figure(memo, _bars, changed, "km")
    assert other_unit is not first and other_data is not first
    assert other_unit.data[0].name == "mi"
    assert list(other_data.data[0].y) == [2, 4, 0]
    assert len(memo) == 3


def test_scalars_of_another_type_build_a_new_figure() -> None:
    memo: dict = {}
    first = render.figure(memo, _first_unit, COUNTS, ("km", 1))
    assert render.figure(memo, _first_unit, COUNTS, ("km", 1)) is first
    assert render.figure(memo, _first_unit, COUNTS, ("km", 1.0)) is not first
    assert render.figure(memo, _first_unit, COUNTS, ("km", True)) is not first
    assert len(memo) == 3


def test_other_objects_are_not_memoised() -> None:
    class Mutable:
        unit = "km"

    memo: dict = {}
    render.figure(memo, lambda frame, where: _bars(frame, where.unit), COUNTS, Mutable())
    assert memo == {}


def test_unhashable_inputs_are_built_every_time() -> None:
    memo: dict = {}
    first = render.figure(memo, _first_unit, COUNTS, ["km"])
    assert render.figure(memo, _first_unit, COUNTS, ["km"]) is not first
    assert memo == {}


def test_frames_with_nan_and_lists_are_keyed_by_content() -> None:
    memo: dict = {}
    laps = WEEKS.with_columns(laps=pl.Series([[1, 2], [], None]))  # run_km holds a NaN
    first = render.figure(memo, _bars, laps, "km")
    assert render.figure(memo, _bars, laps.clone(), "km") is first
    assert render.figure(memo, _bars, laps.with_columns(run_km=pl.lit(1.0)), "km") is not first


def test_the_memo_starts_again_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "MAX_FIGURES", 2)
    memo: dict = {}
    for unit in ("km", "mi", "m"):
        render.figure(memo, _bars, COUNTS, unit)
    assert len(memo) == 1
    (only,) = memo.values()
    assert only.data[0].name == "m"
