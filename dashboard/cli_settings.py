"""`boneload settings [list|set NAME VALUE]`: the settings table, for one owner, in a terminal."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from connectors.errors import BoneloadError

if TYPE_CHECKING:
    from connectors.store import Store


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    cmd = sub.add_parser("settings", help="list the settings, or set one (settings set NAME VALUE)")
    cmd.add_argument("action", nargs="?", default="list", choices=("list", "set"))
    cmd.add_argument("name", nargs="?", help="a setting's key, e.g. distance_unit")
    cmd.add_argument("value", nargs="?", help="its new value ('' or none empties an optional one)")
    return cmd


def run(args: argparse.Namespace, store: Store, owner: str, out: TextIO, err: TextIO) -> int:
    from connectors import settings as settings_mod

    current, warnings = settings_mod.parse_stored(store.load_settings(owner))
    for warning in warnings:
        print(f"boneload: warning: {warning}", file=err)
    if args.action == "list":
        for spec in settings_mod.TABLE:
            value = getattr(current, spec.name)
            shown = "" if value is None else str(value)
            unit = f" {spec.unit}" if spec.unit else ""
            print(f"{spec.name} = {shown}{unit}  [{spec.allowed()}]  {spec.help}", file=out)
        return 0
    spec = settings_mod.BY_NAME.get(args.name or "")
    if spec is None or args.value is None:
        known = ", ".join(settings_mod.BY_NAME)
        raise BoneloadError(f"settings set NAME VALUE, where NAME is one of: {known}")
    value = spec.parse_text(args.value)
    current.updated({spec.name: value})  # raises with what is wrong
    store.save_settings({spec.name: value}, owner)
    print(f"{spec.name} = {'' if value is None else value}", file=out)
    return 0
