"""Text the database would refuse, removed on the way in."""

from __future__ import annotations

import polars as pl


def no_nul(text: str) -> str:
    """PostgreSQL refuses NUL (0x00) in text: one in a name must not fail the whole file."""
    return text.replace("\x00", "")


MAX_LOGGED: int = 100  # row errors (and warnings) kept per import; the rest are counted
MAX_MESSAGE: int = 500  # characters of one logged message
MAX_FILE_NAME: int = 255


def short(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` without NUL, cut to `limit` characters (an ellipsis marks the cut)."""
    text = no_nul(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded(messages: list[str], noun: str = "problems") -> list[str]:
    """The first MAX_LOGGED messages, each cut to MAX_MESSAGE, then one line counting the rest:
    a file of a million bad rows logs 101 lines, not a 100 MB JSON re-read on every page."""
    kept = [short(m) for m in messages[:MAX_LOGGED]]
    if (rest := len(messages) - MAX_LOGGED) > 0:
        kept.append(f"... and {rest:,} more {noun} (only the first {MAX_LOGGED} are kept)")
    return kept


def strip_nul(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with NUL removed from every text column."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return frame
    return frame.with_columns(pl.col(text).str.replace_all("\x00", "", literal=True))
