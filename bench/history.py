"""A synthetic ten-year training history as a Strava activities.csv (2026 header), for benches.

Used by bench/import_bench.py and bench/page_bench.py. Nothing here is asserted anywhere.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime, timedelta

HEADER_2026 = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Max Heart Rate",
    "Relative Effort",
    "Commute",
    "Activity Private Note",
    "Activity Gear",
    "Filename",
    "Athlete Weight",
    "Bike Weight",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Max Speed",
    "Average Speed",
    "Elevation Gain",
    "Elevation Loss",
    "Elevation Low",
    "Elevation High",
    "Max Grade",
    "Average Grade",
    "Average Positive Grade",
    "Average Negative Grade",
    "Max Cadence",
    "Average Cadence",
    "Max Heart Rate",
    "Average Heart Rate",
    "Max Watts",
    "Average Watts",
    "Calories",
    "Max Temperature",
    "Average Temperature",
    "Relative Effort",
    "Total Work",
    "Number of Runs",
    "Uphill Time",
    "Downhill Time",
    "Other Time",
    "Perceived Exertion",
    "Type",
    "Start Time",
    "Weighted Average Power",
    "Power Count",
    "Prefer Perceived Exertion",
    "Perceived Relative Effort",
    "Commute",
    "Total Weight Lifted",
    "From Upload",
    "Grade Adjusted Distance",
    "Weather Observation Time",
    "Weather Condition",
    "Weather Temperature",
    "Apparent Temperature",
    "Dewpoint",
    "Humidity",
    "Weather Pressure",
    "Wind Speed",
    "Wind Gust",
    "Wind Bearing",
    "Precipitation Intensity",
    "Sunrise Time",
    "Sunset Time",
    "Moon Phase",
    "Bike",
    "Gear",
    "Precipitation Probability",
    "Precipitation Type",
    "Cloud Cover",
    "Weather Visibility",
    "UV Index",
    "Weather Ozone",
    "Jump Count",
    "Total Grit",
    "Average Flow",
    "Flagged",
    "Average Elapsed Speed",
    "Dirt Distance",
    "Newly Explored Distance",
    "Newly Explored Dirt Distance",
    "Activity Count",
    "Total Steps",
    "Carbon Saved",
    "Pool Length",
    "Training Load",
    "Intensity",
    "Average Grade Adjusted Pace",
    "Timer Time",
    "Total Cycles",
    "Recovery",
    "With Pet",
    "Competition",
    "Long Run",
    "For a Cause",
    "With Kid",
    "Downhill Distance",
    "Total Sets",
    "Total Reps",
    "Media",
]


def ten_year_csv(count: int = 5000, seed: int = 1, end: datetime | None = None) -> bytes:
    """A realistic activities.csv: runs, walks, rides and swims over ten years (3,650 days).

    The history starts on 1 Jan 2016, or, when `end` (UTC) is given, ends just before it: the
    newest activity starts within 10 hours before `end` - 3650 days / count (17.5 h for 5,000),
    so with `end` = now the last weeks have data and nothing is in the future.
    """
    rng = random.Random(seed)
    span = timedelta(days=3650)
    step = span / count
    start = datetime(2016, 1, 1, tzinfo=UTC) if end is None else end - span - timedelta(hours=10)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER_2026)
    index = {name: i for i, name in reversed(list(enumerate(HEADER_2026)))}
    for n in range(count):
        kind = rng.choices(["Run", "Walk", "Ride", "Swim"], [6, 3, 1, 0.5])[0]
        when = start + step * n + timedelta(minutes=rng.randint(0, 600))
        minutes = rng.uniform(20, 75)
        speed = {"Run": 2.9, "Walk": 1.4, "Ride": 6.5, "Swim": 0.7}[kind] * rng.uniform(0.85, 1.15)
        metres = speed * minutes * 60
        row = [""] * len(HEADER_2026)
        row[0] = str(1_000_000_000 + n)
        row[1] = when.strftime("%b %d, %Y, %I:%M:%S %p")
        row[2] = f"{'Morning' if when.hour < 12 else 'Evening'} {kind}"
        row[3] = kind
        row[4] = 'Felt good, "easy" pace 🏃\nsecond line' if n % 50 == 0 else ""
        row[5] = str(round(minutes * 66))
        row[6] = f"{metres:,.0f}" if kind == "Swim" else f"{metres / 1000:.2f}"
        row[11] = "Brooks Ghost 15" if kind == "Run" else ""
        row[12] = f"activities/{2_000_000_000 + n}.fit.gz"
        row[15] = f"{minutes * 66:.1f}"
        row[16] = f"{minutes * 60:.1f}"
        row[17] = f"{metres:.1f}"
        row[index["Average Heart Rate"]] = f"{rng.uniform(110, 160):.1f}"
        row[index["Average Cadence"]] = f"{rng.uniform(78, 88):.1f}" if kind == "Run" else ""
        row[index["Elevation Gain"]] = f"{rng.uniform(0, 120):.1f}"
        row[index["Calories"]] = f"{minutes * 9:.0f}"
        writer.writerow(row)
    return out.getvalue().encode("utf-8")
