"""Re-importing corrects (issue 10): the same file with other settings, or a newer export of the
same account, updates the activities the store holds; undo of that import restores them."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from connectors import importing
from connectors.files.base import ImportOptions
from connectors.store import Store

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MILES = (FIXTURES / "garmin" / "activities_miles.csv").read_bytes()
NOW = datetime(2026, 6, 1)
OSLO_KM = ImportOptions(timezone="Europe/Oslo", distance_unit="km")
OSLO_MI = ImportOptions(timezone="Europe/Oslo", distance_unit="mi")
OWNER = "local"


def _import(store: Store, name: str, data: bytes, options: ImportOptions):
    return importing.import_bytes(store, name, data, options, NOW, owner=OWNER)


def _distances(store: Store) -> list[float]:
    return [round(d, 1) for d in store.activities(OWNER)["distance_m"].to_list()]


def test_a_corrected_distance_unit_updates_every_row_and_undo_restores(store: Store) -> None:
    first = _import(store, "Activities.csv", MILES, OSLO_KM)
    assert (first.new, first.updated) == (3, 0)
    assert _distances(store) == [2100.0, 2000.0, 1900.0]
    second = _import(store, "Activities.csv", MILES, OSLO_MI)
    assert (second.new, second.merged, second.updated, second.skipped) == (0, 0, 3, 0)
    assert _distances(store) == [3379.6, 3218.7, 3057.8]
    logged = store.imports(OWNER)[0]
    assert (logged["import_id"], logged["updated"], logged["skipped"]) == (second.import_id, 3, 0)
    assert store.undo_import(second.import_id, OWNER) == 0  # nothing removed: values restored
    assert _distances(store) == [2100.0, 2000.0, 1900.0]
    assert store.count(OWNER) == 3


def test_the_same_file_with_the_same_settings_changes_nothing(store: Store) -> None:
    _import(store, "Activities.csv", MILES, OSLO_MI)
    again = _import(store, "Activities.csv", MILES, OSLO_MI)
    assert (again.new, again.merged, again.updated, again.skipped) == (0, 0, 0, 3)


STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear\n"
)


def _strava(rows: list[tuple[str, str, str, str]]) -> bytes:
    lines = [f'{i},"{when}",{name},Run,1800,5.0,{gear}' for i, when, name, gear in rows]
    return (STRAVA_HEADER + "\n".join(lines) + "\n").encode()


def test_a_corrected_time_zone_moves_local_times_and_undo_moves_them_back(store: Store) -> None:
    data = _strava([("101", "Nov 30, 2022, 12:29:11 AM", "Evening Run", "Shoe")])
    _import(store, "activities.csv", data, ImportOptions(timezone="UTC"))
    assert store.activities(OWNER)["start_local"][0] == datetime(2022, 11, 30, 0, 29, 11)
    fixed = _import(store, "activities.csv", data, ImportOptions(timezone="America/Chicago"))
    assert fixed.updated == 1
    stored = store.activities(OWNER)
    assert stored["start_local"][0] == datetime(2022, 11, 29, 18, 29, 11)
    assert stored["timezone"][0] == "America/Chicago"
    store.undo_import(fixed.import_id, OWNER)
    assert store.activities(OWNER)["start_local"][0] == datetime(2022, 11, 30, 0, 29, 11)


def test_two_strava_exports_a_year_apart_give_one_shoe(store: Store) -> None:
    """Strava names gear as the athlete named it then; a later export carries the new name for
    every activity, old ones included. The newest export wins, assignments follow."""
    old, new = "Asics Gel Pacemaker 3", "ASICS Asics Gel Pacemaker 3 (orange)"
    first = _strava(
        [
            ("201", "Mar 1, 2025, 7:00:00 AM", "Run 1", old),
            ("202", "Mar 3, 2025, 7:00:00 AM", "Run 2", old),
        ]
    )
    _import(store, "export_2025.csv", first, ImportOptions(timezone="Europe/Oslo"))
    store.assign_shoe(old, date(2025, 3, 1), date(2025, 3, 31), OWNER)
    later = _strava(
        [
            ("201", "Mar 1, 2025, 7:00:00 AM", "Run 1", new),
            ("202", "Mar 3, 2025, 7:00:00 AM", "Run 2", new),
            ("203", "Feb 1, 2026, 7:00:00 AM", "Run 3", new),
        ]
    )
    summary = _import(store, "export_2026.csv", later, ImportOptions(timezone="Europe/Oslo"))
    assert (summary.new, summary.updated) == (1, 2)
    assert store.activities(OWNER)["gear"].unique().to_list() == [new]
    assert store.shoe_assignments(OWNER)["gear"].to_list() == [new]
    store.undo_import(summary.import_id, OWNER)
    assert store.activities(OWNER)["gear"].to_list() == [old, old]
    assert store.shoe_assignments(OWNER)["gear"].to_list() == [old]


def test_a_row_merged_into_another_sources_activity_only_renames(store: Store) -> None:
    """A Strava row that joined a watch's activity renames the shoe, never the measures or the
    name the activity was born with."""
    watch = (
        b"Activity Type,Date,Title,Distance,Time\n"
        b'Running,2025-03-01 08:00:30,"Oslo Running","5.20","00:30:10"\n'
    )
    _import(store, "Activities.csv", watch, OSLO_KM)
    strava = _strava([("301", "Mar 1, 2025, 7:00:00 AM", "Tempo", "Shoe A")])
    assert _import(store, "a.csv", strava, ImportOptions(timezone="Europe/Oslo")).merged == 1
    renamed = _strava([("301", "Mar 1, 2025, 7:00:00 AM", "Tempo run", "Shoe B")])
    assert _import(store, "b.csv", renamed, ImportOptions(timezone="Europe/Oslo")).updated == 1
    row = store.activities(OWNER).row(0, named=True)
    assert (row["name"], row["gear"], row["distance_m"]) == ("Oslo Running", "Shoe B", 5200.0)


def test_values_the_person_edited_stay_theirs(store: Store) -> None:
    from connectors.store import edits

    _import(store, "Activities.csv", MILES, OSLO_KM)
    first = store.activities(OWNER)["activity_id"][0]
    edits.update_activity(store, first, {"name": "Hill reps", "distance_m": 3500.0}, OWNER)
    again = _import(store, "Activities.csv", MILES, OSLO_MI)
    assert again.updated == 3
    row = store.activities(OWNER).row(0, named=True)
    assert (row["name"], row["distance_m"]) == ("Hill reps", 3500.0)
