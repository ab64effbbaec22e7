"""`boneload guidance` output: the Overview's words as text and as JSON-ready data."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

from connectors.settings import Settings
from dashboard.guidance import alerts, compose, safety, text
from tests import personas
from tests.factories import make_frame

FRIDAY = date(2026, 12, 4)


def _parts(builder, today: date = FRIDAY):
    person = builder(today)
    frame = make_frame(person.rows)
    settings = replace(Settings(), **person.settings)
    found = alerts.alerts(frame, settings, today, profile=settings.profile)
    notes = safety.pain_notes(frame, 4, today - timedelta(days=27), today)
    return compose.compose(frame, settings, today), found, notes


def test_the_data_holds_sessions_alerts_evidence_and_the_advice_line() -> None:
    data = text.as_data(*_parts(personas.couch_to_5k_week6))
    assert (data["mode"], data["status"], data["plan_week"]) == ("plan", "done", 6)
    assert [s["done_on"] for s in data["sessions"]] == ["2026-11-30", "2026-12-02", "2026-12-04"]
    assert data["sessions"][1]["run_min"] == 20.0 and data["sessions"][1]["walk_min"] == 3.0
    assert {e["rung"] for e in data["evidence"]} <= {"well-founded", "moderate", "speculative"}
    assert data["not_medical_advice"] == safety.NOT_ADVICE
    json.dumps(data)  # JSON-ready: dates as ISO text


def test_nothing_to_flag_is_printed_only_without_a_warning() -> None:
    calm = text.as_text(*_parts(personas.walker_week2))
    assert text.NOTHING in calm
    spiked = text.as_text(*_parts(personas.spike_20))
    assert text.NOTHING not in spiked
    assert "20% longer (by distance)" in spiked and safety.TITLE in spiked
