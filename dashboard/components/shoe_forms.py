"""The Shoes page's forms: add a shoe, change one (rename, brand, start, retire), the default
shoe per sport, the check and replace marks, date ranges. Every write goes through
dashboard.data (owner only); names typed here are data, escaped when shown."""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl
import streamlit as st

from connectors.errors import BoneloadError
from connectors.store import shoes as store_shoes
from dashboard import data
from dashboard.components.render import plain
from dashboard.metrics import shoes

DEFAULT_SPORTS: Final = ("run", "walk", "hike")
NONE: Final = "(no default)"


def _saved(action: object, *args: object, **values: object) -> bool:
    try:
        data.change_shoes(action, *args, **values)
    except BoneloadError as exc:
        st.error(f"Not saved: {plain(exc)}")
        return False
    return True


def _km(value: float, unit: str) -> float:
    return value * shoes.KM_PER_MILE if unit == "mi" else value


def add_form(unit: str, today: date) -> None:
    with st.form("add_shoe", clear_on_submit=True):
        st.markdown("**Add a shoe**")
        left, right = st.columns(2)
        name = left.text_input("Name", max_chars=store_shoes.MAX_NAME)
        brand = right.text_input("Brand and model", max_chars=store_shoes.MAX_NAME)
        start = left.date_input("In use from", value=today)
        before = right.number_input(
            f"Distance it already had ({unit})",
            min_value=0.0,
            max_value=10_000.0,
            step=10.0,
            format="%.1f",
        )
        if st.form_submit_button("Add shoe") and _saved(
            store_shoes.add_shoe, name, brand=brand, start_date=start, start_km=_km(before, unit)
        ):
            st.rerun()


def change_form(table: pl.DataFrame, records: pl.DataFrame, unit: str, today: date) -> None:
    """Rename, brand, start, starting distance, retire or bring back one shoe."""
    if table.is_empty():
        return
    names = dict(zip(table["gear"], table["name"], strict=True))
    gear = st.selectbox("Change a shoe", list(names), format_func=lambda g: names[g])
    known = records.filter(pl.col("gear") == gear)
    row = known.row(0, named=True) if known.height else {}
    factor = shoes.KM_PER_MILE if unit == "mi" else 1.0
    stored_km = row.get("start_km") or 0.0
    shown_km = round(stored_km / factor, 1)
    with st.form(f"change_shoe_{len(names)}"):
        left, right = st.columns(2)
        name = left.text_input("Name", value=names[gear], max_chars=store_shoes.MAX_NAME)
        brand = right.text_input(
            "Brand and model", value=row.get("brand") or "", max_chars=store_shoes.MAX_NAME
        )
        start = left.date_input("In use from", value=row.get("start_date"))
        before = right.number_input(
            f"Distance it already had ({unit})",
            min_value=0.0,
            max_value=10_000.0,
            value=shown_km,
            step=10.0,
            format="%.1f",
        )
        retired = left.checkbox("Retired", value=row.get("retired_on") is not None)
        retired_on = right.date_input("Retired on", value=row.get("retired_on") or today)
        if st.form_submit_button("Save shoe") and _saved(
            store_shoes.update_shoe,
            gear,
            name=name,
            brand=brand,
            start_date=start,
            start_km=stored_km if before == shown_km else _km(before, unit),
            retired_on=retired_on if retired else None,
        ):
            st.rerun()
    st.caption(
        "Renaming changes the name shown; runs already counted keep their shoe. A retired shoe "
        "keeps its history, leaves the chart and never asks to be checked."
    )


def defaults_form(
    table: pl.DataFrame, records: pl.DataFrame, defaults: pl.DataFrame, today: date
) -> None:
    """One default shoe per sport on foot: activities of that sport without a shoe get it, from
    the shoe's start date on (a shoe in the file wins). A shoe without a recorded start date
    gets today's: a default is for the activities to come, not for years already counted."""
    started = set(records.filter(pl.col("start_date").is_not_null())["gear"])
    in_use = table.filter(pl.col("status") != "retired")
    names = dict(zip(in_use["gear"], in_use["name"], strict=True))
    current = dict(zip(defaults["sport"], defaults["gear"], strict=True))
    options = [NONE, *names]
    with st.form("shoe_defaults"):
        st.markdown("**Default shoe per sport**")
        columns = st.columns(len(DEFAULT_SPORTS))
        chosen = {}
        for column, sport in zip(columns, DEFAULT_SPORTS, strict=True):
            value = current.get(sport)
            chosen[sport] = column.selectbox(
                {"run": "Runs", "walk": "Walks", "hike": "Hikes"}[sport],
                options,
                index=options.index(value) if value in options else 0,
                format_func=lambda g: names.get(g, g),
                key=f"default_{sport}",
            )
        if st.form_submit_button("Save defaults"):
            changed = {
                sport: None if gear == NONE else gear
                for sport, gear in chosen.items()
                if current.get(sport) != (None if gear == NONE else gear)
            }
            ok = all(_saved(store_shoes.set_default, s, g) for s, g in changed.items())
            for gear in {g for g in changed.values() if g is not None and g not in started}:
                ok = ok and _saved(store_shoes.update_shoe, gear, start_date=today)
            if ok:
                st.rerun()
    st.caption(
        "A default covers activities of that sport that came without a shoe, from the shoe's "
        "'in use from' date (today's, when it has none) until it is retired; a shoe named in "
        "the file wins."
    )


def marks_form(unit: str) -> None:
    """The check and replace marks, typed in the page's unit (stored in miles)."""
    settings = data.settings()
    with st.form("shoe_marks"):
        st.markdown(f"**Check and replace marks ({unit})**")
        left, right = st.columns(2)
        low, high = (50.0, 2000.0) if unit == "mi" else (80.5, 3218.7)
        warn = left.number_input(
            f"Check at ({unit})",
            min_value=low,
            max_value=high,
            value=shoes.miles_to_unit(settings.shoe_warn_miles, unit),
            step=25.0 if unit == "mi" else 40.0,
            format="%.1f",
        )
        replace = right.number_input(
            f"Replace at ({unit})",
            min_value=low,
            max_value=high,
            value=shoes.miles_to_unit(settings.shoe_replace_miles, unit),
            step=25.0 if unit == "mi" else 40.0,
            format="%.1f",
        )
        if st.form_submit_button("Save marks"):
            values = {
                "shoe_warn_miles": shoes.unit_to_miles(warn, unit, settings.shoe_warn_miles),
                "shoe_replace_miles": shoes.unit_to_miles(
                    replace, unit, settings.shoe_replace_miles
                ),
            }
            try:
                data.save_settings(values)
            except BoneloadError as exc:
                st.error(f"Not saved: {plain(exc)}")
            else:
                st.rerun()
