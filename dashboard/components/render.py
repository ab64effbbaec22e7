"""Charts and tables drawn so that a rerun stays cheap (bench/page_bench.py measures it).

- chart(): once a page's metrics are memoised (data.derived), building its Plotly figures is
  most of a page's first visit: graph_objects validates every property, 20-150 ms a figure
  (bench/page_profile.py). The theme is applied to the built figure's dict (style.themed_spec,
  not Plotly's update_* walks), and that dict is what is kept and drawn: st.plotly_chart gets
  it through Drawn.to_dict, with no second validation and no deep copy on each rerun. A
  figure is a pure function of its builder's arguments, so it is kept with the owner's data
  generation for all their sessions (data.shared_caches), keyed by the builder and the full
  contents of the arguments (a frame by its Arrow IPC bytes): the next visit of the page, in
  this session or another, draws the same figure again. Content keys cannot go stale when
  settings change.
- plain(): text that came from a file or an API (shoe and activity names, file names, import
  errors, anything a takeaway or alert quotes) as Markdown that shows exactly that text. Every
  st.markdown / caption / info / warning / error / success / toast / subheader / expander label
  that interpolates data goes through it (tests/hostile/test_markup.py scans the pages).
- table(): st.dataframe sends a Polars frame through pandas, and importing pandas costs the
  server about 50 MB. The Arrow data made here without pandas is what that route would send
  (dates as millisecond timestamps, integer columns with nulls as floats, NaN as null), so the
  table looks the same.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, MutableMapping
from datetime import date, datetime
from html import escape
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pyarrow as pa
import streamlit as st

from dashboard import data, labels
from dashboard.charts import html_bars, style
from dashboard.export import neutralised
from dashboard.report_sections import table_html

MAX_FIGURES = 48  # per owner and generation; the memo starts again when full
# The characters that open a Markdown construct anywhere in a line: code, emphasis, links and
# images ([ starts both; :color[...] directives need it too), HTML and autolinks (<), entities
# (&), strikethrough (~), LaTeX ($), tables (|), headings (#), quotes (>). Backslash-escaped,
# each shows as itself. Other punctuation is left alone so text stays readable in tests and
# logs. "_" between letters or digits (max_hr, run_2024.csv) opens nothing and is left as is.
# Line-start markers (- + = 1. 1)) are escaped at the start of the value only.
_SPECIAL = re.compile(r"([\\`*\[\]<>&~$|#]|(?<![^\W_])_|_(?![^\W_]))")
_LEADING = re.compile(r"^([-+=]|\d+[.)])")
# What Markdown plugins find in text *after* escapes are resolved, so escaping cannot stop
# them: emoji and icon shortcodes (:smile:, :material/lock:) and GFM's bare-URL autolinks
# (https://..., www....). A zero-width space breaks each pattern; the text reads the same.
# (An e-mail address stays a mailto link: it shows its own address and opens a mail program.)
_SHORTCODE = re.compile(r":(?=[\w+/-]*[A-Za-z][\w+/-]*:)")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www)(?=[:.])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_ZWSP = "\u200b"


def plain(value: object) -> str:
    """`value` as Markdown that renders as exactly its text: never a link, image, emphasis,
    heading, HTML, formula, emoji or icon. Control characters (NUL, newlines) become spaces."""
    text = _CONTROL.sub(" ", str(value)).strip()
    text = _SHORTCODE.sub(":" + _ZWSP, text)
    text = _AUTOLINK.sub(r"\1" + _ZWSP, text)
    text = _SPECIAL.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


_PLAIN = (pl.String, pl.Boolean, pl.Null, pl.Datetime)
_SCALARS = (str, int, float, date, datetime)  # bool is an int


def _fingerprint(value: Any) -> Hashable:
    """A hashable stand-in equal only for equal values: a frame or series by a digest of its
    Arrow IPC bytes (schema and every value, NaN included), a scalar with its type (so 1, 1.0
    and True differ), a tuple element-wise. TypeError for anything else: it is not memoised."""
    if isinstance(value, pl.Series):
        value = value.to_frame()
    if isinstance(value, pl.DataFrame):
        return ("frame", hashlib.blake2b(value.write_ipc(None).getvalue()).digest())
    if isinstance(value, tuple):
        return ("tuple", tuple(_fingerprint(item) for item in value))
    if value is None or isinstance(value, _SCALARS):
        return (type(value).__name__, value)
    raise TypeError(f"{type(value).__name__} is not a chart input this memo can key")


def figure(memo: MutableMapping[Hashable, Any], build: Callable[..., Any], *args: Any) -> Any:
    """build(*args), from `memo` when it was built before from equal arguments."""
    try:
        named, inputs = (args[0], args[1:]) if build is _themed else (build, args)
        key = (build.__name__, named.__module__, named.__qualname__, _fingerprint(inputs))
    except TypeError:
        return build(*args)
    found = memo.get(key)
    if found is None:
        if len(memo) >= MAX_FIGURES:
            memo.clear()
        found = memo[key] = build(*args)
    return found


def scheme() -> str:
    """ "light" or "dark": the theme the person's browser shows (light until it is known)."""
    kind = getattr(getattr(st.context, "theme", None), "type", None)
    return kind if kind in ("light", "dark") else "light"


def page_style() -> None:
    """The page's CSS for the theme it shows (style.page_css): static text, never data."""
    css = style.page_css(scheme())
    if css:
        st.html(f"<style>{css}</style>")


def chart(where: Any, build: Callable[..., Any], *args: Any, key: str) -> None:
    """`where.plotly_chart(build(*args), key=key)` with text readable in light and dark
    (style.themed), without Plotly's toolbar (style.CONFIG); memoised per owner and data
    generation (data.shared_caches)."""
    memo = data.shared_caches().figures
    drawn = figure(memo, _themed, build, *args)
    where.plotly_chart(drawn, key=key, theme="streamlit", config=style.CONFIG)


def _themed(build: Callable[..., Any], *args: Any) -> Drawn:
    return Drawn(style.themed_spec(build(*args).to_dict()))


class Drawn(go.Figure):
    """A figure built, validated and themed before, kept as its dict (go.Figure.to_dict's
    output). st.plotly_chart accepts a go.Figure and reads it through to_dict(), which here
    returns the kept dict: nothing is validated or copied again (it is never changed)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__()
        self._spec = spec

    def to_dict(self) -> dict[str, Any]:
        return self._spec


def as_arrow(frame: pl.DataFrame) -> pa.Table | pl.DataFrame:
    """The Arrow table Streamlit's pandas route would send for `frame`; the frame itself when
    it holds a type this does not reproduce (lists, categoricals, durations ...)."""
    casts: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.Date:
            casts.append(column.cast(pl.Datetime("ms")))
        elif dtype.is_integer():
            if frame[name].null_count():
                casts.append(column.cast(pl.Float64))
        elif dtype.is_float():
            casts.append(column.fill_nan(None))
        elif not isinstance(dtype, _PLAIN):
            return frame
    converted = frame.with_columns(casts) if casts else frame
    return converted.to_arrow(compat_level=pl.CompatLevel.oldest())


def date_columns(frame: pl.DataFrame) -> dict[str, Any]:
    """Column settings that show calendar dates as 2023-03-29, never "2023-03-29 00:00:00"
    (as_arrow sends a Date as a midnight datetime, the way Streamlit's pandas route does)."""
    return {
        name: st.column_config.DateColumn(format="YYYY-MM-DD")
        for name, dtype in frame.schema.items()
        if dtype == pl.Date
    }


def table(frame: pl.DataFrame) -> None:
    """A full-width table without its index, the way every page shows one. Eager (lazy=False):
    Streamlit only pages tables over 150,000 rows lazily, and deciding that imports pandas.
    Text cells are formula-neutralised (dashboard.export.neutralised): the grid's toolbar
    offers its own CSV download, which writes cells as they are. Dates show without a time;
    headers and durations as people read them (dashboard.labels.human); a missing text (a walk
    without a shoe) as an empty cell, not the grid's word "None"."""
    shown = labels.human(frame).with_columns(pl.col(pl.String).fill_null(""))
    st.dataframe(
        as_arrow(neutralised(shown)),
        hide_index=True,
        width="stretch",
        lazy=False,
        column_config=date_columns(shown) or None,
    )


def html_chart(markup: str, where: Any = st) -> None:
    """A chart built as HTML by a pure builder (dashboard/charts/html_bars.py, every text in it
    escaped there), in `where` (the page or a column): drawn with no chart script to load."""
    where.html(markup)


def short_table(frame: pl.DataFrame, label: str, wrap: tuple[str, ...] = ()) -> None:
    """A short table (a dozen rows) as plain HTML (report_sections.table_html, every cell
    escaped): the same headers and durations as `table`, dates as '03 Nov 2025', decimals to
    one place, and no data-grid code for the browser to load (issue 12: the grid's chunk is
    part of a first render's wait). On a narrow screen it scrolls sideways in a region a
    keyboard can reach (`label` names it to a screen reader). Text columns named in `wrap`
    (after labels.human) wrap onto more lines instead."""
    shown = labels.human(frame)
    shown = shown.with_columns(pl.col(c).round(1) for c, t in shown.schema.items() if t.is_float())
    text = [c for c, t in shown.schema.items() if t == pl.String and c not in wrap]
    st.html(
        f"<style>{html_bars.TABLE_CSS}</style>"
        f'<div class="bl-table" role="region" tabindex="0" aria-label="{escape(label)}">'
        f"{table_html(shown, text_columns=tuple(text), wrap=wrap)}</div>"
    )
