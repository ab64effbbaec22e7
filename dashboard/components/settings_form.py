"""The Settings page's widgets, one per row of connectors.settings.TABLE."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from connectors import settings as settings_mod
from connectors.settings import Spec
from dashboard.metrics import shoes


def _label(spec: Spec) -> str:
    return f"{spec.label} ({spec.unit})" if spec.unit else spec.label


def widget(container: Any, spec: Spec, current: Any) -> Any:
    """Draw the widget for one setting in `container` and return its value in the setting's
    type (None for an empty optional one)."""
    label, key = _label(spec), f"setting_{spec.name}"
    if spec.kind in ("choice", "timezone"):
        options = settings_mod.timezone_choices() if spec.kind == "timezone" else list(spec.choices)
        index = options.index(current) if current in options else options.index(spec.default)
        return container.selectbox(label, options, index=index, help=spec.help, key=key)
    if spec.kind in ("int", "float"):
        cast = int if spec.kind == "int" else float
        value = None if current is None else cast(current)
        chosen = container.number_input(
            label,
            min_value=cast(spec.minimum),
            max_value=cast(spec.maximum),
            value=value,
            step=cast(spec.step),
            help=spec.help,
            key=key,
            placeholder="empty" if spec.optional else None,
            format="%.1f" if spec.kind == "float" else None,  # 30.0 and 482.8, not 30.00
        )
        return None if chosen is None else cast(chosen)
    if spec.kind == "date":
        chosen = container.date_input(
            label,
            value=date.fromisoformat(current) if current else None,
            help=spec.help,
            key=key,
        )
        return chosen.isoformat() if isinstance(chosen, date) else None
    return container.text_input(
        label, value=current or "", max_chars=int(spec.maximum or 80), help=spec.help, key=key
    ).strip()


SHOE_MARKS = ("shoe_warn_miles", "shoe_replace_miles")


def in_display_unit(spec: Spec, unit: str) -> Spec:
    """A shoe mark's spec (stored in miles) as typed in `unit`: km shows label, bounds and step
    in km; the value is converted back by shoes.unit_to_miles on save."""
    if spec.name not in SHOE_MARKS or unit != "km":
        return spec
    return replace(
        spec,
        minimum=shoes.miles_to_unit(float(spec.minimum or 0), "km"),
        maximum=shoes.miles_to_unit(float(spec.maximum or 0), "km"),
        step=40.0,
        unit="km",
    )


def _shoe_widget(container: Any, spec: Spec, current: float, unit: str) -> float:
    shown = widget(container, in_display_unit(spec, unit), shoes.miles_to_unit(current, unit))
    return shoes.unit_to_miles(float(shown), unit, current)


def form(current: settings_mod.Settings) -> dict[str, Any] | None:
    """The whole form in rows of two (a phone stacks them in the table's order); the values
    when Save is pressed, else None. The shoe marks are typed in the distance unit (stored in
    miles)."""
    unit = current.distance_unit
    with st.form("settings"):
        values = {}
        columns: list[Any] = []
        for i, spec in enumerate(settings_mod.TABLE):
            if i % 2 == 0:
                columns = st.columns(2)
            value = getattr(current, spec.name)
            if spec.name in SHOE_MARKS:
                values[spec.name] = _shoe_widget(columns[i % 2], spec, value, unit)
            else:
                values[spec.name] = widget(columns[i % 2], spec, value)
        saved = st.form_submit_button("Save settings", type="primary")
    return values if saved else None
