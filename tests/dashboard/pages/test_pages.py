"""Every page through Streamlit's AppTest: on demo data, on an empty store, on imported data.

Each test points BONELOAD_DB at its own SQLite file (dashboard.data caches one Store per URL,
so tests never share a store), runs app.py and switches to the page under test.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from connectors.demo import DEMO_LABEL
from connectors.files.base import ImportOptions
from connectors.importing import import_paths
from connectors.store import Store

ROOT = Path(__file__).resolve().parents[3]
STRAVA_2023 = ROOT / "tests" / "fixtures" / "strava" / "activities_2023_94.csv"
VIEW_PAGES = ["overview", "weekly_load", "rest_days", "progression", "shoes", "bone_loading"]
EMPTY_TEXT = "Nothing to show yet. Import your Strava export"
NOW = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as import_paths takes it


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'pages.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    monkeypatch.setenv("TZ", "UTC")  # the default time zone setting
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def imported(store: Store) -> Store:
    """The 94-column Strava fixture: a run, a swim, a walk and a ride, Nov 2022 - Jan 2023."""
    summaries = import_paths(
        store, [STRAVA_2023], ImportOptions(timezone="America/Chicago"), NOW, owner="local"
    )
    assert [(s.new, s.status) for s in summaries] == [(4, "partial")]
    return store


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def takeaways(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("#### ")]


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def chart_types(at: AppTest) -> list[str]:
    """The first trace type of every Plotly chart on the page ("empty" for the empty state)."""
    types = []
    for chart in at.get("plotly_chart"):
        data = json.loads(chart.proto.spec)["data"]
        types.append(data[0]["type"] if data else "empty")
    return types


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def column(at: AppTest, index: int, name: str) -> list:
    return at.dataframe[index].value[name].tolist()


def short_tables(at: AppTest) -> list[dict[str, list[str]]]:
    """The short HTML tables on the page (render.short_table: no data grid), as columns of
    their cells' text."""
    found = []
    for body in (h.proto.body for h in at.get("html") if 'class="bl-table"' in h.proto.body):
        head = [html.unescape(h) for h in re.findall(r"<th(?: [^>]*)?>(.*?)</th>", body)]
        rows = re.findall(r"<tr>(.*?)</tr>", body)
        cells = [c for c in (re.findall(r"<td(?: [^>]*)?>(.*?)</td>", r) for r in rows) if c]
        found.append({h: [html.unescape(r[i]) for r in cells] for i, h in enumerate(head)})
    return found


def short_column(at: AppTest, index: int, name: str) -> list[str]:
    return short_tables(at)[index][name]


def html_charts(at: AppTest) -> list[str]:
    """The HTML charts on the page (render.html_chart: drawn without Plotly)."""
    return [h.proto.body for h in at.get("html") if re.search(r'class="bl-h?bars"', h.proto.body)]


# ---- (a) demo data -----------------------------------------------------------------------------


def _demo_overview(at: AppTest) -> None:
    shown = metrics(at)
    assert list(shown)[:3] == ["Run days", "Other impact days", "Strength days"]
    assert [h.value for h in at.subheader][:2] == ["This week, for your bones", "Worth a look"]
    assert "not medical advice" in " ".join(c.value for c in at.caption)
    assert any(m.value == "**Stop and see a clinician if...**" for m in at.markdown)
    assert chart_types(at) == []  # no Plotly chunk for the first page a person opens
    [bars] = html_charts(at)
    assert "Weekly distance (km)" in bars and bars.count('class="bl-col"') == 13
    assert len(short_column(at, 0, "week")) == 13  # this week and the 12 before it


def _demo_weekly_load(at: AppTest) -> None:
    assert re.match(r"#### \d+ sessions in this period; on \d\d \w+ your form is", takeaways(at)[0])
    # 12 weeks: distance and load as HTML bars, fitness and form in Plotly; the two load
    # ratios only on request (issue 12)
    assert len(chart_types(at)) == 1
    distance, load = html_charts(at)
    assert "Weekly distance (km)" in distance and "Weekly training load" in load
    at.toggle(key="load_ratios").set_value(True).run()
    assert len(chart_types(at)) == 3
    next(s for s in at.selectbox if s.label == "Period").select("Last year").run()
    assert len(chart_types(at)) == 5 and html_charts(at) == []  # long: Plotly, range buttons
    assert "one scale, Banister TRIMP" in at.caption[1].value


def _demo_rest_days(at: AppTest) -> None:
    assert chart_types(at) == ["heatmap", "histogram"]  # the calendar; hours between runs
    [runs] = html_charts(at)  # 12 weeks: HTML bars, no chart script (issue 12)
    assert "Runs per week against your target" in runs
    assert int(metrics(at)["Impact days (runs)"]) > 0
    assert int(metrics(at)["Back-to-back run days"]) >= 1  # the demo athlete slips


def _demo_progression(at: AppTest) -> None:
    assert takeaways(at)[0].startswith("#### Stage in the latest whole week: ")
    assert chart_types(at)[0] == "bar"
    # no plan start set: the reference 9-week plan is shown as a plain HTML table (issue 12)
    [plan] = short_tables(at)
    assert len(plan["description"]) == 27 and plan["week"][-1] == "9"


def _demo_shoes(at: AppTest) -> None:
    assert "Brooks Ghost 15" in column(at, 0, "Shoe")
    assert chart_types(at) == []  # HTML bars: no chart script (issue 12)
    [bars] = html_charts(at)
    assert "Distance per shoe (km)" in bars and "Brooks Ghost 15" in bars
    assert "Import your own data to add shoes, retire them and set defaults." in [
        c.value for c in at.caption
    ]


def _demo_bone_loading(at: AppTest) -> None:
    assert re.match(
        r"#### \d+ of your last \d+ finished weeks were full bone weeks \(\d+%\)", takeaways(at)[0]
    )
    assert any(c.value.startswith("A full bone week, for you now: ") for c in at.caption)
    assert at.warning[0].value.startswith("Evidence: speculative.")
    assert any(m.value.startswith("This week's bone-loading score is") for m in at.markdown)
    assert chart_types(at) == ["bar", "scatter"]  # the score's charts on request (issue 12)
    at.toggle(key="bone_score_charts").set_value(True).run()
    assert chart_types(at) == ["bar", "scatter", "bar", "scatter"]


DEMO_CHECKS = {
    "overview": _demo_overview,
    "weekly_load": _demo_weekly_load,
    "rest_days": _demo_rest_days,
    "progression": _demo_progression,
    "shoes": _demo_shoes,
    "bone_loading": _demo_bone_loading,
}


@pytest.mark.parametrize("page", VIEW_PAGES)
def test_every_view_works_on_demo_data(db_url: str, page: str) -> None:
    at = open_page(page)
    assert infos(at)[0] == f"**{DEMO_LABEL}**"
    assert len(takeaways(at)) == 1
    assert [e.label for e in at.expander] == [
        "About these metrics: formulas, how sure the science is, sources"
    ]
    DEMO_CHECKS[page](at)


# ---- (b) an empty store without demo data ------------------------------------------------------


@pytest.mark.parametrize("page", VIEW_PAGES)
def test_every_view_has_an_empty_state(
    db_url: str, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("BONELOAD_DEMO", "0")
    at = open_page(page)
    assert len(infos(at)) == 1
    assert infos(at)[0].startswith(EMPTY_TEXT)
    assert takeaways(at) == []
    assert at.get("plotly_chart") == []


@pytest.mark.parametrize("page", ["import_data", "settings"])
def test_data_pages_work_on_an_empty_store(
    db_url: str, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("BONELOAD_DEMO", "0")
    at = open_page(page)
    assert DEMO_LABEL not in " ".join(infos(at))
    if page == "import_data":
        assert infos(at) == ["Nothing imported yet: the dashboard stays empty until you do."]
    else:
        assert [b.label for b in at.button] == ["Save settings"]


def test_connections_page_lists_every_source_and_says_what_is_missing(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("STRAVA_CLIENT_ID", "STRAVA_CLIENT_SECRET", "INTERVALS_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    at = open_page("connections")
    assert not at.exception
    assert [h.value for h in at.subheader][:5] == [
        "Strava",
        "intervals.icu",
        "Polar AccessLink",
        "Oura",
        "Fitbit",
    ]
    text = " ".join(infos(at))
    assert "add STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET" in text  # shown through plain()
    assert "INTERVALS_API_KEY" in text


def test_the_import_page_names_the_demo_while_it_shows(db_url: str) -> None:
    at = open_page("import_data")
    assert infos(at) == [
        "Nothing imported yet: the dashboard shows a made-up demo athlete until you do."
    ]


# ---- (c) a store with imported data ------------------------------------------------------------


def _real_overview(at: AppTest) -> None:
    weeks = dict(zip(short_column(at, 0, "week"), short_column(at, 0, "runs"), strict=True))
    assert weeks["2022-W46"] == "1"  # the Sunday-evening run in Chicago
    assert weeks["2022-W48"] == "0"
    assert "Run days" in metrics(at)


def _real_weekly_load(at: AppTest) -> None:
    assert takeaways(at)[0].startswith("#### 4 sessions in this period; on 02 Jan your form is ")
    # ten weeks: a plain HTML table (issue 12), one decimal
    assert short_column(at, 0, "week")[-1] == "2022-W46"  # newest first
    assert short_column(at, 0, "running (km)")[-1] == "5"


def _real_rest_days(at: AppTest) -> None:
    assert metrics(at) == {
        "Impact days (runs)": "1",
        "Walking days": "1",
        "Other active days": "2",
        "Back-to-back run days": "0",
    }
    assert chart_types(at)[0] == "heatmap"
    # the range ends in a week long over: no "so far this week"
    assert takeaways(at) == ["#### No runs in the week of 02 Jan 2023: below target"]


def _real_progression(at: AppTest) -> None:
    assert takeaways(at)[0] == (
        "#### Stage in the latest whole week: walking (from running in the week of 14 Nov 2022)."
    )


def _real_shoes(at: AppTest) -> None:
    assert column(at, 0, "Shoe") == ["Nike Pegasus 39"]
    assert column(at, 0, "Distance (km)") == [5.0]
    assert takeaways(at) == ["#### Every shoe in use is under the check distance."]
    assert "Shoe name" in [t.label for t in at.text_input]  # the assign form, not on demo


def _real_bone_loading(at: AppTest) -> None:
    table = at.dataframe[0].value
    assert table["sport"].tolist() == ["walk", "run"]  # newest first
    assert table["date"].astype(str).tolist() == ["2022-12-01", "2022-11-20"]
    walk_oi, run_oi = table["score"].tolist()
    assert walk_oi == 0 and run_oi > 0  # score v2: walking earns nothing
    assert table["in plain words"].tolist()[0].startswith("This 60-minute walk keeps you active")


REAL_CHECKS = {
    "overview": _real_overview,
    "weekly_load": _real_weekly_load,
    "rest_days": _real_rest_days,
    "progression": _real_progression,
    "shoes": _real_shoes,
    "bone_loading": _real_bone_loading,
}


@pytest.mark.parametrize("page", VIEW_PAGES)
def test_every_view_shows_imported_data(imported: Store, page: str) -> None:
    at = open_page(page)
    assert DEMO_LABEL not in " ".join(infos(at))
    assert not any(i.startswith(EMPTY_TEXT) for i in infos(at))
    assert len(takeaways(at)) == 1
    REAL_CHECKS[page](at)


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
