"""Headers people read: no code names, units in the header, durations as h:mm:ss."""

from __future__ import annotations

import polars as pl

from dashboard.labels import HEADERS, human

CODE_NAMES = ("grf_bw", "keller", "oi", "rotation_share", "run_km", "walk_mi", "week_start")


def test_code_names_become_words_with_units_and_order_is_kept() -> None:
    frame = pl.DataFrame({"week": ["2026-W01"], "run_km": [5.0], "runs": [1], "grf_bw": [2.5]})
    out = human(frame)
    assert out.columns == ["week", "running (km)", "runs", "force (x body weight)"]
    assert out.row(0) == ("2026-W01", 5.0, 1, 2.5)


def test_no_code_name_is_left_for_people() -> None:
    for name in CODE_NAMES:
        assert name in HEADERS
        assert "_" not in HEADERS[name]


def test_minutes_read_as_h_mm_ss_and_sort_as_text() -> None:
    frame = pl.DataFrame({"time_on_feet_min": [9.0833, 130.5, None, 0.0]})
    out = human(frame)["time on feet (h:mm:ss)"].to_list()
    assert out == ["0:09:05", "2:10:30", None, "0:00:00"]
    assert sorted(out[:2]) == out[:2]


def test_rotation_share_in_percent() -> None:
    assert human(pl.DataFrame({"rotation_share": [0.4727]})).row(0) == (47.0,)


def test_a_frame_without_code_names_is_unchanged() -> None:
    frame = pl.DataFrame({"Shoe": ["A"], "Distance (km)": [1.0]})
    assert human(frame).equals(frame)
