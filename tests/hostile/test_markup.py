"""Data is text, never markup: names from files reach pages escaped, and CSVs leaving the app
cannot start a formula.

- render.plain: every Markdown construct in a name comes out as the literal text.
- AppTest: shoes named like a tracking image and a phishing link, imported from a Strava CSV,
  show in Overview's alerts, the Shoes takeaway and the Import page's past imports as escaped
  text only.
- A scan of the pages: every call that renders Markdown and interpolates a value routes the
  value through plain() (or formats a number or a date).
- The grid's own CSV download gets neutralised frames.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from connectors.files.base import ImportOptions
from connectors.importing import import_bytes
from connectors.store import Store
from dashboard.components.render import as_arrow, plain
from dashboard.export import neutralised

ROOT = Path(__file__).resolve().parents[2]
IMAGE = "![x](https://tracker/p.png)"
PHISH = "[Sign in again](https://phish)"
ZWSP = "\u200b"
FORMULA = '=HYPERLINK("https://evil.example","x")'


def _unescaped(markdown: str) -> str:
    """What CommonMark shows for text made only of backslash escapes and literal characters."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(ZWSP, "")


@pytest.mark.parametrize(
    "text",
    [IMAGE, PHISH, "<img src=x onerror=alert(1)>", "**bold** _it_ `code`", "# Heading",
     "> quote", "1. list", "- item", "| a | b |", "$x^2$ and $$y$$", ":red[alarm] :smile:",
     ":material/lock:", "https://bare.example www.bare.example me@mail.example", "a\\b\\\\c",
     "~~gone~~", "_a_ __b__ max_hr run_2024.csv", "[ref]: https://x", "<https://auto>",
     "line\nbreak\r\n# two", "nul\x00byte"],
)  # fmt: skip
def test_plain_text_survives_markdown(text: str) -> None:
    escaped = plain(text)
    assert _unescaped(escaped) == re.sub(r"[\x00-\x1f]+", " ", text).strip()
    bare = re.sub(r"\\[!-/:-@\[-`{-~]", "", escaped)  # drop every escaped character
    assert not re.search(r"[\\`*\[\]<>&~$|#]|^\s*([-+=]|\d+[.)])", bare), bare
    assert not re.search(r"(?<![^\W_])_|_(?![^\W_])", bare), bare
    assert not re.search(r"https?:|www\.|:[\w/+-]+:", escaped.replace("\\", "")), escaped


def test_neutralised_tables_and_their_arrow_data() -> None:
    frame = pl.DataFrame(
        {"name": ['=HYPERLINK("http://evil","x")', "Run", "-1+2"], "km": [1, 2, 3]}
    )
    shown = neutralised(frame)
    assert shown["name"].to_list() == ['\'=HYPERLINK("http://evil","x")', "Run", "'-1+2"]
    assert as_arrow(shown).column("name").to_pylist()[0].startswith("'=")


# ---- the pages ----------------------------------------------------------------------------------
def _strava_csv(today: datetime) -> bytes:
    head = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
        "Activity Gear\n"
    )
    rows = []
    for i in range(14):
        when = (today - timedelta(days=2 * i + 1)).strftime("%b %d, %Y, 7:00:00 AM")
        gear = IMAGE if i % 2 else PHISH
        rows.append(f'{9300000000 + i},"{when}","{PHISH}",Run,36000,80.0,"{gear}"\n')
    when = (today - timedelta(days=40)).strftime("%b %d, %Y, 7:00:00 AM")
    rows.append(
        f'9300000099,"{when}",Easy,Run,1800,5.0,"{FORMULA.replace(chr(34), 2 * chr(34))}"\n'
    )
    return (head + "".join(rows)).encode()


@pytest.fixture
def hostile_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'pages.sqlite'}"
    monkeypatch.setenv("BONELOAD_DB", url)
    monkeypatch.delenv("BONELOAD_DEMO", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    store = Store(url)
    now = datetime.now(UTC).replace(tzinfo=None)
    summary = import_bytes(
        store, IMAGE + ".csv", _strava_csv(now), ImportOptions(), now, owner="local"
    )
    assert summary.new == 15, summary.errors
    yield store
    store.close()


def _page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "warning", "error", "info", "success", "subheader", "toast")
    return [str(e.value) for kind in kinds for e in at.get(kind)]


def _assert_literal(texts: list[str], *names: str) -> None:
    for name in names:
        assert any(plain(name) in t for t in texts), (name, texts)
    for text in texts:  # no bracket that is not escaped: no link, image or directive
        assert not re.search(r"(?<!\\)[\[\]]", text), text


@pytest.mark.usefixtures("hostile_store")
def test_shoe_names_in_overview_alerts_are_literal_text() -> None:
    at = _page("overview")
    alerts = [w.value for w in at.warning]
    assert any(plain(IMAGE) in a and "worth checking" in a for a in alerts), alerts
    _assert_literal(_texts(at), IMAGE, PHISH)


@pytest.mark.usefixtures("hostile_store")
def test_shoe_names_in_the_shoes_takeaway_are_literal_text() -> None:
    at = _page("shoes")
    _assert_literal(_texts(at), IMAGE)


@pytest.mark.usefixtures("hostile_store")
def test_the_grid_gets_formula_safe_text_for_its_own_csv_download() -> None:
    at = _page("shoes")
    names = at.dataframe[0].value["Shoe"].tolist()
    assert "'" + FORMULA in names and FORMULA not in names


@pytest.mark.usefixtures("hostile_store")
def test_file_names_in_past_imports_are_literal_text() -> None:
    at = _page("import_data")
    _assert_literal(_texts(at), IMAGE + ".csv")


# ---- the scan -----------------------------------------------------------------------------------
MARKDOWN_CALLS = {"markdown", "write", "caption", "info", "warning", "error", "success", "toast",
                  "subheader", "header", "title", "expander", "metric", "page_link", "text_input",
                  "button", "link_button", "tab", "popover"}  # fmt: skip
# Values that are ours, not data: page and format labels, counts, settings, units.
SAFE_NAMES = {
    "unit", "label", "status", "when", "verb", "added", "removed", "weeks", "done", "planned",
    "feel", "best", "run_text", "shown", "plural", "hidden", "pages", "impact_weeks", "column",
    "STRAVA_NOTE", "DEMO_LABEL", "DISCLAIMER", "INTRO", "intro", "title", "sentence", "text",
    "message", "missing", "reason", "note", "sources", "counts", "body", "line", "sign",
}  # fmt: skip
SAFE_ATTRIBUTES = {
    "label",
    "limits",
    "notes",
    "auth",
    "height",
    "runs",
    "target",
    "status",
    "title",
    "rung",
    "formula",
    "activities_brought",
    "timezone",
    "number",
    "weeks",
    "sessions_done",
    "sessions_planned",
    "repeats",
    "text",
}  # fmt: skip  (guidance sentences: built from counts and settings)
PAGES = sorted([*(ROOT / "dashboard" / "pages").glob("*.py"),
                *(ROOT / "dashboard" / "components").glob("*.py")])  # fmt: skip


def _safe(node: ast.expr) -> bool:
    """True for a value that cannot carry markup from a file: plain(...), a number or date with
    a format spec, a constant, a count, or one of our own labels."""
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "join" and node.args:  # ", ".join(plain(e) for e in errors)
            return _safe(node.args[0])
        if name in {"get", "upper", "lower"} and isinstance(func, ast.Attribute):
            return _safe(func.value)  # counts.get("trimp", 0), reason[:1].upper()
        if name == "strip" and isinstance(func, ast.Attribute):
            return not list(_unsafe_values(func.value))
        if re.search(r"sentence|_note|_text$|explain|takeaway|_markdown", name):
            return True  # sentences the metrics write from counts and dates (their own tests)
        return name in {"plain", "len", "int", "round", "sum", "expires_text", "capitalize",
                        "current_streak", "strftime", "_when", "plan_sentence",
                        "_plan_lines"}  # fmt: skip
    if isinstance(node, ast.GeneratorExp | ast.ListComp):
        iterable = node.generators[0].iter
        return not list(_unsafe_values(node.elt)) or _safe(iterable)
    if isinstance(node, ast.JoinedStr):
        return not list(_unsafe_values(node))
    if isinstance(node, ast.IfExp):
        return _safe(node.body) and _safe(node.orelse)
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id in SAFE_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr in SAFE_ATTRIBUTES or node.attr.isupper()
    if isinstance(node, ast.Subscript):  # row["week_start"] and the like: dates and numbers
        if isinstance(node.value, ast.Name) and node.value.id in SAFE_NAMES:
            return True
        key = node.slice
        return isinstance(key, ast.Constant) and str(key.value) in {
            "week_start", "date", "stage", "new", "merged", "skipped", "status", "start_date",
            "end_date", "rest_days", "form",
        }  # fmt: skip
    if isinstance(node, ast.BinOp | ast.BoolOp | ast.Compare | ast.UnaryOp):
        return all(_safe(c) for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr))
    return False


def _unsafe_values(arg: ast.expr) -> Iterator[ast.expr]:
    if isinstance(arg, ast.JoinedStr):
        for part in arg.values:
            formatted = isinstance(part, ast.FormattedValue) and part.format_spec is None
            if formatted and not _safe(part.value):
                yield part.value
    elif isinstance(arg, ast.BinOp):
        yield from _unsafe_values(arg.left)
        yield from _unsafe_values(arg.right)
    elif not _safe(arg):
        yield arg


def test_pages_route_interpolated_values_through_plain() -> None:
    found = []
    for path in PAGES:
        if path.name == "render.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr not in MARKDOWN_CALLS or not node.args:
                continue
            for value in _unsafe_values(node.args[0]):
                found.append(f"{path.name}:{value.lineno}: {ast.unparse(value)}")
    assert not found, "interpolated without plain():\n" + "\n".join(found)
