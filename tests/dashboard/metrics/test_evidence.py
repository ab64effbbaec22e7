"""The evidence table behind "About this metric"."""

from __future__ import annotations

import pytest

from dashboard.metrics.evidence import EVIDENCE, RUNGS, evidence_for, evidence_table


def test_every_row_has_a_rung_formula_and_source():
    keys = [e.key for e in EVIDENCE]
    assert len(keys) == len(set(keys))
    for row in EVIDENCE:
        assert row.rung in RUNGS, row.key
        assert row.title and row.formula, row.key
        assert row.sources and all(row.sources), row.key


def test_rungs_follow_the_domain_brief():
    assert evidence_for("osteogenic_index").rung == "speculative"
    assert "animal" in evidence_for("osteogenic_index").note
    assert evidence_for("acwr").rung == "speculative"
    assert "Contested" in evidence_for("acwr").note
    assert evidence_for("shoes").rung == "speculative"
    assert "convention" in evidence_for("shoes").note
    assert evidence_for("run_spike").rung == "moderate"
    assert evidence_for("trimp").rung == "well-founded"
    assert "Frandsen 2025, BJSM 59:1203" in evidence_for("run_spike").sources
    with pytest.raises(KeyError):
        evidence_for("nope")


def test_evidence_table_frame():
    table = evidence_table()
    assert table.columns == ["key", "title", "formula", "rung", "sources", "note"]
    assert table.height == len(EVIDENCE)
    assert table.filter(table["key"] == "monotony_strain")["sources"][0].to_list() == [
        "Foster 1998, Med Sci Sports Exerc 30:1164"
    ]


def test_formulas_survive_markdown():
    """Issue 13: the TRIMP formula rendered as 'minutes x x x a x exp(b x)'. Formulas say ×
    for times, and the About box escapes them (render.plain), so Markdown shows them as
    written: no emphasis from * or _, no LaTeX from $."""
    import re

    from dashboard.components.render import plain
    from dashboard.metrics.evidence import EVIDENCE

    trimp = next(row for row in EVIDENCE if row.key == "trimp")
    assert trimp.formula.startswith("TRIMP = minutes × x × a × e^(b × x), where x = ")
    for row in EVIDENCE:
        assert not re.search(r"\bx x\b", row.formula), row.key
        shown = plain(row.formula)
        assert not re.search(r"(?<!\\)[*`$]", shown), row.key
