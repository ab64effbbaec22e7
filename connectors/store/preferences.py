"""Per-owner settings (key/value JSON) and shoe assignments: the Store's small tables."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

import polars as pl
import sqlalchemy as sa

from connectors.errors import StoreError
from connectors.store import tables


def load_settings(engine: sa.Engine, owner: str) -> dict[str, Any]:
    t = tables.settings
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.key, t.c.value).where(t.c.owner == owner)).all()
    return {key: value for key, value in rows}


def save_settings(engine: sa.Engine, values: Mapping[str, Any], owner: str) -> None:
    t = tables.settings
    with engine.begin() as conn:
        for key, value in values.items():
            json.dumps(value)  # refuse what cannot be stored before touching the table
            conn.execute(t.delete().where(t.c.owner == owner, t.c.key == key))
            conn.execute(t.insert().values(owner=owner, key=key, value=value))


def shoe_assignments(engine: sa.Engine, owner: str) -> pl.DataFrame:
    t = tables.shoe_assignments
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.c.assignment_id, t.c.gear, t.c.start_date, t.c.end_date)
            .where(t.c.owner == owner)
            .order_by(t.c.start_date)
        ).all()
    return pl.DataFrame(
        rows,
        schema={
            "assignment_id": pl.Int64,
            "gear": pl.String,
            "start_date": pl.Date,
            "end_date": pl.Date,
        },
        orient="row",
    )


def assign_shoe(engine: sa.Engine, gear: str, start: date, end: date, owner: str) -> None:
    if end < start:
        raise StoreError("the end date of a shoe assignment comes before its start")
    with engine.begin() as conn:
        conn.execute(
            tables.shoe_assignments.insert().values(
                owner=owner, gear=gear.strip(), start_date=start, end_date=end
            )
        )


def remove_shoe_assignment(engine: sa.Engine, assignment_id: int, owner: str) -> None:
    t = tables.shoe_assignments
    with engine.begin() as conn:
        conn.execute(t.delete().where(t.c.owner == owner, t.c.assignment_id == assignment_id))
