"""The Shoes page (AppTest): add a shoe with the distance it already had, rename and retire it,
a default shoe for runs that came without one, the marks typed in km, retired and idle shoes
never heading the page, walking in running shoes named; `boneload shoes` agrees with it."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store
from connectors.store import shoes as store_shoes
from dashboard.cli import main as cli_main
from tests.factories import make_activity, make_result

ROOT = Path(__file__).resolve().parents[3]
TODAY = datetime.now(UTC).date()


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'shoes.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    return url


@pytest.fixture
def store(url: str):
    opened = Store(url)
    yield opened
    opened.close()


def _acts(gear: str | None, days: range, sport: str = "run", km: float = 10.0, tag: str = "r"):
    return [
        make_activity(
            source_id=f"{tag}{d}",
            sport=sport,
            sport_type=sport.title(),
            start_utc=datetime.combine(TODAY - timedelta(days=d), datetime.min.time(), UTC)
            + timedelta(hours=7),
            distance_m=km * 1000.0,
            gear=gear,
        )
        for d in days
    ]


def _open() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("dashboard/pages/shoes.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _takeaway(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### "))


def _in_form(at: AppTest, form: str, kind: str, label: str):
    widgets = at.get(kind)
    return next(w for w in widgets if w.label == label and form in str(w.form_id))


def _click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_add_a_shoe_with_its_starting_distance_and_make_it_the_run_default(store: Store) -> None:
    store.ingest(make_result(_acts(None, range(2, 12))), "garmin.csv", "local")  # 100 km, no gear
    at = _open()
    assert _takeaway(at) == "#### No shoes recorded yet."
    _in_form(at, "add_shoe", "text_input", "Name").set_value("Ghost 15")
    _in_form(at, "add_shoe", "text_input", "Brand and model").set_value("Brooks Ghost 15")
    _in_form(at, "add_shoe", "date_input", "In use from").set_value(TODAY - timedelta(days=6))
    _in_form(at, "add_shoe", "number_input", "Distance it already had (km)").set_value(250.0)
    _click(at, "Add shoe")
    assert store_shoes.shoes(store, "local")["start_km"].to_list() == [250.0]
    table = at.dataframe[0].value
    assert table["Distance (km)"].tolist() == [250.0]  # no run counted yet: no default
    next(s for s in at.selectbox if s.label == "Runs").set_value("Ghost 15")
    _click(at, "Save defaults")
    assert store_shoes.shoe_defaults(store, "local").rows() == [("run", "Ghost 15")]
    # the runs of the last 6 days (days 2-6: 5 runs, 50 km) join the 250 km it already had
    assert at.dataframe[0].value["Distance (km)"].tolist() == [300.0]
    code, out, _ = _cli(store.url)
    assert code == 0 and json.loads(out)[0]["km"] == 300.0


def test_retired_and_idle_shoes_never_head_the_page(store: Store) -> None:
    worn = _acts("Old", range(420, 470), km=20.0, tag="o")  # 1000 km, last worn 14 months ago
    store.ingest(make_result(worn + _acts("Current", range(1, 5), tag="c")), "s.csv", "local")
    at = _open()
    assert _takeaway(at) == "#### Every shoe in use is under the check distance."
    assert any("Not worn for six months or more: Old." in c.value for c in at.caption)
    assert at.dataframe[0].value["Status"].tolist() == [
        "not worn for 6 months",
        "under the check mark",
    ]
    next(s for s in at.selectbox if s.label == "Change a shoe").set_value("Old")
    at.run()
    _in_form(at, "change_shoe", "text_input", "Name").set_value("Old blue pair")
    _in_form(at, "change_shoe", "checkbox", "Retired").check()
    _click(at, "Save shoe")
    record = store_shoes.shoes(store, "local").row(0, named=True)
    assert (record["gear"], record["name"]) == ("Old", "Old blue pair")
    assert record["retired_on"] == TODAY
    assert at.dataframe[0].value["Shoe"].tolist() == ["Current"]
    assert at.dataframe[1].value["Shoe"].tolist() == ["Old blue pair"]  # apart, under Retired
    assert "Retired shoes (1)" in [e.label for e in at.expander]
    assert not any("Not worn for six months" in c.value for c in at.caption)


def test_walking_in_running_shoes_is_named_gently(store: Store) -> None:
    runs = _acts("Ghost", range(1, 4), tag="r")
    walks = _acts("Ghost", range(4, 8), sport="walk", km=5.0, tag="w")
    store.ingest(make_result(runs + walks), "s.csv", "local")
    at = _open()
    table = at.dataframe[0].value
    assert table["Walks and hikes (km)"].tolist() == [20.0]
    assert table["Distance (km)"].tolist() == [50.0]
    assert any(c.value.startswith("Ghost has 20 km of walking and hiking too.") for c in at.caption)


def test_marks_typed_in_km_are_stored_in_miles(store: Store) -> None:
    store.ingest(make_result(_acts("Ghost", range(1, 4))), "s.csv", "local")
    at = _open()
    check = _in_form(at, "shoe_marks", "number_input", "Check at (km)")
    assert check.value == pytest.approx(482.8)
    assert check.proto.format == "%.1f"  # shown as 482.8, not 482.80
    check.set_value(400.0)
    _click(at, "Save marks")
    stored = store.load_settings("local")
    assert stored["shoe_warn_miles"] == pytest.approx(400.0 / 1.609344)
    assert stored["shoe_replace_miles"] == 500.0  # untouched: not drifted by the round trip
    assert _in_form(at, "shoe_marks", "number_input", "Check at (km)").value == 400.0


def _cli(url: str, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(["shoes", "--format", "json", "--db", url, *extra], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_says_when_no_activity_carries_a_shoe(store: Store) -> None:
    store.ingest(make_result(_acts(None, range(1, 4))), "garmin.csv", "local")
    code, out, err = _cli(store.url)
    assert code == 0 and json.loads(out) == []
    assert "no activity names a shoe yet" in err


def test_page_and_cli_share_the_rotation_window(store: Store) -> None:
    # the latest run was 200 days ago: both use the 90 days up to it, not up to today
    acts = _acts("A", range(200, 230, 2), tag="a") + _acts("B", range(201, 231, 6), tag="b")
    store.ingest(make_result(acts), "s.csv", "local")
    at = _open()
    page = dict(
        zip(at.dataframe[0].value["Shoe"], at.dataframe[0].value["Rotation share (%)"], strict=True)
    )
    code, out, err = _cli(store.url)
    assert code == 0
    cli = {r["name"]: round(r["rotation_share"] * 100) for r in json.loads(out)}
    assert page == cli and set(cli.values()) == {75, 25}
    latest = TODAY - timedelta(days=200)
    assert f"90 days up to {latest:%Y-%m-%d}, the latest run" in err
    assert any(f"90 days up to {latest:%Y-%m-%d}, your latest run" in c.value for c in at.caption)


def test_a_default_for_a_shoe_without_a_start_date_starts_today(store: Store) -> None:
    runs = _acts("Ghost", range(30, 33), tag="g") + _acts(None, range(3, 10), tag="n")
    store.ingest(make_result(runs), "mixed.csv", "local")
    at = _open()
    assert at.dataframe[0].value["Distance (km)"].tolist() == [30.0]
    next(s for s in at.selectbox if s.label == "Runs").set_value("Ghost")
    _click(at, "Save defaults")
    assert store_shoes.shoes(store, "local")["start_date"].to_list() == [TODAY]
    # the 7 runs without a shoe are all before today: the default does not reach back to them
    assert at.dataframe[0].value["Distance (km)"].tolist() == [30.0]
