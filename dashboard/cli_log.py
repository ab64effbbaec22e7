"""`boneload log|edit|delete`: sessions logged by hand and corrections, in a terminal.

    boneload log --date 2026-11-28 --time 07:30 --type walk --minutes 30 [--distance 2.5]
                 [--reps 50] [--rpe 4] [--pain 2] [--note "..."] [--name "..."]
    boneload edit ID [--sport run] [--shoe "Brooks"] [--name "..."] [--rpe 5] [--pain 1]
                 [--note "..."]
    boneload delete ID

IDs are the activity_id column of `boneload activities`. A logged session is its own import
(undo it on the Import page, or delete it by id).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

from connectors.errors import BoneloadError
from connectors.manual_types import BY_KEY
from connectors.sport_types import SPORTS

if TYPE_CHECKING:  # imported when a command runs: `--help` stays light
    import polars as pl

    from connectors import settings as settings_mod
    from connectors.store import Store

COMMANDS = ("log", "edit", "delete")


def add_parsers(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:  # type: ignore[type-arg]
    log = sub.add_parser("log", help="log a session by hand (a walk, a run, jumps, strength...)")
    log.add_argument("--date", help="YYYY-MM-DD (default: today)")
    log.add_argument("--time", required=True, help="start, HH:MM (24-hour clock)")
    log.add_argument("--type", required=True, dest="type_key", choices=list(BY_KEY))
    log.add_argument("--minutes", required=True, help="how long it took")
    log.add_argument("--distance", help="in your distance unit (setting distance_unit)")
    log.add_argument("--reps", help="repetitions: jumps or hops")
    log.add_argument("--rpe", help="perceived effort, 0 (rest) to 10 (all out)")
    log.add_argument("--pain", help="pain during or after, 0 (none) to 10 (worst)")
    log.add_argument("--note", help="your own note")
    log.add_argument("--name", help="a name for it (default: the type)")

    edit = sub.add_parser(
        "edit", help="correct one activity: sport, shoe, name, effort, pain, note"
    )
    edit.add_argument("activity_id", help="the activity_id shown by `boneload activities`")
    edit.add_argument("--sport", choices=list(SPORTS))
    edit.add_argument("--shoe", help="shoe name ('' removes it)")
    edit.add_argument("--name")
    edit.add_argument("--rpe", type=float)
    edit.add_argument("--pain", type=float)
    edit.add_argument("--note", help="'' removes it")

    delete = sub.add_parser("delete", help="delete one activity (says which import it came from)")
    delete.add_argument("activity_id", help="the activity_id shown by `boneload activities`")
    return [log, edit, delete]


def run(args: argparse.Namespace, store: Store, owner: str, out: TextIO, err: TextIO) -> int:
    from connectors import settings as settings_mod
    from connectors.store import edits

    settings = settings_mod.from_stored(store.load_settings(owner))
    if args.command == "log":
        return _log(args, store, owner, settings, out)
    if args.command == "edit":
        return _edit(args, store, owner, out)
    came_from = edits.delete_activity(store, args.activity_id, owner)
    print(f"deleted {args.activity_id}", file=out)
    for item in came_from:
        print(f"  it came from {describe_import(item)}", file=out)
    if any(item["source"] != "manual" for item in came_from):
        print("  importing that file again brings it back", file=out)
    return 0


def matching(activities: pl.DataFrame, text: str | None) -> pl.DataFrame:
    """`boneload activities --search`: the rows the Activities page's search box would keep."""
    if not text or not text.strip():
        return activities
    import polars as pl

    from dashboard import activity_list as al

    keep = al.search(al.activity_table(activities, None), text)["activity_id"]
    return activities.filter(pl.col("activity_id").is_in(keep.implode()))


def describe_import(item: dict[str, Any]) -> str:
    """ "activities.csv (strava_export, import 3 of 2026-11-29)" """
    when = item.get("started_at")
    day = f" of {when:%Y-%m-%d}" if when is not None else ""
    file_name = item.get("file_name") or "an import no longer in the log"
    return f"{file_name} ({item['source']}, import {item.get('import_id')}{day})"


def _log(
    args: argparse.Namespace,
    store: Store,
    owner: str,
    settings: settings_mod.Settings,
    out: TextIO,
) -> int:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from connectors.manual import SessionForm, build_row
    from connectors.store import edits

    today = datetime.now(ZoneInfo(settings.timezone)).date()
    form = SessionForm(
        day=args.date or today.isoformat(),
        start=args.time,
        type_key=args.type_key,
        minutes=args.minutes,
        distance=args.distance,
        reps=args.reps,
        rpe=args.rpe,
        pain=args.pain,
        note=args.note,
        name=args.name,
    )
    frame = build_row(
        form, timezone=settings.timezone, distance_unit=settings.distance_unit, today=today
    )
    row = frame.row(0, named=True)
    summary = edits.log_session(
        store, frame, f"logged by hand: {row['start_local']:%Y-%m-%d %H:%M}", owner
    )
    if summary.skipped:
        print(f"already logged: {row['activity_id']} (nothing changed)", file=out)
    elif summary.merged:
        print(
            f"logged {row['activity_id']}: the same session as one already imported; "
            f"your effort, pain and note were added to it (import {summary.import_id})",
            file=out,
        )
    else:
        print(f"logged {row['activity_id']} (import {summary.import_id})", file=out)
    return 0


def _edit(args: argparse.Namespace, store: Store, owner: str, out: TextIO) -> int:
    from connectors.store import edits

    values: dict[str, Any] = {}
    for option, column in (("sport", "sport"), ("shoe", "gear"), ("name", "name"),
                           ("rpe", "rpe"), ("pain", "pain"), ("note", "note")):  # fmt: skip
        given = getattr(args, option)
        if given is not None:
            values[column] = given.strip() or None if isinstance(given, str) else given
    if not values:
        raise BoneloadError(
            "nothing to change: give --sport, --shoe, --name, --rpe, --pain or --note"
        )
    edits.update_activity(store, args.activity_id, values, owner)
    changed = ", ".join(f"{k}={'' if v is None else v}" for k, v in values.items())
    print(f"updated {args.activity_id}: {changed}", file=out)
    return 0
