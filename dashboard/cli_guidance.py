"""`boneload guidance`: "This week, for your bones", the alerts and the safety panel in a
terminal, from the same functions as the Overview page."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from datetime import date

    from connectors.store import Store


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    cmd = sub.add_parser("guidance", help="this week, for your bones: what it holds, what is next")
    cmd.add_argument("--format", choices=("text", "json"), default="text")
    cmd.add_argument("--today", type=_day, help="the day to plan from (default: today)")
    return cmd


def _day(text: str) -> date:
    """--today's YYYY-MM-DD; datetime is imported when the option is given, not for --help."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def run(args: argparse.Namespace, store: Store, owner: str, out: TextIO, err: TextIO) -> int:
    import json
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from connectors import settings as settings_mod
    from connectors.store import shoes as store_shoes
    from dashboard.guidance import alerts, compose, facts, safety, text

    settings = settings_mod.from_stored(store.load_settings(owner))
    today = args.today or datetime.now(ZoneInfo(settings.timezone)).date()
    activities = store.activities(owner)
    if activities.is_empty():
        print("boneload: nothing stored yet; import a file first (boneload import PATH)", file=err)
    gs = facts.GuidanceSettings.from_settings(settings, today)
    guidance = compose.compose(activities, settings, today)
    found = alerts.alerts(
        activities,
        settings,
        today,
        store.shoe_assignments(owner),
        gs.profile,
        shoe_records=(store_shoes.shoes(store, owner), store_shoes.shoe_defaults(store, owner)),
    )
    notes = safety.pain_notes(activities, gs.pain_alert_at, today - timedelta(days=27), today)
    if args.format == "json":
        out.write(json.dumps(text.as_data(guidance, found, notes), indent=2) + "\n")
    else:
        out.write(text.as_text(guidance, found, notes))
    return 0
