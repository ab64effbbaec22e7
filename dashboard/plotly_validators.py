"""Plotly's validator table, decoded entry by entry instead of whole (issue 12: server memory).

plotly.graph_objects checks every property through validators it builds from one table,
plotly/validators/_validators.json (3.2 MB, 10,118 entries for every trace type and layout
property). On the first figure, plotly.validator_cache.ValidatorCache loads the whole file with
json.load and keeps it for the life of the process: about 16 MB of Python dicts, of which the
pages look up a few hundred entries (scatter, bar, heatmap and layout properties).

`install()` puts a mapping in its place that keeps the file's text and, on first use, where
each entry's JSON starts and ends; an entry is decoded when Plotly asks for it, and kept. The
validators Plotly builds are the same (tests/dashboard/test_plotly_validators.py compares
figures built both ways). If Plotly's cache is not the shape this expects (another Plotly
version), nothing is installed and Plotly loads its table as before.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_WHITESPACE = json.decoder.WHITESPACE  # type: ignore[attr-defined]
_DECODER = json.JSONDecoder()
# The file as Plotly ships it: one entry per key indented four spaces (its inner keys, eight).
_TOP_KEY = '\n    "'


class LazyTable(dict[str, Any]):
    """path -> validator entry, decoded from `text` (a JSON object) on first lookup."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text
        self._spans: dict[str, tuple[int, int]] | None = None

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key in self:
            return self[key]
        span = self.spans().get(key)
        if span is None:
            return default
        try:
            value = json.loads(self._text[span[0] : span[1]].rstrip().rstrip(","))
        except ValueError:  # laid out otherwise than expected: the exact (slower) index
            self._spans = _index(self._text)
            value = json.loads(self._text[slice(*self._spans[key])])
        self[key] = value
        return value

    def spans(self) -> dict[str, tuple[int, int]]:
        """Where each top-level entry's value lies in the text: found by its indentation, else
        by decoding each value once and dropping it."""
        if self._spans is None:
            self._spans = _by_layout(self._text) or _index(self._text)
        return self._spans


def _by_layout(text: str) -> dict[str, tuple[int, int]]:
    if not text.startswith("{" + _TOP_KEY):  # not laid out as Plotly ships it
        return {}
    starts = []
    at = text.find(_TOP_KEY)
    while at != -1:
        starts.append(at)
        at = text.find(_TOP_KEY, at + 1)
    spans = {}
    for start, end in zip(starts, [*starts[1:], text.rindex("}")], strict=True):
        close = text.find('": ', start)
        spans[text[start + len(_TOP_KEY) : close]] = (close + 3, end)
    return spans


def _index(text: str) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    at = _WHITESPACE.match(text, 0).end()
    if text[at] != "{":
        raise ValueError("the validator table is not a JSON object")
    at = _WHITESPACE.match(text, at + 1).end()
    while text[at] != "}":
        key, at = _DECODER.raw_decode(text, at)
        at = _WHITESPACE.match(text, at).end()
        if text[at] != ":":
            raise ValueError(f"no ':' after {key!r} in the validator table")
        start = _WHITESPACE.match(text, at + 1).end()
        _, end = _DECODER.raw_decode(text, start)
        spans[key] = (start, end)
        at = _WHITESPACE.match(text, end).end()
        if text[at] == ",":
            at = _WHITESPACE.match(text, at + 1).end()
    return spans


def install() -> bool:
    """Put a LazyTable in Plotly's validator cache before its first use; False if Plotly's
    cache is not there, already loaded, or its table file is missing."""
    try:
        from plotly import validator_cache
    except ImportError:
        return False
    cache = getattr(validator_cache, "ValidatorCache", None)
    if cache is None or getattr(cache, "_json_cache", 0) is not None:
        return False
    path = Path(validator_cache.__file__).parent / "validators" / "_validators.json"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    cache._json_cache = LazyTable(text)
    return True
