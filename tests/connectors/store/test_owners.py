"""Every Store method takes an owner, with no default, and two owners never touch each other's
rows through any of them (SQLite and PostgreSQL)."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from connectors.importing import import_bytes, import_paths
from connectors.store import Store
from tests.factories import daily_runs, make_result

ANN, BOB = "ann@example.org", "bob@example.org"


def _public_methods() -> list[tuple[str, inspect.Signature]]:
    return [
        (name, inspect.signature(member))
        for name, member in inspect.getmembers(Store, inspect.isfunction)
        if not name.startswith("_")
    ]


def test_owner_is_a_required_argument_of_every_store_method() -> None:
    with_owner = {name: sig for name, sig in _public_methods() if "owner" in sig.parameters}
    assert set(with_owner) >= {
        "activities", "count", "sources", "imports", "ingest", "record_refusal", "undo_import",
        "load_settings", "save_settings", "shoe_assignments", "assign_shoe",
        "remove_shoe_assignment",
    }  # fmt: skip
    defaults = {
        name: sig.parameters["owner"].default
        for name, sig in with_owner.items()
        if sig.parameters["owner"].default is not inspect.Parameter.empty
    }
    assert defaults == {}
    for function in (import_bytes, import_paths, *_edit_functions()):
        owner = inspect.signature(function).parameters["owner"]
        assert owner.default is inspect.Parameter.empty


def _edit_functions() -> list:
    from connectors.store import edits

    return [f for name, f in inspect.getmembers(edits, inspect.isfunction) if "owner" in
            inspect.signature(f).parameters and f.__module__ == edits.__name__]  # fmt: skip


def test_calling_without_an_owner_is_an_error(store: Store) -> None:
    with pytest.raises(TypeError, match="owner"):
        store.activities()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="owner"):
        store.save_settings({"distance_unit": "mi"})  # type: ignore[call-arg]


def test_two_owners_never_touch_each_other(store: Store) -> None:
    ann = store.ingest(make_result(daily_runs(3)), "ann.csv", ANN)
    bob = store.ingest(make_result(daily_runs(3)), "bob.csv", BOB)  # the same runs
    assert (ann.new, bob.new) == (3, 3)
    store.record_refusal("junk.bin", "junk.bin: not a format boneload recognises", BOB)
    store.save_settings({"distance_unit": "mi"}, ANN)
    store.assign_shoe("Ann's shoe", date(2025, 3, 1), date(2025, 3, 31), ANN)
    [shoe] = store.shoe_assignments(ANN)["assignment_id"].to_list()

    assert store.undo_import(ann.import_id, BOB) == 0  # Ann's import id, Bob's rows: nothing
    store.remove_shoe_assignment(shoe, BOB)
    assert (store.count(ANN), store.count(BOB)) == (3, 3)
    assert store.shoe_assignments(ANN).height == 1 and store.shoe_assignments(BOB).height == 0
    assert store.load_settings(ANN) == {"distance_unit": "mi"} and store.load_settings(BOB) == {}
    assert [i["file_name"] for i in store.imports(ANN)] == ["ann.csv"]
    assert [i["file_name"] for i in store.imports(BOB)] == ["junk.bin", "bob.csv"]
    assert set(store.sources(ANN)["import_id"]) == {ann.import_id}

    assert store.undo_import(ann.import_id, ANN) == 3
    assert (store.count(ANN), store.count(BOB)) == (0, 3)
