"""Garmin Activities.csv in every language read: one fixture per language and header generation.

Each fixture has a real export's exact header row, its real activity-type names and number
formats, and made-up values (tests/fixtures/garmin/SOURCES.md says where each came from).
"*_unverified" fixtures use headers quoted in public code, not read in a real file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.errors import BadFile
from connectors.files import garmin_csv, generic_csv
from connectors.files import garmin_languages as gl
from connectors.files.base import ImportOptions, ReadResult
from connectors.registry import detect
from connectors.schema import SPORTS, validate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "garmin"
OSLO = ImportOptions(timezone="Europe/Oslo", distance_unit="km")

# file, language, activities, sports in file order, total km, every row has an average HR
LANGUAGE_FIXTURES = [
    ("de_2022.csv", "de", 3, ["run", "run", "run"], 16.42, True),
    ("de_2023.csv", "de", 3, ["run", "run", "run"], 11.91, True),
    ("pt_2021.csv", "pt", 3, ["run", "run", "run"], 13.86, True),
    ("hu_2024.csv", "hu", 6, ["run", "run", "run", "walk", "strength", "ride"], 34.25, True),
    ("da_2020.csv", "da", 2, ["run", "run"], 11.15, True),
    ("da_2025.csv", "da", 5, ["run", "run", "walk", "swim", "strength"], 20.92, True),
    ("da_2026.csv", "da", 2, ["run", "run"], 18.37, True),
    ("sv_2026.csv", "sv", 5, ["run", "run", "walk", "balance", "impact"], 14.97, True),
    ("es_2025.csv", "es", 3, ["run", "run", "run"], 15.83, True),
    ("nl_2018.csv", "nl", 4, ["run", "ride", "swim", "hike"], 26.25, False),
    ("pl_2021.csv", "pl", 2, ["run", "run"], 10.55, False),
    ("en_2026_decimal_comma.csv", "en", 3, ["run", "run", "run"], 18.76, True),
    ("fr_2026_unverified.csv", "fr", 3, ["run", "strength", "hike"], 13.65, True),
    ("it_2022_unverified.csv", "it", 2, ["run", "run"], 13.00, True),
    ("no_2023_unverified.csv", "no", 2, ["run", "run"], 12.52, True),
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str, options: ImportOptions = OSLO) -> ReadResult:
    return garmin_csv.READER.read(name, fixture(name), options)


@pytest.mark.parametrize(("name", "code", "count", "sports", "km", "hr"), LANGUAGE_FIXTURES)
def test_each_language_fixture_yields_its_figures(
    name: str, code: str, count: int, sports: list[str], km: float, hr: bool
) -> None:
    data = fixture(name)
    assert detect(name, data).name == "garmin_csv"
    header = data.decode("utf-8").splitlines()[0].split(",")
    language = gl.detect(header)
    assert language is not None and language.code == code
    result = read(name)
    assert validate(result.frame) == []
    assert result.problems == []
    frame = result.frame
    assert frame.height == count
    assert frame["sport"].to_list() == sports
    assert frame["distance_m"].sum() / 1000 == pytest.approx(km, abs=0.005)
    assert (frame["avg_hr"].null_count() == 0) is hr
    assert frame["elapsed_s"].min() > 60
    runs = frame.filter(frame["sport"] == "run")
    assert runs["avg_cadence_spm"].null_count() == 0  # every table maps the cadence column
    assert "Distances read as kilometres" in result.warnings[0]


def test_every_table_loads_with_known_keys_and_families() -> None:
    assert set(gl.LANGUAGES) == {"en", "de", "fr", "es", "it", "nl", "pt", "da", "sv", "no",
                                 "fi", "pl", "hu"}  # fmt: skip
    for language in gl.LANGUAGES.values():
        assert set(language.columns.values()) <= gl.KEYS
        assert set(language.types.values()) <= set(SPORTS)
        assert {"type", "date", "distance", "avg_hr"} <= set(language.columns.values())
    unverified = {c for c, lang in gl.LANGUAGES.items() if not lang.verified}
    assert unverified == {"fr", "it", "no"}


def test_header_matching_ignores_case_accents_and_punctuation() -> None:
    da = gl.LANGUAGES["da"]
    assert gl.columns(["AKTIVITETSTYPE", "Dato", "Tid", "Gennemsnitlig  puls"], da) == {
        "type": 0, "date": 1, "time": 2, "avg_hr": 3}  # fmt: skip
    assert gl.norm("Medellopkadens") == gl.norm("Medellöpkadens")  # an ASCII-only re-save
    assert gl.norm("Training Stress Score®") == "training stress score"


def test_danish_2020_and_2026_keep_heart_rate_cadence_and_ascent() -> None:
    for name in ("da_2020.csv", "da_2026.csv"):
        run = read(name).frame.row(0, named=True)
        assert run["avg_hr"] and run["max_hr"] and run["avg_cadence_spm"]
        assert run["elevation_gain_m"] is not None


def test_danish_2025_time_written_as_hours_and_minutes() -> None:
    result = read("da_2025.csv")
    run = result.frame.row(0, named=True)
    assert run["elapsed_s"] == 3551.0  # Tidsforbrug 00:59:11; "Tid" is "0:59" (h:mm)
    assert run["moving_s"] == 3533.0
    assert result.warnings[0].startswith("Distances read as kilometres")  # timer read as h:mm


def test_german_treadmill_and_track_runs_are_runs() -> None:
    frame = read("de_2023.csv").frame
    assert dict(zip(frame["sport_type"], frame["sport"], strict=True)) == {
        "Laufen": "run", "Laufen auf der Bahn": "run", "Laufbandtraining": "run"}  # fmt: skip


def test_german_resave_with_one_decimal_comma_among_points_reads_2_81_km() -> None:
    """The real file behind de_2023.csv holds one "2,81" among "1.16"-style numbers."""
    frame = read("de_2023.csv").frame
    track = frame.filter(frame["sport_type"] == "Laufen auf der Bahn").row(0, named=True)
    assert track["distance_m"] == pytest.approx(2810.0)  # never 281 km


def test_portuguese_treadmill_run_of_2_81_km_is_2810_m() -> None:
    frame = read("pt_2021.csv").frame
    treadmill = frame.filter(frame["sport_type"] == "Corrida em esteira").row(0, named=True)
    assert (treadmill["sport"], treadmill["distance_m"]) == ("run", pytest.approx(2810.0))


def test_a_ride_has_no_step_cadence() -> None:
    frame = read("hu_2024.csv").frame
    ride = frame.filter(frame["sport"] == "ride").row(0, named=True)
    assert ride["avg_cadence_spm"] is None and ride["distance_m"] == pytest.approx(21500.0)
    walker = frame.row(0, named=True)  # a run-walk with long pauses: cadence over the timer
    assert (walker["avg_cadence_spm"], walker["moving_s"]) == (44.0, 1460.0)


def test_dutch_2018_reads_garmin_type_keys_and_minute_times() -> None:
    frame = read("nl_2018.csv").frame
    assert frame["sport_type"].to_list()[:3] == ["running", "cycling", "open_water_swimming"]
    assert frame.row(2, named=True)["distance_m"] == 1150.0  # "1,150" metres of a swim
    assert frame.row(0, named=True)["elapsed_s"] == 1680.0  # "28:00"


def test_finnish_spreadsheet_resave_is_read_but_its_dates_are_not_guessed() -> None:
    result = read("fi_2019_resaved.csv")
    assert result.frame.height == 0
    assert [p.row for p in result.problems] == [2, 3, 4]
    assert all("day/month order is never guessed" in p.reason for p in result.problems)


def test_unknown_language_is_named_and_the_form_starts_from_garmin_positions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Polish stands in for a language without a table: its table is taken away."""
    monkeypatch.setattr(gl, "LANGUAGES", {c: t for c, t in gl.LANGUAGES.items() if c != "pl"})
    data = fixture("pl_2021.csv")
    assert garmin_csv.sniff("Activities.csv", data)
    with pytest.raises(BadFile, match="Garmin Connect CSV in a language boneload does not read"):
        garmin_csv.read("Activities.csv", data, OSLO)
    header = generic_csv.csv_columns("Activities.csv", data)
    suggested = generic_csv.suggest_map(header)
    assert suggested == {
        "sport_type": "Typ aktywności", "start_local": "Data", "name": "Tytuł",
        "distance_m": "Dystans", "calories": "Kalorie", "elapsed_s": "Czas",
        "avg_hr": "Średnie tętno", "max_hr": "Maksymalne tętno",
    }  # fmt: skip
    mapped = generic_csv.read("Activities.csv", data, ImportOptions("Europe/Oslo", "km", suggested))
    assert mapped.frame.height == 2
    assert mapped.frame["distance_m"].to_list() == [5840.0, 4710.0]


def test_not_garmin_shaped_csv_keeps_the_generic_suggestion() -> None:
    assert gl.position_map(["When", "What", "Duration"]) == {}
    assert generic_csv.suggest_map(["When", "What", "Duration"])["elapsed_s"] == "Duration"


def test_mapped_csv_reads_type_names_of_every_language() -> None:
    data = (
        "When,What,Duration\n2026-03-01 07:00:00,Laufbandtraining,1800\n"
        "2026-03-02 07:00:00,Corrida em esteira,1800\n2026-03-03 07:00:00,Löpband,1800\n"
    ).encode()
    mapped = {"start_local": "When", "sport_type": "What", "elapsed_s": "Duration"}
    options = ImportOptions("Europe/Oslo", "km", mapped)
    frame = generic_csv.read("log.csv", data, options).frame
    assert frame["sport"].to_list() == ["run", "run", "run"]


def test_every_real_fixture_header_is_a_header_row_listed_in_sources() -> None:
    """The fixtures' header rows are exactly those of the real exports SOURCES.md lists."""
    sources = (FIXTURES / "SOURCES.md").read_text("utf-8")
    real = [f for f, *_ in LANGUAGE_FIXTURES if "unverified" not in f]
    for name in [*real, "es_2025_millas.csv", "en_2026_miles.csv", "fi_2019_resaved.csv"]:
        header = fixture(name).decode("utf-8").splitlines()[0]
        assert f"```\n{header}\n```" in sources, name
