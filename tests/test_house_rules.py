"""The rules of the code's shape, checked: import boundaries, module size, lint and format."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _python_files(folder: str) -> list[Path]:
    path = ROOT / folder
    if path.is_file():
        return [path]
    return sorted(path.rglob("*.py"))


@pytest.mark.parametrize(
    "folder",
    [
        "connectors",
        "dashboard/metrics",
        "dashboard/guidance",
        "dashboard/charts",
        "dashboard/views.py",
        "dashboard/navigation.py",
        "dashboard/report.py",
    ],
)
def test_pure_layers_never_import_streamlit(folder: str) -> None:
    files = _python_files(folder)
    assert files, f"{folder} holds no Python files"
    offenders = [str(p.relative_to(ROOT)) for p in files if "streamlit" in _imports(p)]
    assert offenders == []


def test_connectors_never_import_the_dashboard() -> None:
    offenders = [
        str(p.relative_to(ROOT)) for p in _python_files("connectors") if "dashboard" in _imports(p)
    ]
    assert offenders == []


def test_metrics_read_no_clock() -> None:
    """Metrics get `today` passed in: no date.today(), datetime.now() or time.time()."""
    offenders = []
    for path in [*_python_files("dashboard/metrics"), *_python_files("dashboard/guidance")]:
        text = path.read_text(encoding="utf-8")
        if any(call in text for call in ("date.today(", "datetime.now(", "time.time(")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_app_only_routes() -> None:
    """app.py sets up the page and routes: it asks dashboard.data who is looking and
    dashboard.navigation (pure) which pages that person gets, and holds no logic of its own
    (dashboard.allocator's settings before Polars loads and its trim after each run aside)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.If | ast.For | ast.While)
    assert modules == {
        "streamlit", "dashboard.allocator", "dashboard.data", "dashboard.navigation"
    }  # fmt: skip


def test_modules_stay_small() -> None:
    big = [
        f"{p.relative_to(ROOT)} ({n})"
        for p in [*_python_files("connectors"), *_python_files("dashboard")]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert big == []


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff_is_clean(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_draw_tables_without_pandas() -> None:
    """st.dataframe on a Polars frame imports pandas (about 45 MB per server, and a lazy import
    raced between sessions); pages draw tables through dashboard.components.render.table."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in _python_files("dashboard")
        if "st.dataframe(" in p.read_text(encoding="utf-8") and p.name != "render.py"
    ]
    assert offenders == []


def test_no_module_imports_pandas() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in [*_python_files("connectors"), *_python_files("dashboard")]
        if "pandas" in _imports(p)
    ]
    assert offenders == []
