"""An owner's activities, derived frames and figures are computed once per owner, role and data
generation for all their sessions (issue 12), and that never shows stale or someone else's data:
a write by another process shows in the next new session, a viewer never gets the owner's
frame, two owners never each other's (dashboard/generations.py, connectors/store/stamp.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from connectors.store import Store, share_links
from dashboard.generations import Generations
from tests.dashboard.pages.test_roles import ANN, BOB, NOW, run, signed_in
from tests.dashboard.pages.test_roles import store as roles_store
from tests.factories import daily_runs, make_result

store = roles_store


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The owners whose activities the store was asked for, in order."""
    asked: list[str] = []
    original = Store.activities

    def counted(self: Store, owner: str):  # type: ignore[no-untyped-def]
        asked.append(owner)
        return original(self, owner)

    monkeypatch.setattr(Store, "activities", counted)
    yield asked


def _count(at) -> str:  # type: ignore[no-untyped-def]
    return next(m.value for m in at.markdown if m.value.startswith("#### "))


@pytest.mark.postgres
def test_a_second_session_of_an_owner_reads_nothing_again(store: Store, reads: list[str]) -> None:
    first = run("activities", signed_in(ANN))
    assert _count(first) == "#### 4 of 4 activities" and reads == [ANN]
    second = run("activities", signed_in(ANN))
    assert _count(second) == "#### 4 of 4 activities" and reads == [ANN]  # the same copy
    assert len(second.dataframe[0].value) == 4
    bob = run("activities", signed_in(BOB))
    assert _count(bob) == "#### 2 of 2 activities" and reads == [ANN, BOB]


@pytest.mark.postgres
def test_a_write_by_another_process_shows_in_the_next_new_session(
    store: Store, reads: list[str]
) -> None:
    assert _count(run("activities", signed_in(ANN))) == "#### 4 of 4 activities"
    start = datetime.now(UTC) - timedelta(days=5)
    more = daily_runs(2, source="cron", start=start)
    store.ingest(make_result(more), "cron sync", ANN)  # not through dashboard/data.py
    assert _count(run("activities", signed_in(ANN))) == "#### 6 of 6 activities"
    assert reads == [ANN, ANN]


@pytest.mark.postgres
def test_a_viewer_never_gets_the_owners_frame_nor_the_other_way_round(store: Store) -> None:
    token, _ = share_links.create(store, ANN, "Physio", NOW + timedelta(days=3), ["shoes"], NOW)
    owner = run("shoes", signed_in(ANN)).dataframe[0].value["Shoe"].tolist()
    assert sorted(owner) == ["API Shoe", "Ann Shoe"]
    viewer = run(None, {"is_logged_in": False}, token)
    assert viewer.dataframe[0].value["Shoe"].tolist() == ["Ann Shoe"]  # no API Shoe
    again = run("shoes", signed_in(ANN)).dataframe[0].value["Shoe"].tolist()
    assert sorted(again) == ["API Shoe", "Ann Shoe"]


def test_a_generation_gets_new_caches_and_scopes_are_kept_apart() -> None:
    generations = Generations()
    ann, viewer, bob = (1, ANN, "owner"), (1, ANN, "viewer"), (1, BOB, "owner")
    caches = generations.shared(ann)
    caches.values.put("activities", "ann's")
    assert generations.shared(ann) is caches
    assert "activities" not in generations.shared(viewer).values
    assert "activities" not in generations.shared(bob).values
    generations.bump((1, ANN))
    assert "activities" not in generations.shared(ann).values
    assert generations.shared(bob).generation == 0


def test_a_changed_stamp_moves_the_generation_once() -> None:
    generations = Generations()
    generations.check((1, ANN), ("4", "abc"))  # the first stamp seen: nothing to compare
    assert generations.get((1, ANN)) == 0
    generations.check((1, ANN), ("4", "abc"))
    assert generations.get((1, ANN)) == 0
    generations.check((1, ANN), ("6", "abc"))  # another process wrote
    assert generations.get((1, ANN)) == 1
    assert generations.get((1, BOB)) == 0
