"""A data generation counter per (store, owner), kept per server process.

A session's caches (settings, activities, derived figures) remember the generation they were
built at and are dropped when it moves, so a write in one tab shows in the owner's other tabs
too, whatever it changed: caches are never keyed on row counts. Every write through
dashboard/data.py moves it. Writes by another process (cron's `boneload sync`) are seen when
the session's caches are next dropped (a new session, or the next write here).
"""

from __future__ import annotations

import threading


class Generations:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[int, str], int] = {}

    def get(self, key: tuple[int, str]) -> int:
        return self._counts.get(key, 0)

    def bump(self, key: tuple[int, str]) -> None:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
