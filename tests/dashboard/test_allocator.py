"""The server's allocator settings (issue 12: memory): made before Polars loads, never over a
setting the environment already has, and the Import page's list of formats loads no FIT
decoder. Behaviour in fresh interpreters, not a memory figure (bench/page_bench.py measures)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import allocator

ROOT = Path(__file__).resolve().parents[2]
JEMALLOC = "_RJEM_MALLOC_CONF"


def _run(code: str, **env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if k != JEMALLOC}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


TUNE = """
import json, os, sys
{before}
from dashboard import allocator
allocator.tune()
allocator.trim()
print(json.dumps({{"conf": os.environ.get("{var}"), "polars": "polars" in sys.modules}}))
"""


def test_tune_sets_polars_jemalloc_decay_before_polars_loads() -> None:
    result = _run(TUNE.format(before="", var=JEMALLOC))
    assert result == {"conf": allocator.POLARS_JEMALLOC, "polars": False}
    # Polars appends the variable to its own defaults, so ours comes last and wins
    loaded = _run(TUNE.format(before="", var=JEMALLOC).replace("print(", "import polars\nprint("))
    assert str(loaded["conf"]).endswith("," + allocator.POLARS_JEMALLOC)


def test_a_setting_in_the_environment_wins() -> None:
    result = _run(TUNE.format(before="", var=JEMALLOC), **{JEMALLOC: "dirty_decay_ms:500"})
    assert result["conf"] == "dirty_decay_ms:500"


def test_nothing_is_set_once_polars_has_loaded() -> None:
    """Polars' jemalloc read its settings when it loaded: setting them later would claim a
    change that never happened."""
    result = _run(TUNE.format(before="import polars", var=JEMALLOC))
    assert result["polars"] is True
    assert allocator.POLARS_JEMALLOC not in str(result["conf"])  # Polars' own default only


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_glibc_is_found_and_trim_runs() -> None:
    allocator.tune()
    allocator.trim()
    assert allocator._glibc() is not None


def test_app_tunes_before_it_imports_anything_else() -> None:
    """app.py's first statements: import the allocator module, call tune(); the script run
    ends with a trim, also when a page stops early (finally)."""
    tree = ast.parse((ROOT / "app.py").read_text())
    statements = [n for n in tree.body if not (isinstance(n, ast.Expr) and n is tree.body[0])]
    first, second = statements[0], statements[1]
    assert isinstance(first, ast.ImportFrom) and [a.name for a in first.names] == ["allocator"]
    assert ast.unparse(second) == "allocator.tune()"
    last = statements[-1]
    assert isinstance(last, ast.Try)
    assert [ast.unparse(n) for n in last.finalbody] == ["allocator.trim()"]
    imports = ast.parse((ROOT / "dashboard" / "allocator.py").read_text())
    names = {a.name for n in ast.walk(imports) if isinstance(n, ast.Import) for a in n.names}
    assert "polars" not in names and "streamlit" not in names


def test_listing_the_formats_loads_no_fit_decoder() -> None:
    """The Import page names every format; doing so imported fitdecode, a ~16 MB peak in the
    server (its generated profile module), for a page that decodes no FIT file."""
    result = _run(
        "import json, sys\nfrom connectors import registry\nlabels = registry.formats_read()\n"
        "print(json.dumps({'fit': 'fitdecode' in sys.modules, 'count': len(labels)}))"
    )
    assert result["fit"] is False
    assert result["count"] >= 9
