"""Reading a page run by Streamlit's AppTest: the app's own entry point switched to one page,
and what the page drew (takeaways, metrics, charts, tables)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[3]


def open_page(page: str, share: str | None = None) -> AppTest:
    """app.py switched to `page` (a share-link visit with `share`), run once, no exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if share:
        at.query_params["share"] = share
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def takeaways(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("#### ")]


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def chart_types(at: AppTest) -> list[str]:
    """The first trace type of every Plotly chart on the page ("empty" for the empty state)."""
    types = []
    for chart in at.get("plotly_chart"):
        data = json.loads(chart.proto.spec)["data"]
        types.append(data[0]["type"] if data else "empty")
    return types


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def column(at: AppTest, index: int, name: str) -> list:
    return at.dataframe[index].value[name].tolist()


def short_tables(at: AppTest) -> list[dict[str, list[str]]]:
    """The short HTML tables on the page (render.short_table: no data grid), as columns of
    their cells' text."""
    found = []
    for body in (h.proto.body for h in at.get("html") if 'class="bl-table"' in h.proto.body):
        head = [html.unescape(h) for h in re.findall(r"<th(?: [^>]*)?>(.*?)</th>", body)]
        rows = re.findall(r"<tr>(.*?)</tr>", body)
        cells = [c for c in (re.findall(r"<td(?: [^>]*)?>(.*?)</td>", r) for r in rows) if c]
        found.append({h: [html.unescape(r[i]) for r in cells] for i, h in enumerate(head)})
    return found


def short_column(at: AppTest, index: int, name: str) -> list[str]:
    return short_tables(at)[index][name]


def html_charts(at: AppTest) -> list[str]:
    """The HTML charts on the page (render.html_chart: drawn without Plotly)."""
    figure = re.compile(r'class="bl-fig bl-h?bars"')
    return [h.proto.body for h in at.get("html") if figure.search(h.proto.body)]
