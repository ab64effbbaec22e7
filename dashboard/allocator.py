"""Allocator settings for the Streamlit server (issue 12: server memory), made by app.py before
Polars loads; and a trim after every script run.

Where the server's memory goes beyond its imports (bench/page_profile.py, 2026-11-30): Polars'
runtime code faulted in as queries run (file-backed, shared with any other process using
Polars: about 43 MB), Python objects and the buffers of the pages' runs, and freed memory the
allocators keep. This module works on the last part, measured with bench/page_bench.py's
click-through on a ten-year, 5,000-activity history (figures in the README's Speed section):

- glibc malloc keeps a freed large block (a Plotly figure's JSON, a protobuf message, SQLAlchemy
  rows) in the arena of the thread that freed it, and Streamlit runs every script run in a new
  thread, so freed space piles up in many arenas. Fixed mmap and trim thresholds (128 KiB, as
  glibc's defaults before its dynamic threshold raises them up to 32 MiB) send blocks that big
  straight back to the system on free, and `malloc_trim(0)` after each run returns the free
  pages left inside the arenas.
- Polars allocates through its own jemalloc and, on import, sets its decay times (dirty pages
  kept 0.5 s, muzzy 1 s) in `_RJEM_MALLOC_CONF`, appending whatever that variable already
  holds (polars/__init__.py; pola-rs/polars#18088, #21829). Setting it before `import polars`
  is Polars' supported way to tune them; here freed pages go back at once.

None of this changes a result, only when freed memory goes back to the system. A setting the
person running the server already made in the environment (_RJEM_MALLOC_CONF,
MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_) wins. Outside glibc (macOS, musl) the malloc
part does nothing. glibc's arena count (MALLOC_ARENA_MAX) cannot be set from here: glibc fixes
its limit when the ninth arena is made, which the server's file-serving threads do before the
first script run; set the variable in the server's environment to use it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from typing import Any

from dashboard import plotly_validators

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
THRESHOLD = 128 * 1024
POLARS_JEMALLOC = "dirty_decay_ms:0,muzzy_decay_ms:0"

_libc: Any = None
_tuned = False


def tune() -> None:
    """Once per process, before Polars loads: Polars' jemalloc returns freed pages at once,
    glibc's mmap and trim thresholds stay at 128 KiB, and Plotly's validator table is decoded
    entry by entry (dashboard.plotly_validators: about 11 MB less for the process's life)."""
    global _tuned, _libc
    if _tuned:
        return
    _tuned = True
    plotly_validators.install()
    if "polars" not in sys.modules:
        os.environ.setdefault("_RJEM_MALLOC_CONF", POLARS_JEMALLOC)
    _libc = _glibc()
    if _libc is None:
        return
    for option, variable in (
        (M_MMAP_THRESHOLD, "MALLOC_MMAP_THRESHOLD_"),
        (M_TRIM_THRESHOLD, "MALLOC_TRIM_THRESHOLD_"),
    ):
        if variable not in os.environ:
            _libc.mallopt(option, THRESHOLD)


def trim() -> None:
    """Return the free pages inside glibc's arenas to the system (after a script run)."""
    if _libc is not None:
        _libc.malloc_trim(0)


def _glibc() -> Any:
    """glibc with mallopt and malloc_trim typed; None on another C library or system."""
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is None:
            return None
        libc.mallopt.argtypes, libc.mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
        libc.malloc_trim.argtypes, libc.malloc_trim.restype = (ctypes.c_size_t,), ctypes.c_int
    except (OSError, AttributeError):  # not glibc: no mallopt or malloc_trim
        return None
    return libc
