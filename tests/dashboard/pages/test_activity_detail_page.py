"""The detail view of one activity on the Activities page through AppTest: an imported FIT
file's heart rate, pace, cadence, route and laps; a GPX outing's speed, route and splits; a
CSV activity's plain note that only totals were imported."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.files.base import ImportOptions
from connectors.importing import import_paths
from connectors.store import Store, share_links

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / ".." / "shared" / "samples"
FIT_RUN = SAMPLES / "fit" / "fitdecode_activity-small-fenix2-run.fit"
GPX_WALK = SAMPLES / "gpx" / "gpxpy_cerknicko-jezero.gpx"
STRAVA_2023 = ROOT / "tests" / "fixtures" / "strava" / "activities_2023_94.csv"
NOW = datetime.now(UTC).replace(tzinfo=None)


def open_activity(store: Store, source: str, share: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if share:
        at.query_params["share"] = share
    at.switch_page("dashboard/pages/activities.py")
    at.run()
    frame = store.activities("local")
    chosen = frame.filter(frame["source"] == source)["activity_id"][0]
    at.selectbox(key="activity_open").set_value(chosen).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_a_fit_run_shows_heart_rate_pace_cadence_route_and_laps(store: Store) -> None:
    if not FIT_RUN.exists():
        pytest.skip(f"sample {FIT_RUN} is absent")
    options = ImportOptions(timezone="Europe/Oslo")
    import_paths(store, [FIT_RUN, STRAVA_2023], options, NOW, "local")
    at = open_activity(store, "fit")
    assert titles(at) == ["Heart rate", "Pace", "Cadence", "Route"]
    assert any("From its FIT file" in c.value for c in at.caption)
    laps = at.dataframe[-1].value
    assert laps.columns.tolist() == ["lap", "starts at", "time", "distance (km)",
                                     "pace (per km)", "heart rate (bpm)"]  # fmt: skip
    assert len(laps) == 4
    assert "**Laps**" in [m.value for m in at.markdown]


def test_a_gpx_of_another_sport_shows_speed_route_and_splits(store: Store) -> None:
    if not GPX_WALK.exists():
        pytest.skip(f"sample {GPX_WALK} is absent")
    import_paths(store, [GPX_WALK], ImportOptions(timezone="Europe/Ljubljana"), NOW, "local")
    at = open_activity(store, "gpx")
    assert titles(at) == ["Heart rate", "Speed", "Route"]  # no <type>: "other", no cadence
    assert any("Splits" in m.value for m in at.markdown)
    assert at.dataframe[-1].value["lap"].tolist()[:4] == [1, 2, 3, 4]


def test_a_csv_activity_says_only_totals_were_imported(store: Store) -> None:
    import_paths(store, [STRAVA_2023], ImportOptions(timezone="America/Chicago"), NOW, "local")
    at = open_activity(store, "strava_export")
    assert any(i.value.startswith("Only totals were imported") for i in at.info)
    assert not at.get("plotly_chart")


def test_a_share_link_viewer_sees_the_charts_but_never_the_route(store: Store) -> None:
    if not GPX_WALK.exists():
        pytest.skip(f"sample {GPX_WALK} is absent")
    import_paths(store, [GPX_WALK], ImportOptions(timezone="Europe/Ljubljana"), NOW, "local")
    token, _ = share_links.create(
        store, "local", "Physio", NOW + timedelta(days=3), ["activities"], NOW
    )
    at = open_activity(store, "gpx", share=token)
    assert titles(at) == ["Heart rate", "Speed"]
    assert any("route is shown to its owner only" in c.value for c in at.caption)


def test_a_file_with_one_lap_shows_splits_instead(store: Store) -> None:
    ride = SAMPLES / "tcx" / "tcxreader_mapmyride_biking.tcx"  # one lap of 15 km
    if not ride.exists():
        pytest.skip(f"sample {ride} is absent")
    import_paths(store, [ride], ImportOptions(timezone="America/New_York"), NOW, "local")
    at = open_activity(store, "tcx")
    assert "**Splits** (every km; the file recorded one lap)" in [m.value for m in at.markdown]
    assert at.dataframe[-1].value["lap"].tolist() == list(range(1, 17))  # 15.35 km


def test_a_session_logged_by_hand_is_not_called_imported(store: Store) -> None:
    from connectors.manual import SessionForm, build_row
    from connectors.store import edits

    form = SessionForm(NOW.date() - timedelta(days=1), "07:30", "walk", 45, 3.2, rpe=4, pain=0)
    edits.log_session(store, build_row(form, timezone="UTC"), "logged by hand", "local")
    at = open_activity(store, "manual")
    said = [i.value for i in at.info]
    assert said and said[0].startswith("You logged this session by hand")
    assert not any("imported" in s for s in said)
    assert [n.value for n in at.number_input][-2:] == [4.0, 0.0]
    assert {n.proto.format for n in at.number_input[-2:]} == {"%.0f"}  # effort 4, not 4.00


def test_the_recording_is_named_by_its_file_not_by_the_export_it_came_in(
    store: Store, tmp_path: Path
) -> None:
    import io
    import zipfile

    if not FIT_RUN.exists():
        pytest.skip(f"sample {FIT_RUN} is absent")
    header, row = list(csv.reader(io.StringIO(STRAVA_2023.read_text(encoding="utf-8"))))[:2]
    row[header.index("Filename")] = "activities/42.fit"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, row])
    export = tmp_path / "export_42.zip"
    with zipfile.ZipFile(export, "w") as zipped:
        zipped.writestr("activities.csv", out.getvalue())
        zipped.write(FIT_RUN, "activities/42.fit")
    import_paths(store, [export], ImportOptions(timezone="Europe/Oslo"), NOW, "local")
    at = open_activity(store, "strava_export")
    said = [c.value for c in at.caption if c.value.startswith("From its")]
    assert said, [c.value for c in at.caption]
    assert said[0].startswith("From its file in the Strava export (FIT, TCX or GPX):")
    assert not any("STRAVA_EXPORT" in c.value for c in at.caption)
