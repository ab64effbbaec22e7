"""The shoes a person manages, in the store (migration 6): add, rename, retire, defaults."""

from __future__ import annotations

from datetime import date

import pytest

from connectors.errors import StoreError
from connectors.store import Store
from connectors.store import shoes as store_shoes


def test_add_rename_retire_and_unretire_round_trip(store: Store) -> None:
    key = store_shoes.add_shoe(
        store,
        "local",
        " Pegasus 40 ",
        brand="Nike Pegasus 40",
        start_date=date(2024, 1, 5),
        start_km=120.5,
    )
    assert key == "Pegasus 40"
    store_shoes.update_shoe(store, "local", key, name="Blue pair", retired_on=date(2025, 2, 1))
    row = store_shoes.shoes(store, "local").row(0, named=True)
    assert row == {
        "gear": "Pegasus 40",
        "name": "Blue pair",
        "brand": "Nike Pegasus 40",
        "start_date": date(2024, 1, 5),
        "start_km": 120.5,
        "retired_on": date(2025, 2, 1),
    }
    store_shoes.update_shoe(store, "local", key, retired_on=None)
    assert store_shoes.shoes(store, "local")["retired_on"].to_list() == [None]


def test_a_shoe_from_a_file_gets_a_record_when_edited(store: Store) -> None:
    store_shoes.update_shoe(store, "local", "Strava Shoe", retired_on=date(2024, 6, 1))
    table = store_shoes.shoes(store, "local")
    assert table["gear"].to_list() == ["Strava Shoe"]
    assert table["retired_on"].to_list() == [date(2024, 6, 1)]


def test_shoes_belong_to_their_owner(store: Store) -> None:
    store_shoes.add_shoe(store, "ann", "Ghost")
    store_shoes.set_default(store, "ann", "run", "Ghost")
    assert store_shoes.shoes(store, "bob").is_empty()
    assert store_shoes.shoe_defaults(store, "bob").is_empty()
    store_shoes.add_shoe(store, "bob", "Ghost")  # the same name is fine for another owner


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("", {}, "give the shoe a name"),
        ("x" * 121, {}, "longer than 120"),
        ("Ok", {"start_km": -1}, "between 0 and 20,000"),
        ("Ok", {"start_km": float("nan")}, "between 0 and 20,000"),
        ("Ok", {"start_date": "2024-01-01"}, "not a date"),
        ("Ok", {"colour": "red"}, "no field"),
    ],
)
def test_bad_shoes_are_refused(store: Store, name: str, values: dict, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store_shoes.add_shoe(store, "local", name, **values)
    assert store_shoes.shoes(store, "local").is_empty()


def test_a_duplicate_name_is_refused_whatever_its_case(store: Store) -> None:
    store_shoes.add_shoe(store, "local", "Ghost 15")
    with pytest.raises(StoreError, match="already recorded"):
        store_shoes.add_shoe(store, "local", "ghost 15")


def test_one_default_per_sport(store: Store) -> None:
    store_shoes.set_default(store, "local", "run", "A")
    store_shoes.set_default(store, "local", "run", "B")
    store_shoes.set_default(store, "local", "walk", "A")
    defaults = store_shoes.shoe_defaults(store, "local")
    assert defaults.rows() == [("run", "B"), ("walk", "A")]
    store_shoes.set_default(store, "local", "run", None)
    assert store_shoes.shoe_defaults(store, "local").rows() == [("walk", "A")]
    with pytest.raises(StoreError, match="unknown sport"):
        store_shoes.set_default(store, "local", "skydive", "A")
