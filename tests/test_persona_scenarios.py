"""Issue 9's acceptance scenarios, end to end: each persona in a real SQLite store, then the
Overview page (AppTest) and `boneload guidance` say what the person should read.

- a walker in week 2 of the walking phase: on track, never asked to run;
- week 1 of running with 3 runs: ahead of plan, told why;
- Couch to 5K week 6 done as prescribed: 3 of 3;
- a ten-year runner at 4-5 runs a week: no weekly nagging, the rest between runs shown;
- a person whose clinician limits impact: never asked to run;
- a 20% spike and a long-gap run: alerted, with the cohort caveat beside each.
The personas are laid out from today backwards (tests/personas.py), so every scenario holds on
any weekday; the page reads the real clock, in UTC here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from connectors.store import Store
from dashboard.cli import main
from dashboard.guidance.safety import NOT_ADVICE, TITLE
from dashboard.metrics.spikes import COHORT_CAVEAT
from tests import personas

ROOT = Path(__file__).resolve().parents[1]
ASKS_TO_RUN = re.compile(
    r"more runs? (fits?|to reach)|runs? to reach|Keep .*run under|Suggested days|No runs so far|"
    r"below target|ahead of plan",
    re.IGNORECASE,
)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'persona.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.setenv("BONELOAD_DEMO", "0")
    monkeypatch.setenv("TZ", "UTC")
    return url


def today() -> Any:
    return datetime.now(UTC).date()


def stored(url: str, builder: Callable[..., personas.Persona]) -> None:
    store = Store(url)
    try:
        personas.store_persona(store, builder(today()))
    finally:
        store.close()


def overview(url: str) -> dict[str, Any]:
    """The Overview page's words, by kind, with markup escapes removed."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("dashboard/pages/overview.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    clean = lambda items: [i.value.replace("\\", "") for i in items]  # noqa: E731
    words = {
        "takeaway": [m for m in clean(at.markdown) if m.startswith("#### ")],
        "markdown": clean(at.markdown),
        "caption": clean(at.caption),
        "warning": clean(at.warning),
        "info": clean(at.info),
        "success": clean(at.success),
        "metrics": {m.label: m.value for m in at.metric},
    }
    # what the page says to the person, without the "About these metrics" reference entries
    about = {m.value.replace("\\", "") for e in at.expander for m in e.markdown}
    said = {k: [x for x in v if x not in about] for k, v in words.items() if k != "metrics"}
    everything = " ".join(" ".join(v) for v in said.values())
    assert NOT_ADVICE in words["caption"]  # visible, not inside an expander
    assert f"**{TITLE}**" in words["markdown"]
    return {**words, "all": everything}


def cli(url: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(["guidance", "--db", url, "--today", today().isoformat()], out=out, err=err)
    assert code == 0, err.getvalue()
    text = out.getvalue()
    assert NOT_ADVICE in text and TITLE in text
    return text


def guidance_part(text: str) -> str:
    """The "This week, for your bones" part of the CLI output (before "Worth a look")."""
    return text.split("\nWorth a look\n")[0]


def test_a_walker_in_week_two_is_on_track_and_never_asked_to_run(db_url: str) -> None:
    stored(db_url, personas.walker_week2)
    page = overview(db_url)
    assert page["takeaway"][0].startswith("#### Week 2 of the walking phase: on track.")
    assert "Run days" not in page["metrics"] and "Walk days" in page["metrics"]
    assert not ASKS_TO_RUN.search(page["all"])
    text = cli(db_url)
    assert "Week 2 of the walking phase: on track." in text
    assert not ASKS_TO_RUN.search(text)


def test_three_runs_in_the_first_running_week_are_ahead_of_plan_and_told_why(db_url: str) -> None:
    stored(db_url, personas.first_running_week)
    page = overview(db_url)
    assert page["takeaway"] == [
        "#### 3 runs in week 1 of running, against the plan's 1: ahead of plan."
    ]
    assert any(i.startswith("Why that matters: the plan builds from 1 run") for i in page["info"])
    text = cli(db_url)
    assert "ahead of plan" in text and "Why that matters" in text


def test_couch_to_5k_week_six_done_as_prescribed_is_three_of_three(db_url: str) -> None:
    stored(db_url, personas.couch_to_5k_week6)
    page = overview(db_url)
    text = cli(db_url)
    if today().weekday() >= 4:  # week 6 is this week (see tests/personas.py)
        assert page["takeaway"] == [
            "#### Week 6 of the walk-to-run plan: 3 of 3 sessions done. Well done."
        ]
        (sessions,) = [m for m in page["markdown"] if m.startswith("Plan week 6,")]
        assert sessions.count("✓") == 3 and "○" not in sessions
        assert "Week 6 of the walk-to-run plan: 3 of 3 sessions done" in text
        assert len(re.findall(r"- Session \d: .*: done ", text)) == 3
    else:  # week 6 was last week: done 3 of 3, this week is week 7
        last = "Last week: plan week 6, 3 of 3 done, so this week is week 7."
        assert any(last in m for m in page["markdown"])
        assert page["takeaway"][0].startswith("#### Week 7 of the walk-to-run plan: 0 of 3")
        assert last in text


def test_a_ten_year_runner_is_not_nagged_and_sees_rest_between_runs(db_url: str) -> None:
    stored(db_url, personas.ten_year_runner)
    page = overview(db_url)
    section = " ".join(page["takeaway"] + page["markdown"][:4])
    assert not re.search(r"more runs?|to reach|target|ahead of plan|below", section)
    assert not [w for w in page["warning"] if "consecutive days" in w]  # context, not a flag
    text = guidance_part(cli(db_url))
    assert not re.search(r"more runs?|to reach|target|ahead of plan|below", text)
    (runs,) = [line for line in text.splitlines() if line.startswith("- Runs: ")]
    if today().weekday() >= 2:  # by Wednesday two runs or more: the rest between is described
        assert re.search(r"a day without running between each|back to back on", runs)


def test_when_a_clinician_limits_impact_nothing_asks_for_a_run(db_url: str) -> None:
    stored(db_url, personas.limited_impact)
    page = overview(db_url)
    assert "a clinician limits impact" in page["takeaway"][0]
    assert not ASKS_TO_RUN.search(page["all"])
    assert list(page["metrics"]) == [
        "Walk days", "Strength days", "Balance days", "Rest days so far"
    ]  # fmt: skip
    text = guidance_part(cli(db_url))
    assert not ASKS_TO_RUN.search(text)
    assert not re.search(r"\brun", text.split("\n", 2)[2], re.IGNORECASE)


@pytest.mark.parametrize(
    ("builder", "words"),
    [
        (personas.spike_20, "a run 20% longer (by distance) than your longest run of the previous"),
        (personas.long_gap, "a run 25% longer (by distance) than your longest run in the 90 days"),
    ],
)
def test_a_spike_and_a_long_gap_run_are_alerted_with_the_caveat(
    db_url: str, builder: Callable[..., personas.Persona], words: str
) -> None:
    stored(db_url, builder)
    page = overview(db_url)
    (alert,) = [w for w in page["warning"] if words in w]
    assert COHORT_CAVEAT in alert
    assert page["success"] == []  # no "Nothing to flag"
    text = cli(db_url)
    (line,) = [x for x in text.splitlines() if words in x]
    assert COHORT_CAVEAT in line
    assert "Nothing to flag" not in text


def test_logged_pain_surfaces_in_the_safety_panel_as_text(db_url: str) -> None:
    person = personas.spike_20(today())
    last = max(range(len(person.rows)), key=lambda i: person.rows[i]["start_utc"])
    note = "shin sore ![x](http://e.test/a.png) <img src=x>"
    person.rows[last] = {**person.rows[last], "pain": 6.0, "rpe": 8.0, "note": note}
    store = Store(db_url)
    try:
        personas.store_persona(store, person)
    finally:
        store.close()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("dashboard/pages/overview.py")
    at.run()
    assert not at.exception
    values = [m.value for m in at.markdown]
    assert "**Pain you logged at 4/10 or more, in the last four weeks**" in values
    (line,) = [v for v in values if "pain 6/10" in v]
    # escaped: shown as typed, never drawn as an image or HTML
    assert "![x](" not in line and "<img" not in line.replace("\\<img", "")
    assert note in line.replace("\\", "").replace("\u200b", "")  # zero-width break in URLs
    text = cli(db_url)
    assert f"pain 6/10 (Morning Run): {note}" in text


def report_html(url: str) -> str:
    """The report the Report page previews (its iframe's document)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("dashboard/pages/report.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    (frame,) = [e for e in at.main if getattr(e, "type", "") == "iframe"]
    return frame.proto.srcdoc


def test_the_report_page_carries_name_profile_guidance_and_safety(db_url: str) -> None:
    person = personas.limited_impact(today())
    store = Store(db_url)
    try:
        personas.store_persona(store, person)
        store.save_settings({"display_name": "Bea <Example>"}, personas.LOCAL_OWNER)
    finally:
        store.close()
    html = report_html(db_url)
    assert '<p class="who">Bea &lt;Example&gt;</p>' in html
    assert "A clinician limits impact: the guidance is walking, strength and balance" in html
    (section,) = re.findall(r"<h2>This week, for your bones.*?</ul>", html)
    assert "a clinician limits impact" in section and not ASKS_TO_RUN.search(section)
    assert "evidence: <i>well-founded</i>" in html
    assert "<h2>Stop and see a clinician if...</h2>" in html
    assert "<h2>Session log, with effort and pain</h2>" in html


def test_the_couch_to_5k_report_shows_plan_adherence(db_url: str) -> None:
    stored(db_url, personas.couch_to_5k_week6)
    html = report_html(db_url)
    done = 15 if today().weekday() >= 4 else 18  # weeks 1-5; 1-6 when week 6 was last week
    assert f"Walk-to-run plan: {done} of {done} sessions done" in html
    assert "weeks repeated: 0" in html
