"""The pages' forms through AppTest: settings saved and refused, the import history and undo, a
shoe assigned to a date range; and Overview's heading counting the weeks it shows."""

from __future__ import annotations

from datetime import date

import pytest

from connectors.store import Store
from tests.dashboard.pages.page_helpers import html_charts, open_page, short_tables

# ---- interactions ------------------------------------------------------------------------------


def test_settings_form_saves_miles_and_the_overview_follows(db_url: str, store: Store) -> None:
    at = open_page("settings")
    next(r for r in at.selectbox if r.label == "Distance unit").set_value("mi")
    next(b for b in at.button if b.label == "Save settings").click()
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved."]
    assert store.load_settings(owner="local")["distance_unit"] == "mi"

    at.switch_page("dashboard/pages/overview.py")
    at.run()
    assert not at.exception
    assert "running (mi)" in short_tables(at)[0]
    assert "Weekly distance (mi)" in html_charts(at)[0]


def test_settings_form_reads_in_table_order_on_a_phone_with_plain_numbers(
    db_url: str, store: Store
) -> None:
    """On a phone Streamlit stacks columns: two columns filled alternately put "Runs a week to
    start with" far from "to build up to", and "Shoe replace at" above "Shoe check at". Rows of
    two stack in the table's order. Numbers show as 30.0 and 482.8, not 30.00 and 482.80."""
    from connectors.settings import TABLE

    at = open_page("settings")

    def walk(node):
        if getattr(node, "label", None) and node.type != "button":
            yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    shown = [n.label.split(" (")[0] for n in walk(at.main)]
    assert shown == [spec.label for spec in TABLE]
    floats = {spec.label for spec in TABLE if spec.kind == "float"}
    formats = {n.proto.format for n in at.number_input if n.label.split(" (")[0] in floats}
    assert formats == {"%.1f"}


def test_settings_form_refuses_inconsistent_values(db_url: str, store: Store) -> None:
    at = open_page("settings")
    next(n for n in at.number_input if n.label.startswith("Runs a week to start")).set_value(4)
    next(n for n in at.number_input if n.label.startswith("Runs a week to build")).set_value(2)
    next(b for b in at.button if b.label == "Save settings").click()
    at.run()
    assert [e.value for e in at.error] == ["Not saved: runs per week: start \\<= target"]
    assert "runs_per_week_start" not in store.load_settings(owner="local")


def test_import_history_and_undo(imported: Store) -> None:
    at = open_page("import_data")
    history = [m.value for m in at.markdown if m.value.startswith("**activities_2023_94.csv**")]
    assert len(history) == 1
    assert "4 new, 0 merged, 0 updated, 0 already there · partial" in history[0]
    (undo,) = [b for b in at.button if b.label == "Undo"]
    undo.click()
    at.run()
    assert not at.exception
    assert imported.count(owner="local") == 0
    assert [entry["status"] for entry in imported.imports(owner="local")] == ["undone"]
    assert [b for b in at.button if b.label == "Undo"] == []
    assert any("0 already there · undone" in m.value for m in at.markdown)


def test_shoe_assignment_form_stores_a_range(imported: Store) -> None:
    at = open_page("shoes")
    next(t for t in at.text_input if t.label == "Shoe name").set_value("Hoka Clifton 9")
    next(d for d in at.date_input if d.label == "From").set_value(date(2022, 11, 1))
    next(d for d in at.date_input if d.label == "To").set_value(date(2023, 1, 31))
    next(b for b in at.button if b.label == "Assign").click()
    at.run()
    assert not at.exception
    stored = imported.shoe_assignments(owner="local")
    assert stored.select("gear", "start_date", "end_date").rows() == [
        ("Hoka Clifton 9", date(2022, 11, 1), date(2023, 1, 31))
    ]
    assert any(
        m.value == "**Hoka Clifton 9**: runs, walks and hikes from 2022-11-01 to 2023-01-31"
        for m in at.markdown
    )


def test_settings_page_draws_one_widget_per_row_of_the_table(db_url: str) -> None:
    from connectors.settings import TABLE

    at = open_page("settings")
    labels = [w.label for kind in ("selectbox", "number_input", "text_input", "date_input")
              for w in at.get(kind)]  # fmt: skip
    # the shoe marks are typed in the distance unit (km by default), stored in miles
    unit = {"shoe_warn_miles": "km", "shoe_replace_miles": "km"}
    assert sorted(labels) == sorted(
        f"{spec.label} ({unit.get(spec.name, spec.unit)})" if spec.unit else spec.label
        for spec in TABLE
    )
    check = next(n for n in at.number_input if n.label == "Shoe check at (km)")
    assert check.value == pytest.approx(482.8)
    profile = next(s for s in at.selectbox if s.label == "Profile")
    assert profile.options == ["starting", "runner", "limited_impact"]
    pain = next(n for n in at.number_input if n.label.startswith("Pain alert at"))
    assert (pain.min, pain.max, pain.value) == (1, 10, 4)


def test_settings_page_saves_the_new_settings_and_warns_of_a_bad_stored_one(
    db_url: str, store: Store
) -> None:
    store.save_settings({"max_hr": 999, "sex": "male"}, "local")
    at = open_page("settings")
    assert [w.value for w in at.warning] == [
        "stored setting max_hr must be 100-230, not 999; using the default 185"
    ]
    assert next(s for s in at.selectbox if s.label == "TRIMP weighting").value == "male"
    next(s for s in at.selectbox if s.label == "Profile").set_value("limited_impact")
    next(t for t in at.text_input if t.label == "Your name").set_value("Ana")
    next(n for n in at.number_input if n.label.startswith("Year of birth")).set_value(1950)
    next(b for b in at.button if b.label == "Save settings").click()
    at.run()
    assert [s.value for s in at.success] == ["Saved."]
    stored = store.load_settings("local")
    assert (stored["profile"], stored["display_name"], stored["birth_year"]) == (
        "limited_impact",
        "Ana",
        1950,
    )
    assert stored["max_hr"] == 185 and stored["sex"] == "male"


def test_the_overview_heading_counts_the_weeks_it_shows(db_url: str, store: Store) -> None:
    """The Overview shows this week and the 12 before it (13 bars and rows): its heading said
    "The last 12 weeks" over 13."""
    at = open_page("overview")  # the demo: data up to today
    weeks = len(short_tables(at)[0]["week"])
    assert weeks == 13
    assert "This week and the 12 before it" in [s.value for s in at.subheader]


def test_the_overview_heading_for_older_data(imported: Store) -> None:
    at = open_page("overview")  # the 2023 fixture: its latest activity is long past
    weeks = len(short_tables(at)[0]["week"])
    assert f"The week of your latest activity and the {weeks - 1} before it" in [
        s.value for s in at.subheader
    ]
