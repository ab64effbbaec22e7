"""Shared wording: day names, counts, the evidence behind each kind of statement, and the
strength, balance and other-impact lines every profile gets.

Every sentence shown to a person is guidance, never medical advice, and names no diagnosis.
Each Statement carries the key of its Basis (title, evidence rung, sources), so the clinician
report can print the rung beside the guidance (domain.md: every metric says its rung).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from dashboard.guidance.facts import GuidanceSettings, WeekFacts
from dashboard.metrics.plan import PlanWeek


@dataclass(frozen=True)
class Basis:
    """Why a statement is made: its title, evidence rung and sources."""

    key: str
    title: str
    rung: str
    sources: tuple[str, ...]


ARTICLE: Final = "Founding article: Run to Improve Bone Health"
FRANDSEN: Final = "Frandsen 2025, BJSM 59:1203 (established runners: mean age 46, 22% women)"
BASES: Final = {
    b.key: b
    for b in (
        Basis("walking_phase", "Walks first, then walk -> trot -> jog -> run", "moderate",
              (ARTICLE, "Martyn-St James & Carroll 2008, Bone 43:521 (walking alone barely "
               "loads bone: it is the on-ramp)")),
        Basis("plan", "Walk-to-run plan: NHS Couch to 5K, 3 sessions a week", "moderate",
              ("NHS Couch to 5K", ARTICLE)),
        Basis("plan_history", "Repeating a plan week is fine", "moderate",
              ("NHS Couch to 5K",)),
        Basis("ramp", "1 run a week, building to 2-3", "moderate", (ARTICLE,)),
        Basis("rest_between", "A rest day between runs", "speculative",
              (ARTICLE, "Robling, Burr & Turner 2001, J Exp Biol 204:3389 (animal studies: bone "
               "cells regain sensitivity over about 8 h)")),
        Basis("months", "Bone changes show over months", "moderate",
              ("Brooke-Wavell 2022, BJSM 56:837 (Royal Osteoporosis Society)",)),
        Basis("spike_guard", "Keep a run within about 10% of your 30-day longest", "moderate",
              (FRANDSEN,)),
        Basis("impact", "Other impact: jumping, hopping, court sports, dance", "moderate",
              ("Nikander 2005, JBMR 20:520", "Allison 2013, Bone 53:321")),
        Basis("strength", "Strength training 2-3 days a week", "well-founded",
              ("Brooke-Wavell 2022, BJSM 56:837", "Beck 2017, J Sci Med Sport 20:438",
               "Watson 2018, JBMR 33:211 (LIFTMOR)")),
        Basis("balance", "Balance on 3 or more days a week for older adults", "well-founded",
              ("WHO 2020 guidelines", "Sherrington 2019, Cochrane CD012424")),
        Basis("limited", "A clinician limits impact: walking, strength and balance",
              "well-founded", ("Brooke-Wavell 2022, BJSM 56:837 (Royal Osteoporosis Society)",)),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Statement:
    """One sentence of guidance and the key of its Basis."""

    text: str
    basis: str


def day_name(day: date, today: date) -> str:
    """ "today", "tomorrow", or the weekday ("Saturday")."""
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"{day:%A}"


def short_days(days: list[date]) -> str:
    """ "Mon, Wed and Fri"."""
    names = [f"{d:%a}" for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def count(n: int, thing: str, plural: str | None = None) -> str:
    """ "1 walk", "3 walks", "no walks"."""
    many = plural or thing + "s"
    return f"no {many}" if n == 0 else f"1 {thing}" if n == 1 else f"{n} {many}"


def free_days(today: date, end: date, taken: list[date], count: int) -> list[date]:
    """Up to `count` days from today to `end` not already in `taken` (strength, balance: no
    rest day is needed between them)."""
    out: list[date] = []
    day = today
    while day <= end and len(out) < count:
        if day not in taken:
            out.append(day)
        day += timedelta(days=1)
    return out


def _days_line(facts: WeekFacts, field: str, target: int, what: str, key: str) -> list[Statement]:
    """ "Strength: 1 of 2 days so far (Tue). 1 more fits: today or any day to Sunday.\""""
    if target <= 0:
        return []
    done_days = facts.days_with(field)
    done = len(done_days)
    when = f" ({short_days(done_days)})" if done_days else ""
    if done >= target:
        return [Statement(f"{what}: {done} of {target} days{when}: done for this week.", key)]
    left = target - done
    fits = free_days(facts.today, facts.sunday, done_days, left)
    head = f"{what}: {done} of {target} days so far{when}."
    if not fits:
        return [Statement(f"{head} No days are left this week; next week starts fresh.", key)]
    first = day_name(fits[0], facts.today)
    more = f"{len(fits)} more {'day fits' if len(fits) == 1 else 'days fit'}"
    until = "" if fits[0] == facts.sunday else f", from {first} to Sunday"
    return [Statement(f"{head} {more} this week{until}.", key)]


def strength_and_balance(facts: WeekFacts, gs: GuidanceSettings) -> list[Statement]:
    """The strength line, and the balance line when balance days are on."""
    lines = _days_line(facts, "strength", gs.strength_days_target, "Strength", "strength")
    if gs.balance_on:
        lines += _days_line(facts, "balance", gs.balance_days_target, "Balance", "balance")
    return lines


def other_impact(facts: WeekFacts) -> list[Statement]:
    """Other impact days this week (jumping, court sports ...), when there were any."""
    days = [d.day for d in facts.days if d.impact]
    if not days:
        return []
    return [Statement(f"Other impact: {count(len(days), 'day')} ({short_days(days)}).", "impact")]


def minutes_text(value: float) -> str:
    return f"{value:.0f} minutes" if value >= 1.5 else "1 minute"


@dataclass(frozen=True)
class Guidance:
    """What Overview, the report and `boneload guidance` print."""

    mode: str  # walking | plan | ramp | runner | limited
    status: str  # on track | ahead of plan | done | "" (no verdict)
    headline: str
    holds: tuple[Statement, ...] = ()
    next: tuple[Statement, ...] = ()
    why: Statement | None = None
    plan: PlanWeek | None = None
    keys: tuple[str, ...] = field(default=())

    def statements(self) -> list[Statement]:
        return [*self.holds, *self.next, *([self.why] if self.why else [])]

    def sentences(self) -> list[str]:
        return [self.headline, *(s.text for s in self.statements())]

    def bases(self) -> list[Basis]:
        """The evidence behind this guidance, each basis once, in order of first use."""
        keys = dict.fromkeys([*self.keys, *(s.basis for s in self.statements())])
        return [BASES[k] for k in keys]
