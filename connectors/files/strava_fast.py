"""Strava activities.csv, column-wise: the rows whose cells are in the plain shape Strava writes
are parsed with Polars expressions, all at once; every other row goes back to the row-by-row
reader (strava_export._activity), which gives the same values and the reasons a row is refused.

Plain shape, in the English header only: an id of digits; "Nov 30, 2022, 12:29:11 AM"; numbers
of digits with at most one decimal point; no value outside the reader's hard limits. A German
export, a spreadsheet re-save with "1,234" or "1:02:03", a bad date: those rows are read one by
one, exactly as before (tests/connectors/files/test_strava_fast.py compares both paths).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import polars as pl

from connectors.files.strava_columns import ENGLISH, GERMAN_TYPES, Header
from connectors.results import ReadResult, finish_clean
from connectors.schema import sport_family

if TYPE_CHECKING:
    from connectors.files.base import ImportOptions

_PLAIN_NUMBER: Final = r"^-?[0-9]+(?:\.[0-9]+)?$"
_PLAIN_DATE: Final = (
    r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{1,2}, [0-9]{4}, "
    r"[0-9]{1,2}:[0-9]{2}:[0-9]{2} [AP]M$"
)
_WEEK_S: Final = 7 * 24 * 3600.0
_FOOT_SPORTS: Final = ("run", "walk", "hike")
# Python's str.strip also strips these; Polars does not: such rows take the row-by-row path.
_ODD_SPACE: Final = "[\x1c-\x1f]"


def parse(
    header: Header,
    body: Sequence[tuple[int, Sequence[str]]],
    timezone: str,
    distance_unit: str,
) -> tuple[dict[int, dict[str, object]], list[int]]:
    """(row number -> canonical values) for the plain rows, and the numbers of the others."""
    values = _values(header, body, timezone, distance_unit)
    if values is None:
        return {}, [number for number, _ in body]
    plain = values.filter(pl.col("_plain")).drop("_plain")
    out = {
        int(row.pop("_row")): row | {"source": "strava_export", "timezone": timezone}
        for row in plain.to_dicts()
    }
    return out, [number for number, _ in body if number not in out]


def read_clean(
    fmt: str,
    filename: str,
    header: Header,
    body: Sequence[tuple[int, Sequence[str]]],
    options: ImportOptions,
    max_field: int,
) -> ReadResult | None:
    """The whole file column-wise when every row is plain and finish has nothing to say about
    any of them (results.finish_clean); None sends it row by row, where problems get words."""
    if any(max(map(len, cells), default=0) > max_field for _, cells in body):
        return None  # a cell too long: its row is refused, row by row
    try:
        frame = whole_file(header, body, options.timezone, options.distance_unit)
    except pl.exceptions.PolarsError:  # e.g. a zone Polars does not know
        return None
    if frame is None:
        return None
    zone_warning = options.timezone == "UTC"
    return finish_clean(fmt, filename, frame, now=options.now, zone_warning=zone_warning)


def whole_file(
    header: Header,
    body: Sequence[tuple[int, Sequence[str]]],
    timezone: str,
    distance_unit: str,
) -> pl.DataFrame | None:
    """The canonical values of every row as one frame when every row is plain (the usual
    export), else None: no row goes through Python dicts (issue 12)."""
    values = _values(header, body, timezone, distance_unit)
    if values is None or not values["_plain"].all():
        return None
    return values.drop("_plain", "_row").with_columns(
        source=pl.lit("strava_export"), timezone=pl.lit(timezone)
    )


def _values(
    header: Header,
    body: Sequence[tuple[int, Sequence[str]]],
    timezone: str,
    distance_unit: str,
) -> pl.DataFrame | None:
    """Every row's values, its row number (_row) and whether it is plain (_plain)."""
    if header.locale != ENGLISH or not body:
        return None
    cells = _Cells(header, body)
    frame = pl.DataFrame(cells.columns, schema=dict.fromkeys(cells.columns, pl.String))
    frame = frame.with_columns(pl.all().str.strip_chars().replace("", None))
    sport_type = pl.coalesce(cells.text("Activity Type"), cells.text("Type"))
    families = _families(frame.select(sport_type.unique()).to_series().to_list())
    start = (
        cells.text("Activity Date")
        .str.strptime(pl.Datetime("us"), "%b %d, %Y, %I:%M:%S %p", strict=False)
        .dt.replace_time_zone("UTC")
    )
    elapsed = cells.number("Elapsed Time", 0)
    if header.count("Elapsed Time") > 1:
        elapsed = pl.coalesce(cells.number("Elapsed Time", 1), elapsed)
    sport = sport_type.replace_strict(families, default="other", return_dtype=pl.String)
    distance = _distance(cells, header, sport, distance_unit)
    cadence = cells.number("Average Cadence")
    return frame.select(
        ("strava:" + cells.text("Activity ID")).alias("activity_id"),
        cells.text("Activity ID").alias("source_id"),
        sport.alias("sport"),
        sport_type.alias("sport_type"),
        cells.text("Activity Name").alias("name"),
        start.alias("start_utc"),
        start.dt.convert_time_zone(timezone).dt.replace_time_zone(None).alias("start_local"),
        elapsed.alias("elapsed_s"),
        cells.number("Moving Time").alias("moving_s"),
        distance.alias("distance_m"),
        cells.number("Elevation Gain").alias("elevation_gain_m"),
        pl.when(cells.number("Average Heart Rate") != 0)
        .then(cells.number("Average Heart Rate"))
        .alias("avg_hr"),
        pl.when(cells.number("Max Heart Rate") != 0)
        .then(cells.number("Max Heart Rate"))
        .alias("max_hr"),
        pl.when(sport.is_in(_FOOT_SPORTS) & (cadence < 120))
        .then(cadence * 2)
        .otherwise(cadence)
        .alias("avg_cadence_spm"),
        cells.number("Total Steps").alias("steps"),
        cells.text("Activity Gear").alias("gear"),
        cells.number("Perceived Exertion").alias("rpe"),
        cells.number("Calories").alias("calories"),
        cells.row_number().alias("_row"),
        _plain(cells, header, start, sport_type, elapsed, distance).alias("_plain"),
    )


class _Cells:
    """The cells the reader uses, one text column per (name, copy), and expressions on them."""

    def __init__(self, header: Header, body: Sequence[tuple[int, Sequence[str]]]) -> None:
        self.header = header
        self.columns: dict[str, list[str]] = {"_row": [str(number) for number, _ in body]}
        for name in _USED:
            for nth in range(header.count(name)):
                i = header.index(name, nth)
                assert i is not None
                self.columns[f"{name}#{nth}"] = [r[i] if i < len(r) else "" for _, r in body]

    def row_number(self) -> pl.Expr:
        return pl.col("_row").cast(pl.Int64)

    def text(self, name: str, nth: int | None = None) -> pl.Expr:
        """The stripped text, null when empty; nth=None: the last non-empty copy."""
        copies = self.header.count(name)
        if copies == 0:
            return pl.lit(None, dtype=pl.String)
        if nth is not None:
            return pl.col(f"{name}#{nth}")
        return pl.coalesce([pl.col(f"{name}#{n}") for n in range(copies - 1, -1, -1)])

    def number(self, name: str, nth: int | None = None) -> pl.Expr:
        """The cell as a float when it is a plain number (see `plain_number`)."""
        return self.text(name, nth).cast(pl.Float64, strict=False)

    def plain_number(self, name: str, nth: int | None = None) -> pl.Expr:
        text = self.text(name, nth)
        return text.is_null() | text.str.contains(_PLAIN_NUMBER)


def _distance(cells: _Cells, header: Header, sport: pl.Expr, unit: str) -> pl.Expr:
    shown = cells.number("Distance", 0)
    swim, road = (0.9144, 1609.344) if unit == "mi" else (1.0, 1000.0)
    converted = shown * pl.when(sport == "swim").then(swim).otherwise(road)
    if header.count("Distance") > 1:
        return pl.coalesce(cells.number("Distance", 1), converted)
    return converted


def _plain(
    cells: _Cells,
    header: Header,
    start: pl.Expr,
    sport_type: pl.Expr,
    elapsed: pl.Expr,
    distance: pl.Expr,
) -> pl.Expr:
    """True for a row the expressions read exactly as the row-by-row reader would."""
    date_text = cells.text("Activity Date")
    checks = [
        cells.text("Activity ID").str.contains(r"^[0-9]+$").fill_null(False),
        date_text.str.contains(_PLAIN_DATE).fill_null(False),
        start.is_not_null() & (start.dt.year() >= 1970),
        sport_type.is_not_null(),
        elapsed.is_between(1, _WEEK_S).fill_null(False),
        cells.number("Moving Time").is_between(0, _WEEK_S).fill_null(True),
    ]
    for name in _NUMBERS:
        if name in _FALLBACK and header.count(name) > 1:  # the first copy read only when the
            second = cells.text(name, 1)  # second is empty
            checks.append(cells.plain_number(name, 1))
            checks.append(second.is_not_null() | cells.plain_number(name, 0))
        else:
            checks.extend(cells.plain_number(name, n) for n in _copies(header, name))
    checks.append(distance.is_between(0, 1e6).fill_null(True))
    odd = [
        cells.text(name, n).str.contains(_ODD_SPACE).fill_null(False)
        for name in _USED
        for n in _copies(header, name)
    ]
    return pl.all_horizontal(checks) & ~pl.any_horizontal(odd) if odd else pl.all_horizontal(checks)


def _copies(header: Header, name: str) -> range:
    return range(header.count(name))


def _families(types: list[str | None]) -> dict[str | None, str]:
    return {t: sport_family(GERMAN_TYPES.get(t.casefold(), t)) for t in types if t is not None}


_NUMBERS: Final = (
    "Elapsed Time", "Moving Time", "Distance", "Elevation Gain", "Average Heart Rate",
    "Max Heart Rate", "Average Cadence", "Total Steps", "Perceived Exertion", "Calories",
)  # fmt: skip
_FALLBACK: Final = ("Elapsed Time", "Distance")
_USED: Final = (
    "Activity ID", "Activity Date", "Activity Type", "Type", "Activity Name", "Activity Gear",
    *_NUMBERS,
)  # fmt: skip
