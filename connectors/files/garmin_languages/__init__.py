"""Garmin Connect writes Activities.csv in the language of the account: one table per language.

Each `<code>.toml` beside this module is data, not code: a new language is one new table.

    name = "Danish"        # what a person calls the language
    verified = true        # false: no real export was found, the names come from public code
    decimal = "."          # the decimal mark real exports of the language use (the file decides)
    [columns]              # header cell, exactly as the export writes it -> canonical key
    "Gennemsnitlig puls" = "avg_hr"
    [types]                # activity type as the export writes it -> sport family
    "Løb" = "run"

Canonical keys: type, date, favorite, title, distance, calories, time (timer time), avg_hr,
max_hr, cadence (steps/min for foot sports), pace (a pace "5:43" or a speed "12.6" per row),
ascent, stride (average stride length, metres in every export), steps, moving, elapsed, contact
(ground contact, ms).

Header cells and type names are matched after `norm`: case, accents, punctuation, "®" and
spacing are ignored ("Medellopkadens" of a re-saved file is "Medellöpkadens").
Where each table's names were seen: tests/fixtures/garmin/SOURCES.md.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Final

from connectors.schema import SPORTS, sport_family

KEYS: Final = frozenset(
    {"type", "date", "favorite", "title", "distance", "calories", "time", "avg_hr", "max_hr",
     "cadence", "pace", "ascent", "stride", "steps", "moving", "elapsed", "contact"}
)  # fmt: skip

# Where the columns always are, whatever the language or the year: every real export seen
# (2017-2026, 14 languages) starts with these nine, in this order (SOURCES.md).
POSITIONS: Final[Mapping[int, str]] = {
    0: "sport_type", 1: "start_local", 3: "name", 4: "distance_m", 5: "calories",
    6: "elapsed_s", 7: "avg_hr", 8: "max_hr",
}  # fmt: skip


# Letters NFKD does not split into a base and an accent, spelt as ASCII-only re-saves spell them.
_LETTERS: Final = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d"})


@dataclass(frozen=True)
class Language:
    """One table: normalised header cell -> key, normalised type name -> sport family."""

    code: str
    name: str
    verified: bool
    decimal: str
    columns: Mapping[str, str]
    types: Mapping[str, str]


def norm(text: str) -> str:
    """A header cell or type name for matching: no case, accents, punctuation, "®" or BOM."""
    lowered = text.replace("\ufeff", "").replace("Â®", "").casefold().translate(_LETTERS)
    folded = unicodedata.normalize("NFKD", lowered)
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def _load(code: str, text: str) -> Language:
    table = tomllib.loads(text)
    columns = {norm(cell): key for cell, key in table.get("columns", {}).items()}
    unknown = set(columns.values()) - KEYS
    if unknown:
        raise ValueError(f"garmin_languages/{code}.toml: unknown keys {sorted(unknown)}")
    types = {norm(name): family for name, family in table.get("types", {}).items()}
    return Language(
        code=code,
        name=str(table["name"]),
        verified=bool(table.get("verified", False)),
        decimal=str(table.get("decimal", ".")),
        columns=columns,
        types=types,
    )


def _load_all() -> dict[str, Language]:
    folder = resources.files(__name__)
    found = sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
    # English first: it wins ties, as most exports are English.
    found.sort(key=lambda name: name != "en.toml")
    return {n[:-5]: _load(n[:-5], folder.joinpath(n).read_text("utf-8")) for n in found}


LANGUAGES: Final[Mapping[str, Language]] = _load_all()


def columns(header: Sequence[str], language: Language) -> dict[str, int]:
    """Key -> index of the first column of the header that the language names so."""
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = language.columns.get(norm(cell))
        if key:
            found.setdefault(key, i)
    return found


def readable(keys: Mapping[str, int] | set[str]) -> bool:
    """Enough columns to read activities: a type, a date and a duration."""
    return {"type", "date"} <= set(keys) and bool({"time", "elapsed"} & set(keys))


def detect(header: Sequence[str]) -> Language | None:
    """The language whose table names most of the header's cells, among those that can read
    it (type, date and a duration); None when no table can."""
    best, score = None, 0
    for language in LANGUAGES.values():
        keys = columns(header, language)
        if not readable(keys):
            continue
        matched = sum(norm(cell) in language.columns for cell in header)
        if matched > score:
            best, score = language, matched
    return best


def looks_like_garmin(header: Sequence[str]) -> bool:
    """Garmin's shape in any language: nine or more columns and a trademarked column Garmin
    never translates ("Training Stress Score®", "Normalized Power® (NP®)")."""
    cells = [norm(cell) for cell in header]
    marks = ("training stress score", "normalized power")
    return len(cells) >= 9 and any(c.startswith(marks) for c in cells)


def position_map(header: Sequence[str]) -> dict[str, str]:
    """A column map for the generic CSV reader from where Garmin always puts its columns."""
    if not looks_like_garmin(header):
        return {}
    return {field: header[i] for i, field in POSITIONS.items() if i < len(header) and header[i]}


def family(activity_type: str, language: Language | None) -> str:
    """Sport family of a type name: the file's language first, then every table, then the
    shared English map (it also reads Garmin's keys such as "open_water_swimming")."""
    key = norm(activity_type)
    tables = [language] if language else []
    found = next((t.types[key] for t in [*tables, *LANGUAGES.values()] if key in t.types), None)
    sport = found or sport_family(activity_type)
    return sport if sport in SPORTS else "other"
