"""The Settings page's widgets, one per row of connectors.settings.TABLE."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from connectors import settings as settings_mod
from connectors.settings import Spec


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


def form(current: settings_mod.Settings) -> dict[str, Any] | None:
    """The whole form in two columns; the values when Save is pressed, else None."""
    with st.form("settings"):
        columns = st.columns(2)
        values = {
            spec.name: widget(columns[i % 2], spec, getattr(current, spec.name))
            for i, spec in enumerate(settings_mod.TABLE)
        }
        saved = st.form_submit_button("Save settings", type="primary")
    return values if saved else None
