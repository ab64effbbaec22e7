"""The bone-loading score in plain words, for a person who is not a scientist."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashboard.metrics.bone import session_bone_load
from dashboard.metrics.bone_explain import (
    EVIDENCE,
    explain_session,
    explain_sessions,
    explain_week,
    months_sentence,
    targets_sentence,
)

MON = datetime(2026, 4, 6, 7)
JARGON = ("osteogenic", "GRF", "BW", "ln(", "mechanosensitivity", "index")


def rows(make, acts: list[dict]) -> list[dict]:
    return session_bone_load(make(acts)).to_dicts()


def plain(text: str) -> bool:
    return not any(word in text for word in JARGON)


def test_a_walk_is_told_it_keeps_you_active_but_scores_nothing(make):
    (walk,) = rows(make, [{"start": MON, "sport": "walk", "minutes": 30}])
    text = explain_session(walk)
    assert text.startswith("This 30-minute walk keeps you active")
    assert "adds nothing to the bone-loading score" in text
    assert "1.2 times your body weight" in text and plain(text)


def test_a_rested_run_counts_in_full_and_a_close_one_says_why_less(make):
    first, second = rows(
        make,
        [
            {"start": MON, "sport": "run", "minutes": 30, "km": 10.8, "avg_cadence_spm": 165},
            {
                "start": MON + timedelta(hours=3, minutes=30),
                "sport": "run",
                "minutes": 30,
                "km": 10.8,
                "avg_cadence_spm": 165,
            },
        ],
    )
    one = explain_session(first)
    assert one == (
        "This 30-minute run loaded your legs with about 2.5 times your body weight at each of "
        "about 4,950 steps. It counts 21 points, in full: your bones had rested long enough."
    )
    two = explain_session(second)
    assert "It counts 8 of its 21 points: it came 3 hours after your last impact session" in two
    assert "about 8 hours of rest" in two and plain(two)


def test_missing_data_is_said_out_loud(make):
    (run,) = rows(make, [{"start": MON, "sport": "run", "minutes": 25}])
    text = explain_session(run)
    assert "No distance was recorded, so a typical running pace was assumed." in text
    assert "The steps were not recorded" in text


def test_jumps_are_counted_as_repetitions(make):
    (jumps,) = rows(
        make, [{"start": MON, "sport": "impact", "sport_type": "Jumps", "minutes": 10, "reps": 100}]
    )
    text = explain_session(jumps)
    assert "This 10-minute jumps session" in text and "about 100 repetitions" in text
    assert "about 5.0 times your body weight" in text


def test_week_sentences(make):
    walks = session_bone_load(
        make([{"start": MON + timedelta(days=d), "sport": "walk"} for d in range(3)])
    )
    text = explain_week(walks)
    assert text.startswith("This week's bone-loading score is 0: walks keep you active")
    assert "not a target to chase" in text and "rest days between runs still matter" in text
    mixed = session_bone_load(
        make(
            [
                {"start": MON, "sport": "run", "minutes": 30},
                {"start": MON + timedelta(hours=2), "sport": "run", "minutes": 30},
                {"start": MON + timedelta(days=1), "sport": "walk"},
            ]
        )
    )
    text = explain_week(mixed)
    assert "from 2 impact sessions" in text and "1 came less than 8 hours after" in text
    assert "Walks count as activity, not in this score." in text and plain(text)
    assert explain_week(mixed.clear()).startswith("This week's bone-loading score is 0: no runs")
    assert EVIDENCE == "speculative"


def week(**overrides) -> dict:
    row = {"phase": "running", "runs_target": 2, "strength_target": 2, "balance_target": 0}
    return row | overrides


def test_targets_sentence_by_profile():
    assert targets_sentence(week()) == (
        "A full bone week, for you now: 2 run days with a rest day between and 2 strength days."
    )
    walking = targets_sentence(week(phase="walking", runs_target=0, balance_target=3))
    assert walking == (
        "A full bone week, for you now: your walks (no runs asked yet: the walking phase comes "
        "first), 2 strength days and 3 balance days."
    )
    limited = targets_sentence(week(phase="limited", runs_target=0, strength_target=1))
    assert limited == (
        "A full bone week, for you now: walking and 1 strength day; no runs or jumps, as your "
        "profile says a clinician limits impact."
    )
    nothing = targets_sentence(week(runs_target=0, strength_target=0))
    assert nothing == "A full bone week, for you now: any activity."
    five = targets_sentence(week(runs_target=5, strength_target=0))
    assert "rest day between" not in five and "5 run days" in five


def test_months_sentence():
    assert months_sentence(13, 26) == (
        "13 of your last 26 finished weeks were full bone weeks (50%). Bone changes show over "
        "6-12 months, so this share matters more than any one week."
    )
    assert months_sentence(0, 0).startswith("Your first bone week is still running")


def test_every_session_gets_a_sentence(make):
    sessions = session_bone_load(
        make([{"start": MON, "sport": "run"}, {"start": MON, "sport": "walk"}])
    )
    sentences = explain_sessions(sessions)
    assert sentences.len() == 2 and all(s.startswith("This 30-minute") for s in sentences)
