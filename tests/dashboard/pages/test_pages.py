"""Every page through Streamlit's AppTest: on demo data, on an empty store, on imported data.

Each test points BONELOAD_DB at its own SQLite file (the fixtures in conftest.py), runs app.py
and switches to the page under test. The forms are in test_page_forms.py.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from connectors.demo import DEMO_LABEL
from connectors.store import Store
from tests.dashboard.pages.page_helpers import (
    chart_types,
    column,
    html_charts,
    infos,
    metrics,
    open_page,
    short_column,
    short_tables,
    takeaways,
)

VIEW_PAGES = ["overview", "weekly_load", "rest_days", "progression", "shoes", "bone_loading"]
EMPTY_TEXT = "Nothing to show yet. Import your Strava export"


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
