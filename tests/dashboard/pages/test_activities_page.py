"""The Activities and Log a session pages through AppTest: demo data, an empty store, imported
data (search, open, edit, delete), a logged session (log, edit, delete), and what a share-link
viewer and an anonymous visitor may not do."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store, share_links
from connectors.store.edits import edited_fields
from dashboard.components.render import plain
from tests.dashboard.pages.page_helpers import open_page

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime.now(UTC).replace(tzinfo=None)


def count_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### "))


def test_demo_history_lists_searches_and_opens_read_only(db_url: str) -> None:
    at = open_page("activities")
    total = int(re.match(r"#### (\d+) of (\d+) activities", count_line(at)).group(2))
    assert total > 300
    table = at.dataframe[0].value
    assert list(table.columns)[:8] == [
        "date",
        "time",
        "name",
        "sport",
        "type",
        "duration",
        "distance (km)",
        "pace (min/km)",
    ]
    assert re.fullmatch(r"\d+:\d\d:\d\d", table["duration"].iloc[0])
    # a walk without a shoe shows an empty cell, not the word "None" (the grid's null)
    assert table["shoe"].isna().sum() == 0 and (table["shoe"] == "").any()
    # the period picker is labelled like Sports and Sort beside it (and lines up with them)
    period = at.selectbox(key="period")
    assert period.label == "Period" and period.proto.label_visibility.value == 0  # VISIBLE
    at.text_input(key="activity_search").input("LONG RUN").run()
    found = int(re.match(r"#### (\d+) of", count_line(at)).group(1))
    assert 0 < found < total
    assert set(at.dataframe[0].value["name"]) == {"Long Run"}
    assert at.dataframe[2].value["source"].tolist() == ["demo"]  # the opened one's sources
    assert not [b for b in at.button if b.label in ("Save changes", "Delete")]  # the demo
    at.text_input(key="activity_search").input("no such thing").run()
    assert count_line(at) == f"#### 0 of {total} activities"
    assert "Nothing matches" in at.info[-1].value


def test_an_empty_store_says_how_to_fill_it(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BONELOAD_DEMO", "0")
    at = open_page("activities")
    assert "Nothing to show yet" in at.info[0].value
    log = open_page("log_session")
    assert log.button[0].label == "Log this session"
    assert "None yet." in " ".join(c.value for c in log.caption)


def test_owner_edits_and_deletes_an_imported_activity(imported: Store) -> None:
    at = open_page("activities")
    assert count_line(at) == "#### 4 of 4 activities"
    at.selectbox(key="activity_sort").set_value("Name (A-Z)").run()
    names = at.dataframe[0].value["name"].tolist()
    assert names == sorted(names, key=str.lower)
    walk = (
        imported.activities("local")
        .filter(imported.activities("local")["sport"] == "walk")
        .row(0, named=True)
    )
    at.selectbox(key="activity_open").set_value(walk["activity_id"]).run()
    sources = at.dataframe[2].value
    assert sources["file"].tolist() == ["activities_2023_94.csv"]
    assert sources["source"].tolist() == ["strava_export"]
    at.text_input[1].input("Hoka Clifton")  # the shoe field of the edit form
    at.text_input[2].input("Walk to *work* [x](http://e.vil)")
    at.selectbox[3].set_value("hike")
    next(n for n in at.number_input if n.label == "Pain (0-10)").set_value(3.0)
    next(t for t in at.text_area if t.label == "Your note").input("shin sore after")
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception and at.success[0].value == "Saved."
    with imported.engine.connect() as conn:
        edited = edited_fields(conn, "local", [walk["activity_id"]])[walk["activity_id"]]
    assert edited == {"sport", "gear", "name", "pain", "note"}  # effort untouched: not marked
    stored = imported.activities("local").filter(
        imported.activities("local")["activity_id"] == walk["activity_id"]
    )
    assert stored.select("sport", "gear", "name", "pain", "note").row(0) == (
        "hike", "Hoka Clifton", "Walk to *work* [x](http://e.vil)", 3.0, "shin sore after",
    )  # fmt: skip
    at.checkbox(key=f"sure_{walk['activity_id']}").check().run()
    next(b for b in at.button if b.label == "Delete").click().run()
    assert not at.exception
    message = at.success[0].value
    assert message.startswith(plain("Deleted Walk to *work* [x](http://e.vil)."))  # as data
    assert plain("activities_2023_94.csv (strava_export, import 1)") in message
    assert "Importing that file again brings it back." in message
    assert imported.count("local") == 3


def test_log_edit_and_delete_a_session_on_the_page(store: Store) -> None:
    at = open_page("log_session")
    day = date.today() - timedelta(days=1)
    at.date_input(key="log_day").set_value(day)
    at.time_input(key="log_time").set_value(time(6, 45))
    at.selectbox(key="log_type").set_value("impact")
    at.number_input(key="log_minutes").set_value(12.0)
    at.number_input(key="log_reps").set_value(80)
    at.slider(key="log_rpe").set_value(6)
    at.slider(key="log_pain").set_value(3)
    at.text_area(key="log_note").input("**hops** on grass")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Logged: Plyometrics, ")
    (row,) = store.activities("local").to_dicts()
    assert (row["source"], row["sport"], row["reps"], row["pain"], row["rpe"]) == (
        "manual", "impact", 80, 3.0, 6.0,
    )  # fmt: skip
    assert (row["elapsed_s"], row["note"]) == (720.0, "**hops** on grass")
    assert store.imports("local")[0]["format"] == "manual"
    logged = at.dataframe[0].value
    assert logged["note"].tolist() == ["**hops** on grass"] and logged["repetitions"].tolist() == [
        80
    ]
    assert open_page("activities").dataframe[0].value["sources"].tolist() == ["manual"]

    pain = next(n for n in at.number_input if n.label == "Pain (0-10)")
    effort = next(n for n in at.number_input if n.label == "Effort (0-10)")
    assert (effort.proto.format, pain.proto.format) == ("%.0f", "%.0f")  # 6 and 3, not 6.00
    pain.set_value(1.0)
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception and at.success[0].value.startswith("Saved the session of ")
    assert store.activities("local")["pain"].to_list() == [1.0]
    next(b for b in at.button if b.label == "Delete this session").click().run()
    assert not at.exception and at.success[0].value.startswith("Deleted the session of ")
    assert store.count("local") == 0


def test_a_viewer_sees_activities_read_only_and_never_the_log_form(imported: Store) -> None:
    token, _ = share_links.create(
        imported, "local", "Physio", NOW + timedelta(days=3), ["activities"], NOW
    )
    at = open_page("activities", share=token)
    assert at.title[0].value == "Activities" and count_line(at) == "#### 4 of 4 activities"
    assert at.button == [] and at.checkbox == []  # no edit, no delete
    refused = open_page("log_session", share=token)
    assert refused.title[0].value == "Activities"  # not routed: the viewer's home instead
    assert not [b for b in refused.button if b.label == "Log this session"]


def test_an_anonymous_visitor_gets_no_log_form(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BONELOAD_PUBLIC", "1")
    at = open_page("log_session")
    assert at.title[0].value == "Overview"
    assert not [b for b in at.button if b.label == "Log this session"]
