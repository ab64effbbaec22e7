"""`boneload import|weekly|shoes|activities|log|edit|delete|sync|settings`: the pages' code
paths, for cron and terminals."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from connectors.apis import sources as api_sources
from dashboard import cli_guidance, cli_log, cli_settings

if TYPE_CHECKING:  # the commands import Polars, the store and the metrics when they run
    from collections.abc import Mapping, Sequence
    from datetime import date

    import polars as pl

    from connectors import settings as settings_mod
    from connectors.store import Store


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized without shutil: shutil.get_terminal_size imports shutil,
    bz2 and lzma, about a fifth of the CPU `boneload --help` costs (python -X importtime)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:  # fmt: skip
        super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size finds it: COLUMNS, stdout, or 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    """Every parser and subparser formats its help with _Formatter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="boneload", description="Running for bone health: import activities, print weeks."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="import export files, CSVs or folders of them")
    imp.add_argument("paths", nargs="+", help="files or folders")
    imp.add_argument("--tz", help="IANA time zone of the athlete (default: the stored setting)")
    imp.add_argument(
        "--distance-unit",
        choices=("km", "mi"),
        help="unit of a Garmin CSV's Distance column when the file does not give it away "
        "(default: the stored setting)",
    )
    imp.add_argument(
        "--map",
        dest="column_map",
        help='column map for any other CSV: "start_local=Date,sport_type=Type,'
        'elapsed_s=Duration,distance_m=Distance"',
    )
    _add_db(imp)

    for name, help_text in (
        ("weekly", "one row per ISO week"),
        ("shoes", "one row per shoe"),
        ("activities", "every stored activity"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--format", choices=("json", "csv"), default="csv")
        if name == "activities":
            cmd.add_argument("--search", help="only those whose name, type or note holds this")
        _add_db(cmd)

    syn = sub.add_parser("sync", help="bring new activities from a connected API")
    syn.add_argument("source", nargs="?", default="strava", choices=api_sources.BY_KEY)
    syn.add_argument("--full", action="store_true", help="list the whole history again")
    _add_db(syn)
    _add_db(cli_settings.add_parser(sub))
    for cmd in cli_log.add_parsers(sub):
        _add_db(cmd)
    _add_db(cli_guidance.add_parser(sub))
    return parser


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="SQLAlchemy URL of the store (default: BONELOAD_DB, "
        "secrets.toml, or a SQLite file in your data folder)",
    )
    parser.add_argument(
        "--owner",
        help="whose data to read and write (default: BONELOAD_OWNER, [boneload] owner in "
        "secrets.toml, or local)",
    )


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    # Imported here, not at the top: `--help` and argument errors answer without Polars,
    # SQLAlchemy or the metrics (tests/dashboard/test_cli_imports.py).
    from pathlib import Path

    from connectors.config import read_secrets_file, resolve_db_url, resolve_owner
    from connectors.errors import BoneloadError

    try:
        secrets = read_secrets_file(Path(".streamlit") / "secrets.toml")
        owner = resolve_owner(args.owner, os.environ, secrets)
        url = resolve_db_url(args.db, secrets=secrets)
        if args.command == "import":  # a SQLite file: written without SQLAlchemy
            from connectors.store.lite import open_for_import

            store = open_for_import(url)
        else:
            from connectors.store import Store

            store = Store(url)
        try:
            if args.command == "sync":
                return _sync(args, store, owner, secrets, out, err)
            if args.command == "settings":
                return cli_settings.run(args, store, owner, out, err)
            if args.command in cli_log.COMMANDS:
                return cli_log.run(args, store, owner, out, err)
            if args.command == "guidance":
                return cli_guidance.run(args, store, owner, out, err)
            return _run(args, store, owner, out, err)
        finally:
            store.close()
    except BoneloadError as exc:
        print(f"boneload: {exc}", file=err)
        return 2


def _run(args: argparse.Namespace, store: Store, owner: str, out: TextIO, err: TextIO) -> int:
    from connectors import settings as settings_mod

    settings = settings_mod.from_stored(store.load_settings(owner))
    if args.command == "import":
        return _import(args, store, owner, settings, out, err)
    from dashboard import views

    activities = store.activities(owner)
    if args.command == "weekly":
        frame = views.weekly_table(activities, settings, today=_today(settings.timezone))
    elif args.command == "shoes":
        return _shoes(activities, store, owner, settings, args.format, out, err)
    else:
        frame = cli_log.matching(activities, args.search)
    if args.command == "activities" and frame.is_empty() and not activities.is_empty():
        print(f"boneload: no activity matches {args.search!r}", file=err)
    elif activities.is_empty():
        print("boneload: nothing stored yet; import a file first (boneload import PATH)", file=err)
    _write(frame, args.format, out)
    return 0


def _shoes(
    activities: pl.DataFrame,
    store: Store,
    owner: str,
    settings: settings_mod.Settings,
    fmt: str,
    out: TextIO,
    err: TextIO,
) -> int:
    """One row per shoe, as on the Shoes page: the same today, the same rotation window."""
    from connectors.store import shoes as store_shoes
    from dashboard import views
    from dashboard.metrics import shoes as shoes_metric

    today = _today(settings.timezone)
    records, defaults = store_shoes.shoes(store, owner), store_shoes.shoe_defaults(store, owner)
    assignments = store.shoe_assignments(owner)
    frame = views.shoe_table(activities, assignments, settings, today, records, defaults)
    if activities.is_empty() and frame.is_empty():
        print("boneload: nothing stored yet; import a file first (boneload import PATH)", file=err)
    elif frame.is_empty():
        print(
            "boneload: no activity names a shoe yet. Strava exports carry it ('Activity Gear'); "
            "for other files, add a shoe on the Shoes page and make it the default for runs, or "
            "assign it to a date range.",
            file=err,
        )
    else:
        reference = shoes_metric.rotation_reference(activities, today)
        if reference is not None:
            print(
                f"rotation_share: each shoe's share of run distance in the 90 days up to "
                f"{reference:%Y-%m-%d}, the latest run",
                file=err,
            )
    _write(frame, fmt, out)
    return 0


def _today(timezone: str) -> date:
    """Today where the athlete is: the week still running is never judged."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(timezone)).date()


def _import(
    args: argparse.Namespace,
    store: Store,
    owner: str,
    settings: settings_mod.Settings,
    out: TextIO,
    err: TextIO,
) -> int:
    from datetime import UTC, datetime
    from pathlib import Path

    from connectors import settings as settings_mod
    from connectors.files.base import ImportOptions
    from connectors.importing import import_paths

    timezone = args.tz or settings.timezone
    if not settings_mod.is_timezone(timezone):
        print(f"boneload: unknown time zone {timezone!r} (try e.g. America/Chicago)", file=err)
        return 2
    if args.tz and "timezone" not in store.load_settings(owner):
        store.save_settings({"timezone": args.tz}, owner)
        print(f"time zone {args.tz} stored in your settings (boneload settings to change it)",
              file=out)  # fmt: skip
    column_map: dict[str, str] = {}
    if args.column_map:
        from connectors.files import generic_csv

        column_map = generic_csv.parse_map_arg(args.column_map)
    options = ImportOptions(
        timezone=timezone,
        distance_unit=args.distance_unit or settings.distance_unit,
        column_map=column_map,
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    summaries = import_paths(store, [Path(p) for p in args.paths], options, now, owner=owner)
    for summary in summaries:
        fmt = f" ({summary.format})" if summary.format else ""
        print(
            f"{summary.file_name}{fmt}: {summary.new} new, {summary.merged} merged, "
            f"{summary.updated} updated, {summary.skipped} skipped, "
            f"{len(summary.errors)} errors",
            file=out,
        )
        for warning in summary.warnings:
            print(f"  warning: {warning}", file=out)
        for error in summary.errors:
            print(f"  error: {error}", file=err)
    keys = ("new", "merged", "updated", "skipped")
    total = [sum(getattr(s, k) for s in summaries) for k in keys]
    print(f"total: {', '.join(f'{n} {k}' for n, k in zip(total, keys, strict=True))}", file=out)
    return 0 if any(s.read_anything for s in summaries) else 1


def _sync(
    args: argparse.Namespace,
    store: Store,
    owner: str,
    secrets: Mapping[str, object],
    out: TextIO,
    err: TextIO,
) -> int:
    from connectors import settings as settings_mod
    from connectors.apis import registry as api_registry
    from connectors.apis.credentials import api_config

    key_file = api_registry.default_key_file(store.url)
    config = api_config(os.environ, secrets, key_file, owner=owner)
    settings = settings_mod.from_stored(store.load_settings(owner))
    report = api_registry.sync_source(
        args.source, store, owner, config, fallback_zone=settings.timezone, full=args.full
    )
    print(report.describe(), file=out if report.status in ("ok", "waiting") else err)
    for problem in report.problems:
        print(f"  error: {problem}", file=err)
    return {"ok": 0, "waiting": 0, "rate_limited": 0, "reconnect": 2}.get(report.status, 1)


def _write(frame: pl.DataFrame, fmt: str, out: TextIO) -> None:
    from dashboard.export import safe_csv, to_json

    out.write(to_json(frame) if fmt == "json" else safe_csv(frame))
    if fmt == "json":
        out.write("\n")


if __name__ == "__main__":
    raise SystemExit(main())
