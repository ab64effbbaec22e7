"""The shoes a person manages: add, rename, brand, start date, starting distance, retire, and
one default shoe per sport. Functions on a Store (store.py holds imports).

A shoe is keyed by `gear`, the name activities carry (a Strava export's shoe name, or the name
given when the shoe was added here); renaming changes only the displayed `name`, so the runs
already counted keep their shoe. Distances are stored in km.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Final

import polars as pl
import sqlalchemy as sa

from connectors.errors import StoreError
from connectors.schema import SHOE_SCHEMA, SPORTS
from connectors.store import tables
from connectors.store.store import Store

MAX_NAME: Final = 120
MAX_START_KM: Final = 20_000.0  # far past any shoe's life; a typo guard, not a rule
EDITABLE: Final = ("name", "brand", "start_date", "start_km", "retired_on")


def _text(value: Any, what: str, *, required: bool = False) -> str | None:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise StoreError(f"give the shoe a {what}")
    if len(text) > MAX_NAME:
        raise StoreError(f"the shoe's {what} is longer than {MAX_NAME} characters")
    return text or None


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise StoreError(f"a shoe has no field {key!r}")
        if key in ("name", "brand"):
            out[key] = _text(value, "brand and model" if key == "brand" else key)
        elif key in ("start_date", "retired_on"):
            if value is not None and not isinstance(value, date):
                raise StoreError(f"the shoe's {key.replace('_', ' ')} is not a date")
            out[key] = value
        else:
            km = 0.0 if value is None else float(value)
            if not math.isfinite(km) or km < 0 or km > MAX_START_KM:
                raise StoreError("the shoe's starting distance must be between 0 and 20,000 km")
            out[key] = km
    return out


def shoes(store: Store, owner: str) -> pl.DataFrame:
    """Every shoe `owner` recorded: gear, name, brand, start_date, start_km, retired_on."""
    t = tables.shoes
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(*[t.c[n] for n in SHOE_SCHEMA]).where(t.c.owner == owner).order_by(t.c.gear)
        ).all()
    return pl.DataFrame(rows, schema=SHOE_SCHEMA, orient="row")


def add_shoe(store: Store, owner: str, name: str, **values: Any) -> str:
    """Record a new shoe; its name becomes the key runs are matched by. Returns that key."""
    gear = _text(name, "name", required=True)
    assert gear is not None
    checked = _checked({k: v for k, v in values.items() if k != "name"})
    existing = set(shoes(store, owner)["gear"].str.to_lowercase())
    if gear.lower() in existing:
        raise StoreError(f"a shoe called {gear!r} is already recorded")
    with store.engine.begin() as conn:
        conn.execute(tables.shoes.insert().values(owner=owner, gear=gear, **checked))
    return gear


def update_shoe(store: Store, owner: str, gear: str, **values: Any) -> None:
    """Change a shoe's name, brand, start, starting distance or retirement (None = in use).

    A shoe that so far came only from files (a Strava gear name) gets its record here."""
    checked = _checked(values)
    if "name" in checked and checked["name"] is None:
        raise StoreError("give the shoe a name")
    t = tables.shoes
    with store.engine.begin() as conn:
        where = (t.c.owner == owner) & (t.c.gear == gear)
        if conn.execute(sa.select(t.c.gear).where(where)).first() is None:
            conn.execute(t.insert().values(owner=owner, gear=_text(gear, "name", required=True)))
        if checked:
            conn.execute(t.update().where(where).values(**checked))


def shoe_defaults(store: Store, owner: str) -> pl.DataFrame:
    """The default shoe per sport: columns sport, gear."""
    t = tables.shoe_defaults
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.c.sport, t.c.gear).where(t.c.owner == owner).order_by(t.c.sport)
        ).all()
    return pl.DataFrame(rows, schema={"sport": pl.String, "gear": pl.String}, orient="row")


def set_default(store: Store, owner: str, sport: str, gear: str | None) -> None:
    """Make `gear` the default shoe for `sport` (None clears that sport's default)."""
    if sport not in SPORTS:
        raise StoreError(f"unknown sport {sport!r}")
    t = tables.shoe_defaults
    with store.engine.begin() as conn:
        conn.execute(t.delete().where(t.c.owner == owner, t.c.sport == sport))
        if gear is not None:
            key = _text(gear, "name", required=True)
            conn.execute(t.insert().values(owner=owner, sport=sport, gear=key))
