"""Text the database would refuse, removed on the way in."""

from __future__ import annotations

import polars as pl


def no_nul(text: str) -> str:
    """PostgreSQL refuses NUL (0x00) in text: one in a name must not fail the whole file."""
    return text.replace("\x00", "")


def strip_nul(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with NUL removed from every text column."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    return frame.with_columns(pl.col(text).str.replace_all("\x00", "", literal=True))
