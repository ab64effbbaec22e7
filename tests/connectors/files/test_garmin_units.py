"""Units and numbers from the file itself: km or miles from strides, the decimal mark checked
against the file's own pace, "2,81" never read as 281, "--:--:--" a missing value."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.files import garmin_csv
from connectors.files import garmin_units as units
from connectors.files.base import ImportOptions
from connectors.files.numbers import parse_duration, parse_number

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "garmin"
MI = 1609.344
KM_SET = ImportOptions(timezone="America/Mexico_City", distance_unit="km")
MI_SET = ImportOptions(timezone="America/Mexico_City", distance_unit="mi")


def read(name: str, options: ImportOptions):
    return garmin_csv.read(name, (FIXTURES / name).read_bytes(), options)


@pytest.mark.parametrize("name", ["es_2025_millas.csv", "en_2026_miles.csv"])
def test_miles_file_with_no_unit_given_yields_the_right_kilometres(name: str) -> None:
    result = read(name, ImportOptions())  # no unit given: the default, km
    first = result.frame.row(0, named=True)
    miles = {"es_2025_millas.csv": 3.10, "en_2026_miles.csv": 3.13}[name]
    assert first["distance_m"] == pytest.approx(miles * MI)
    feet = {"es_2025_millas.csv": 598, "en_2026_miles.csv": 92}[name]
    assert first["elevation_gain_m"] == pytest.approx(feet * 0.3048)  # statute units: feet
    assert result.warnings[0].startswith("Distances read as miles: the file's stride lengths")
    assert "Your setting says kilometres, so the file's own unit was used" in result.warnings[0]


def test_miles_file_with_the_miles_setting_only_says_what_it_found() -> None:
    result = read("es_2025_millas.csv", MI_SET)
    assert result.warnings == [
        "Distances read as miles: the file's stride lengths, cadence and times add up to miles "
        "(checked on 3 of its runs and walks)."
    ]
    assert result.frame["distance_m"].sum() == pytest.approx((3.10 + 0.62 + 2.00) * MI)


def test_km_file_with_the_miles_setting_stays_in_km() -> None:
    result = read("es_2025.csv", MI_SET)
    assert result.frame["distance_m"].sum() == pytest.approx(15830.0)
    assert "Your setting says miles" in result.warnings[0]


def test_file_without_strides_uses_the_setting() -> None:
    result = read("activities_miles.csv", MI_SET)
    assert result.frame["distance_m"].sum() == pytest.approx(6.0 * MI)
    assert result.warnings == []


def test_stride_evidence() -> None:
    km = units.from_strides([(1.10, 166, 1650, 5.02), (1.0, 170, 600, 1.7)])
    assert (km.unit, km.rows) == ("km", 2) and km.ratio == pytest.approx(1004, abs=10)
    mi = units.from_strides([(1.10, 166, 1650, 5.02 / 1.609344)])
    assert mi.unit == "mi"
    unclear = units.from_strides([(1.10, 166, 1650, 5.02 / 1.3)])
    assert unclear.unit is None and unclear.rows == 1
    assert (
        "do not tell whether its distances are kilometres or miles"
        in (units.messages(unclear, "km")[0])
    )
    assert units.from_strides([(0.0, 166, 1650, 5.0), (1.1, 0, 1650, 5.0)]).rows == 0
    assert units.messages(units.from_strides([]), "km") == []


HEAD = "Activity Type,Date,Title,Distance,Time,Avg HR,Avg Pace,Moving Time\r\n"


def test_two_decimals_with_a_comma_in_a_decimal_point_file_are_not_hundreds() -> None:
    data = (
        HEAD
        + 'Running,2026-03-01 07:00:00,a,"2,81",00:16:52,150,6:00,00:16:50\r\n'
        + 'Running,2026-03-02 07:00:00,b,"5.02",00:30:07,150,6:00,00:30:00\r\n'
    ).encode()
    frame = garmin_csv.read("x.csv", data, KM_SET).frame
    assert frame["distance_m"].to_list() == [pytest.approx(2810.0), pytest.approx(5020.0)]


def test_three_decimals_misread_as_thousands_are_caught_by_the_files_own_pace() -> None:
    data = (
        HEAD
        + 'Running,2026-03-01 07:00:00,a,"1,234",00:06:10,150,5:00,--:--:--\r\n'
        + 'Running,2026-03-02 07:00:00,b,"2,468",00:12:20,150,5:00,--:--:--\r\n'
    ).encode()
    result = garmin_csv.read("x.csv", data, KM_SET)
    assert result.frame["distance_m"].to_list() == [pytest.approx(1234.0), pytest.approx(2468.0)]
    assert result.warnings == [
        "Numbers were read with a decimal comma: only then do the distances agree with the "
        "file's own pace column."
    ]  # and "--:--:--" is a missing moving time, not a warning
    assert result.frame["moving_s"].to_list() == [None, None]


def test_distances_that_disagree_with_the_pace_either_way_are_named() -> None:
    data = (HEAD + 'Running,2026-03-01 07:00:00,a,"5.00",00:30:00,150,0:36,--\r\n').encode()
    result = garmin_csv.read("x.csv", data, KM_SET)
    assert "they look about 10 times too small" in " ".join(result.warnings)


def test_pace_and_speed_cells() -> None:
    assert units.pace_speed("5:00") == pytest.approx(12.0)
    assert units.pace_speed("26.4") == pytest.approx(26.4)
    assert units.pace_speed("--") is None and units.pace_speed("0:00") is None
    assert units.misread_by(1.02) is None and units.misread_by(98.0) == 100.0
    assert units.misread_by(3.0) is None


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("2,81", ".", 2.81), ("2,81", ",", 2.81), ("1,337", ".", 1337.0), ("1,337", ",", 1.337),
        ("1.337", ",", 1337.0), ("2.932", ",", 2932.0), ("1.025,5", ".", 1025.5),
        ("1,025.5", ",", 1025.5), ("12,345,678", ".", 12345678.0), ("'-16", ".", -16.0),
        ("--", ".", None), ("--:--:--", ".", None),
    ],
)  # fmt: skip
def test_parse_number(text: str, decimal: str, value: float | None) -> None:
    assert parse_number(text, decimal) == (pytest.approx(value) if value is not None else None)


def test_parse_number_refuses_what_is_no_number() -> None:
    for text in ("1,2,3", "1.2.3", "abc"):
        with pytest.raises(ValueError):
            parse_number(text)
    assert parse_duration("--:--:--") is None
