"""The column-wise Strava reader (strava_fast) gives exactly what the row-by-row one gives: the
same rows, values and problems, for every fixture and for rows in every odd shape."""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from polars.testing import assert_frame_equal

from connectors.files import strava_export, strava_fast
from connectors.files.base import ImportOptions
from connectors.files.text import decode_text
from connectors.results import ReadResult

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "strava"
HEADER = [
    "Activity ID", "Activity Date", "Activity Name", "Activity Type", "Elapsed Time", "Distance",
    "Max Heart Rate", "Activity Gear", "Elapsed Time", "Moving Time", "Distance",
    "Elevation Gain", "Average Cadence", "Max Heart Rate", "Average Heart Rate", "Calories",
    "Perceived Exertion", "Total Steps", "Type",
]  # fmt: skip
ODD_ROWS = [
    ["101", "Nov 30, 2022, 12:29:11 AM", "plain run", "Run", "1800", "5.00", "170", "Brooks",
     "1800.0", "1700.0", "5000.0", "12.5", "82.0", "171", "150.5", "400", "5", "", ""],
    ["102", "Jan 1, 2023, 12:00:00 PM", "noon, 12 PM", "Walk", "600", "", "0", "", "", "", "",
     "", "130", "0", "0", "", "", "5400", ""],
    ["103.0", "Feb 2, 2023, 7:05:09 AM", "id with .0", "Run", "900", "2", "", "", "", "", "",
     "", "", "", "", "", "", "", ""],
    ["104", "Mar 3, 2023, 7:05:09 AM", "grouped swim", "Swim", "1200", "1,250", "", "", "",
     "", "", "", "", "", "", "", "", "", ""],
    ["105", "Mar 4, 2023, 7:05:09 AM", "duration text", "Run", "1:02:03", "10", "", "", "",
     "", "", "", "", "", "", "", "", "", ""],
    ["106", "Feb 30, 2023, 7:05:09 AM", "no such day", "Run", "900", "2", "", "", "", "", "",
     "", "", "", "", "", "", "", ""],
    ["107", "Dec 31, 1969, 11:00:00 PM", "before 1970", "Run", "900", "2", "", "", "", "", "",
     "", "", "", "", "", "", "", ""],
    ["108", "Apr 4, 2023, 7:05:09 AM", "no type", "", "900", "2", "", "", "", "", "", "", "",
     "", "", "", "", "", "Hike"],
    ["109", "Apr 5, 2023, 7:05:09 AM", "no type at all", "", "900", "2", "", "", "", "", "",
     "", "", "", "", "", "", "", ""],
    ["110", "Apr 6, 2023, 7:05:09 AM", "ten days", "Run", "864000", "2", "", "", "", "", "",
     "", "", "", "", "", "", "", ""],
    ["111", "Apr 7, 2023, 7:05:09 AM", "negative", "Run", "900", "-2", "", "", "", "", "", "",
     "", "", "", "", "", "", ""],
    ["101", "Apr 8, 2023, 7:05:09 AM", "repeated id", "Run", "900", "2", "", "", "", "", "",
     "", "", "", "", "", "", "", ""],
    ["112", "Apr 9, 2023, 7:05:09 AM", "  spaced name  ", " Trail Run ", " 900 ", "3.5", "",
     " ", "", "", "", "", "", "", "", "", "", "", ""],
    ["113", "Apr 10, 2023, 7:05:09 AM", "digits \u0661\u0662", "Run", "\u0669\u0660\u0660",
     "2", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["114", "Apr 11, 2023, 7:05:09 AM", "odd space\x1c", "Run", "900", "2", "", "", "", "", "",
     "", "", "", "", "", "", "", ""],
    ["115", "2023-04-12 07:05:09", "ISO date", "Yoga", "900", "", "", "", "", "", "", "", "", "",
     "", "", "", "", ""],
    ["116", "Apr 13, 2023, 13:05:09 PM", "hour 13 PM", "Run", "900", "2"],
    ["117", "Apr 14, 2023, 7:05:09 AM", "short row", "Laufen", "900"],
    ["", "Apr 15, 2023, 7:05:09 AM", "no id", "Run", "900", "2"],
    ["118", "Apr 16, 2023, 7:05:09 AM", "text number", "Run", "900", "2", "abc"],
    ["119", "Apr 17, 2023, 7:05:09 AM", "zero elapsed, moving", "Run", "0", "2", "", "", "",
     "0"],
]  # fmt: skip


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    return out.getvalue()


def _both(name: str, text: str, options: ImportOptions) -> tuple[object, object]:
    header, body = strava_export._table(name, text)
    zone = ZoneInfo(options.timezone)
    found = []
    for column_wise in (True, False):
        problems: list = []
        rows = strava_export._activities(
            name, header, body, zone, options, problems, column_wise=column_wise
        )
        found.append((rows, [str(p) for p in problems]))
    return found[0], found[1]


OPTIONS = [
    ImportOptions(timezone="America/Chicago"),
    ImportOptions(timezone="Asia/Kolkata", distance_unit="mi"),
    ImportOptions(timezone="UTC"),
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: o.timezone)
@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.csv")))
def test_fixtures_read_the_same_both_ways(name: str, options: ImportOptions) -> None:
    text = decode_text(name, (FIXTURES / name).read_bytes())
    column_wise, row_by_row = _both(name, text, options)
    assert column_wise == row_by_row


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: o.timezone)
def test_odd_rows_read_the_same_both_ways(options: ImportOptions) -> None:
    column_wise, row_by_row = _both("odd.csv", _csv(ODD_ROWS), options)
    assert column_wise == row_by_row
    rows, problems = column_wise
    assert len(rows) >= 8 and len(problems) >= 8  # both kinds are exercised


def test_plain_rows_take_the_column_wise_path_and_odd_ones_do_not() -> None:
    header, body = strava_export._table("odd.csv", _csv(ODD_ROWS))
    plain, others = strava_fast.parse(header, body, "America/Chicago", "km")
    by_id = {str(v["source_id"]): n for n, v in plain.items()}
    assert {"101", "102", "112"} <= set(by_id)
    assert {"103", "104", "105", "113", "114"}.isdisjoint(by_id)
    assert sorted([*plain, *others]) == [n for n, _ in body]


def test_a_ten_year_history_reads_the_same_both_ways() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.history import ten_year_csv

    text = ten_year_csv(600).decode()
    column_wise, row_by_row = _both("activities.csv", text, OPTIONS[0])
    assert column_wise == row_by_row
    header, body = strava_export._table("activities.csv", text)
    plain, others = strava_fast.parse(header, body, "America/Chicago", "km")
    assert len(plain) == 600 and others == []


# ---- the whole file column-wise (issue 12): strava_fast.read_clean and results.finish_clean ----
NOW = datetime(2030, 1, 1)
CLEAN = ["201", "Nov 30, 2022, 12:29:11 AM", "plain run", "Run", "1800", "5.00", "170",
         "Brooks", "1800.0", "1700.0", "5000.0", "12.5", "82.0", "171", "150.5", "400", "5",
         "5040", ""]  # fmt: skip


def _read(text: str, options: ImportOptions, column_wise: bool) -> ReadResult:
    options = replace(options, now=NOW)
    if column_wise:
        return strava_export.read("activities.csv", text.encode(), options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(strava_fast, "read_clean", lambda *args: None)
        return strava_export.read("activities.csv", text.encode(), options)


def _clean(text: str, options: ImportOptions = OPTIONS[0]) -> ReadResult | None:
    header, body = strava_export._table("activities.csv", text)
    return strava_fast.read_clean(
        "strava_export", "activities.csv", header, body, replace(options, now=NOW), 65536
    )


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: o.timezone)
def test_a_clean_file_reads_the_same_whole_as_row_by_row(options: ImportOptions) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.history import ten_year_csv

    texts = [ten_year_csv(400).decode(), _csv([CLEAN])]
    texts += [decode_text(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.csv"))]
    for text in texts:
        whole, rows = _read(text, options, True), _read(text, options, False)
        assert_frame_equal(whole.frame, rows.frame)
        assert (whole.problems, whole.warnings) == (rows.problems, rows.warnings)
    assert _clean(texts[0], options) is not None and _clean(texts[1], options) is not None


def _with(index: int, value: str) -> list[str]:
    row = list(CLEAN)
    row[0], row[index] = "202", value
    return row


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (_with(1, "Jan 1, 2031, 7:00:00 AM"), "impossible (before 1970 or in the future)"),
        (_with(2, "bell\x07 run"), None),  # the control character is removed, row by row
        (_with(2, "long " * 70), "name is 349 characters long; kept the first 300"),
        (_with(14, "400"), "avg_hr 400 is outside"),
        (_with(17, "5040.5"), None),  # steps rounded to whole steps, row by row
        (["201", *CLEAN[1:]], "Activity ID 201 already appears in row 2"),
    ],
)
def test_what_finish_would_word_or_change_goes_row_by_row(row: list[str], said: str | None):
    text = _csv([CLEAN, row])
    assert _clean(text) is None
    result = _read(text, OPTIONS[0], True)
    assert_frame_equal(result.frame, _read(text, OPTIONS[0], False).frame)
    if said is not None:
        assert any(said in str(m) for m in [*result.problems, *result.warnings]), result
    assert all("\x07" not in name for name in result.frame["name"].to_list())
