"""A data generation counter per (store, owner), and the owner's caches shared by sessions.

Every write through dashboard/data.py moves the owner's generation; caches built at an older
generation are never used again, whatever the write changed (caches are never keyed on row
counts). Writes by another process (cron's `boneload sync`, the CLI) do not pass through here:
each new browser session compares the store's stamp (connectors.store.stamp) with the last one
seen and moves the generation when it differs, so a new session always shows what is stored.

What an owner's pages compute (the activities frame, derived frames, figures) is kept once per
process for each (store, owner, role) and generation, not per session: a second tab or a
returning visitor gets the same objects. A share-link viewer's role is part of the key, so a
viewer's frame (the shareable activities only) and everything derived from it is never the
owner's, nor the other way round. Anonymous visitors' session stores are not kept here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

Key = tuple[int, str]  # (id of the store, owner)
Scope = tuple[int, str, str]  # (id of the store, owner, role)
MAX_SCOPES = 16  # owners (and their viewers) kept per process; the least recently used goes


class Bounded(dict[Hashable, Any]):
    """A dict that starts again when it holds more than `limit` entries."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: Hashable, value: Any) -> Any:
        if key not in self and len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


class Shared:
    """One scope's caches at one generation: activities, derived values and figures."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.values: Bounded = Bounded(64)  # activities and data.derived results
        self.figures: Bounded = Bounded(64)  # render.chart's figures, keyed by their inputs


class Generations:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[Key, int] = {}
        self._stamps: dict[Key, Hashable] = {}
        self._shared: OrderedDict[Scope, Shared] = OrderedDict()

    def get(self, key: Key) -> int:
        return self._counts.get(key, 0)

    def bump(self, key: Key) -> None:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1

    def check(self, key: Key, stamp: Hashable) -> None:
        """A new session saw `stamp` in the store: move the generation if it changed since
        the last one seen (another process wrote)."""
        with self._lock:
            seen = self._stamps.get(key)
            self._stamps[key] = stamp
            if seen is not None and seen != stamp:
                self._counts[key] = self._counts.get(key, 0) + 1

    def shared(self, scope: Scope) -> Shared:
        """The caches of `scope` at its owner's current generation (new ones once it moved)."""
        generation = self.get((scope[0], scope[1]))
        with self._lock:
            found = self._shared.get(scope)
            if found is None or found.generation != generation:
                found = Shared(generation)
                self._shared[scope] = found
            self._shared.move_to_end(scope)
            while len(self._shared) > MAX_SCOPES:
                self._shared.popitem(last=False)
            return found
