"""A made-up athlete, so the dashboard has something to show before anyone imports a file.

She is 55, and her doctor suggested walking. Over 78 weeks ending on `today` she follows the
prescription in the domain brief, and makes the slips the dashboard is there to catch:

- weeks 0-12: walks only, 3-5 a week, 15-20 min rising to 40-45 min, pace 12:30 -> 10:00 min/km;
- weeks 13-21: a 9-week couch-to-5k block (3 sessions a week, a rest day between): five weeks of
  "Walk-run intervals" (~9:00 min/km, ~150 spm), then continuous runs of 25/25/28/30 min;
- weeks 22-77: 2-3 runs a week of 25-42 min, pace 7:00 -> 6:15 min/km, cadence 160 -> 170, with
  walks, swims, rides and strength on the days between;
- the last 16 weeks: a short session of jumps and hops (8-12 min, 40-70 jumps) on one day
  without a run, and from week 48 a weekly yoga class for balance, so the bone week shows other
  impact and balance days (drawn from their own random stream: the rest of her history is the
  same as before they were added);
- gaps: a 2-week holiday and a 9-day cold;
- slips: three weeks with runs on consecutive days, one run 2.2x the longest run of the previous
  30 days (in a week with 60-70% more run distance than the one before), and the
  "Brooks Ghost 15" passing 300 mi (482.8 km) while the "ASICS Gel-Nimbus 26" joins the
  rotation for the last 13 weeks.

Weeks start on Monday, so the same seed with `today` moved by whole weeks gives the same athlete
moved by the same number of days. Heart rates assume max 170, rest 62; calories use ~1 kcal/kg/km
running, ~0.6 walking and METs otherwise, for 64 kg.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import polars as pl

from connectors.schema import ACTIVITY_SCHEMA, sport_family, stable_id

DEMO_LABEL: Final = "Demo data: a made-up athlete. Import your own export to replace it."

SOURCE: Final = "demo"
WEEKS: Final = 78
C25K_START: Final = 13
BUILD_START: Final = 22
WEIGHT_KG: Final = 64.0
MAX_HR: Final = 170.0
BROOKS: Final = "Brooks Ghost 15"
ASICS: Final = "ASICS Gel-Nimbus 26"
WALKERS: Final = "Everyday walkers"
BIKE: Final = "Town bike"

# Weeks counted back from the current one (0 = the week holding `today`).
BACK_TO_BACK_WEEKS: Final = frozenset({40, 22, 2})
SPIKE_WEEK: Final = 6
ASICS_WEEKS: Final = 13
CONTACT_WEEKS: Final = 26
HOLIDAY: Final = (31, 0, 14)  # (weeks back, weekday, days)
COLD: Final = (16, 6, 9)
JUMP_WEEKS: Final = 16  # the last 16 weeks hold one jumps session (a day without a run)
YOGA_FROM_WEEK: Final = 48
C25K_RUN_MINUTES: Final = (25, 25, 28, 30)


def demo_activities(today: date, timezone: str = "Europe/London", seed: int = 7) -> pl.DataFrame:
    """The demo athlete's activities up to and including `today`, in the canonical schema."""
    athlete = _Athlete(random.Random(seed), ZoneInfo(timezone), timezone, today)
    athlete.extra_rng = random.Random(seed + 1)
    for week in range(WEEKS):
        athlete.plan_week(week)
    frame = pl.DataFrame(athlete.rows, schema=ACTIVITY_SCHEMA, orient="row")
    return frame.sort("start_utc")


def _part_of_day(hour: int) -> str:
    return "Morning" if hour < 12 else "Afternoon" if hour < 17 else "Evening"


class _Athlete:
    """Plans each week in order, remembering runs so the spike can be sized against them."""

    def __init__(self, rng: random.Random, zone: ZoneInfo, timezone: str, today: date) -> None:
        self.rng = rng
        self.zone = zone
        self.timezone = timezone
        self.today = today
        self.first_monday = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
        self.extra_rng = random.Random(0)
        self.rows: list[dict[str, object]] = []
        self.runs: list[tuple[date, float]] = []
        self.run_count = 0
        self.spike_km = 0.0
        self.off_days = {
            self._day(WEEKS - 1 - back, weekday) + timedelta(days=n)
            for back, weekday, length in (HOLIDAY, COLD)
            for n in range(length)
        }

    def _day(self, week: int, weekday: int) -> date:
        return self.first_monday + timedelta(weeks=week, days=weekday)

    def plan_week(self, week: int) -> None:
        rng = self.rng
        back = WEEKS - 1 - week
        if week < C25K_START:
            frac = week / (C25K_START - 1)
            count = rng.choice((3, 4)) if week < 4 else rng.choice((4, 5))
            for weekday in sorted(rng.sample(range(7), count)):
                minutes = 17.5 + 25 * frac + rng.uniform(-2.5, 2.5)
                pace = 12.5 - 2.5 * frac + rng.uniform(-0.3, 0.3)
                self.walk(self._day(week, weekday), minutes, pace, 105 + 8 * frac)
            return
        if week < BUILD_START:
            run_days: tuple[int, ...] = (0, 2, 5)
        elif back == SPIKE_WEEK:
            run_days = (1, 6)
        elif back == SPIKE_WEEK + 1:
            run_days = (1, 5)
        elif back in BACK_TO_BACK_WEEKS:
            run_days = (1, 4, 5)
        elif back == SPIKE_WEEK - 1:  # Sunday's spike: no run on Monday
            run_days = (2, 5)
        else:
            run_days = rng.choice(((1, 5), (2, 5), (0, 2, 5), (1, 3, 5), (0, 3, 5)))
        for weekday in range(7):
            day = self._day(week, weekday)
            if day in self.off_days:
                continue
            if weekday in run_days:
                self.run_session(week, back, day, weekday, run_days)
            else:
                self.rest_day(week, day)
        self.bone_extras(week, back, run_days)

    def bone_extras(self, week: int, back: int, run_days: tuple[int, ...]) -> None:
        """Jumps on one day without a run (last JUMP_WEEKS weeks) and a weekly yoga class."""
        rng = self.extra_rng
        free = [
            d for d in range(7) if d not in run_days and self._day(week, d) not in self.off_days
        ]
        if back < JUMP_WEEKS and free:
            day = self._day(week, rng.choice(free))
            reps = rng.randrange(40, 71)
            self.add(
                day, "Plyometrics", "Hops and jumps", 17, rng.uniform(8, 12), km=None,
                cadence=None, hr=118, rpe=6, gear=None, kcal_per_km=None, met=8.0,
                climb=None, pause=(1.0, 1.1), reps=reps, rng=rng,
            )  # fmt: skip
        if week >= YOGA_FROM_WEEK and free:
            day = self._day(week, rng.choice(free))
            self.add(
                day, "Yoga", "Yoga class", 10, rng.uniform(45, 60), km=None, cadence=None,
                hr=88, rpe=2, gear=None, kcal_per_km=None, met=2.5, climb=None,
                pause=(1.0, 1.05), rng=rng,
            )  # fmt: skip

    def run_session(
        self, week: int, back: int, day: date, weekday: int, run_days: tuple[int, ...]
    ) -> None:
        rng = self.rng
        if week < BUILD_START:
            block = week - C25K_START
            hour = 9 if weekday >= 5 else 18
            if block < 5:
                pace, cadence = rng.uniform(8.5, 9.5), rng.uniform(150, 154)
                self.run(day, "Walk-run intervals", hour, 30 + rng.uniform(-1, 2), pace, cadence)
            else:
                minutes = C25K_RUN_MINUTES[block - 5] + rng.uniform(0, 2)
                pace, cadence = rng.uniform(7.4, 7.9), rng.uniform(154, 158)
                self.run(day, f"{_part_of_day(hour)} Run", hour, minutes, pace, cadence)
            return
        frac = (week - BUILD_START) / (WEEKS - 1 - BUILD_START)
        pace = 7.0 - 0.75 * frac + rng.uniform(-0.1, 0.15)
        cadence = 160 + 9 * frac + rng.uniform(-1.5, 1.5)
        two = len(run_days) == 2  # fewer runs, a little longer each: steadier weekly totals
        if back == SPIKE_WEEK:
            self.spike_week_run(day, weekday, pace, cadence)
        elif weekday == run_days[-1] and back not in BACK_TO_BACK_WEEKS:
            minutes = rng.uniform(38, 42) if two else rng.uniform(34, 38)
            self.run(day, "Long Run", 9, minutes, pace + 0.15, cadence - 1)
        else:
            hour = rng.choice((18, 18, 19, 7))
            minutes = rng.uniform(28, 34) if two else rng.uniform(25, 30)
            self.run(day, f"{_part_of_day(hour)} Run", hour, minutes, pace, cadence)

    def spike_week_run(self, day: date, weekday: int, pace: float, cadence: float) -> None:
        """Sunday: 2.2x the longest run of the 30 days before; Tuesday sized so the week holds
        ~60% more run distance than the week before."""
        if weekday == 1:
            sunday = day + timedelta(days=5)
            self.spike_km = 2.2 * max(km for d, km in self.runs if (sunday - d).days <= 30)
            last_week = sum(km for d, km in self.runs if (day - d).days <= 8)
            km = max(25 / pace, 1.6 * last_week - self.spike_km)  # at least 25 min
            self.run(day, "Evening Run", 18, km * pace, pace, cadence)
        else:
            slow = pace + 0.4
            self.run(day, "Long Run", 8, self.spike_km * slow, slow, cadence - 2, spike=True)

    def rest_day(self, week: int, day: date) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            self.walk(day, rng.uniform(30, 55), rng.uniform(9.6, 10.6), rng.uniform(110, 114))
        elif roll < 0.58 and week >= BUILD_START:
            self.other(day, "Swim", "Pool swim", rng.choice((7, 12)), rng.uniform(30, 42))
        elif roll < 0.68 and week >= BUILD_START:
            self.other(day, "Ride", "", 10, rng.uniform(40, 75))
        elif roll < 0.85:
            self.other(day, "WeightTraining", "Strength & core", 18, rng.uniform(20, 35))

    def walk(self, day: date, minutes: float, pace: float, cadence: float) -> None:
        hour = self.rng.choice((7, 8, 8, 12, 17, 18))
        intensity = max(0.0, min(1.0, (12.5 - pace) / 2.5))
        self.add(
            day, "Walk", f"{_part_of_day(hour)} Walk", hour, minutes,
            km=minutes / pace, cadence=min(115.0, max(105.0, cadence + self.rng.uniform(-2, 2))),
            hr=98 + 12 * intensity, rpe=2 + intensity, gear=WALKERS,
            kcal_per_km=0.6 * WEIGHT_KG, climb=(4, 12), pause=(1.03, 1.12),
        )  # fmt: skip

    def run(
        self, day: date, name: str, hour: int, minutes: float, pace: float, cadence: float,
        spike: bool = False,
    ) -> None:  # fmt: skip
        km = minutes / pace
        monday = day - timedelta(days=day.weekday())
        back = (self.first_monday + timedelta(weeks=WEEKS - 1) - monday).days // 7
        shoe = BROOKS
        if back < ASICS_WEEKS:
            shoe = ASICS if self.run_count % 2 else BROOKS
        self.run_count += 1
        self.runs.append((day, km))
        contact = None
        if back < CONTACT_WEEKS:
            contact = 262 + 28 * back / CONTACT_WEEKS + self.rng.uniform(-3, 3)
        intervals = name == "Walk-run intervals"
        hr, rpe = (134.0, 5.0) if intervals else (153.0, 8.0) if spike else (146.0, 4.5)
        self.add(
            day, "Run", name, hour, minutes, km=km, cadence=cadence, hr=hr,
            rpe=rpe + (1 if name == "Long Run" and not spike else 0), gear=shoe,
            kcal_per_km=(0.8 if intervals else 1.0) * WEIGHT_KG, climb=(5, 14),
            pause=(1.01, 1.05), contact=contact, max_hr=MAX_HR if spike else None,
        )  # fmt: skip

    def other(self, day: date, sport_type: str, name: str, hour: int, minutes: float) -> None:
        rng = self.rng
        if sport_type == "Swim":
            km, hr, rpe, met, pause = minutes * rng.uniform(0.030, 0.038), 118, 4, 7.0, (1.15, 1.35)
        elif sport_type == "Ride":
            km, hr, rpe, met, pause = minutes * rng.uniform(0.27, 0.33), 122, 3.5, 6.0, (1.05, 1.2)
            name = f"{_part_of_day(hour)} Ride"
        else:
            km, hr, rpe, met, pause = None, 102, 5, 3.5, (1.0, 1.15)
        self.add(
            day, sport_type, name, hour, minutes, km=km, cadence=None, hr=hr, rpe=rpe,
            gear=BIKE if sport_type == "Ride" else None, kcal_per_km=None, met=met,
            climb=(6, 12) if sport_type == "Ride" else None, pause=pause,
        )  # fmt: skip

    def add(
        self, day: date, sport_type: str, name: str, hour: int, minutes: float, *,
        km: float | None, cadence: float | None, hr: float, rpe: float, gear: str | None,
        kcal_per_km: float | None, climb: tuple[float, float] | None, pause: tuple[float, float],
        contact: float | None = None, met: float = 0.0, max_hr: float | None = None,
        reps: int | None = None, rng: random.Random | None = None,
    ) -> None:  # fmt: skip
        """Turn one planned session into a canonical row (none for days after `today`)."""
        rng = rng or self.rng
        moving_s = float(round(minutes * 60))
        elapsed_s = float(round(moving_s * rng.uniform(*pause)))
        local = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))
        has_hr = rng.random() < 0.8
        avg_hr = round(hr + rng.uniform(-4, 4))
        peak = max_hr if max_hr is not None else min(MAX_HR - 1, avg_hr + rng.uniform(9, 18))
        has_rpe = rng.random() < 0.5
        rpe_value = max(1.0, min(10.0, round(rpe + rng.choice((-1, 0, 0, 1)))))
        cadence = None if cadence is None else round(cadence, 1)
        km_ = km or 0.0
        kcal = km_ * kcal_per_km if kcal_per_km else met * WEIGHT_KG * minutes / 60
        if day > self.today:
            return
        source_id = f"{day:%Y%m%d}-{sport_type.lower()}"  # one session a day at most
        self.rows.append(
            {
                "activity_id": stable_id(SOURCE, source_id),
                "source": SOURCE,
                "source_id": source_id,
                "sport": sport_family(sport_type),
                "sport_type": sport_type,
                "name": name,
                "start_utc": local.replace(tzinfo=self.zone).astimezone(UTC),
                "start_local": local,
                "timezone": self.timezone,
                "elapsed_s": elapsed_s,
                "moving_s": moving_s,
                "distance_m": None if km is None else round(km * 1000, 1),
                "elevation_gain_m": None if climb is None else round(km_ * rng.uniform(*climb), 1),
                "avg_hr": float(avg_hr) if has_hr else None,
                "max_hr": float(round(peak)) if has_hr else None,
                "avg_cadence_spm": cadence,
                "steps": None if cadence is None else round(cadence * moving_s / 60),
                "avg_contact_ms": None if contact is None else round(contact, 1),
                "gear": gear,
                "rpe": float(rpe_value) if has_rpe else None,
                "calories": float(round(kcal)),
                "reps": reps,
                "pain": None,
                "note": None,
            }
        )
