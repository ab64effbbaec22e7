"""Turning frames into files people download: CSV safe to open in a spreadsheet, and JSON."""

from __future__ import annotations

import json
from datetime import date, datetime

import polars as pl

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(text: pl.Expr) -> pl.Expr:
    """Prefix a quote to text a spreadsheet would run as a formula (CSV injection, OWASP)."""
    starts = pl.lit(False)
    for prefix in _FORMULA_START:
        starts = starts | text.str.starts_with(prefix)
    return pl.when(starts).then(pl.lit("'") + text).otherwise(text)


def neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every text cell that a spreadsheet would run as a formula prefixed with a
    quote. Tables on pages get this too: the data grid's own "Download as CSV" writes what it
    was given."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text_columns:
        return frame
    return frame.with_columns(_neutralise(pl.col(name)).alias(name) for name in text_columns)


def safe_csv(frame: pl.DataFrame) -> str:
    """CSV text in which no text cell can start a spreadsheet formula."""
    return neutralised(frame).write_csv()


def to_json(frame: pl.DataFrame) -> str:
    """JSON array of row objects; dates and times as ISO 8601 text."""

    def encode(value: object) -> object:
        if isinstance(value, datetime | date):
            return value.isoformat()
        raise TypeError(f"cannot encode {type(value).__name__}")

    return json.dumps(frame.to_dicts(), default=encode, ensure_ascii=False, indent=1)
