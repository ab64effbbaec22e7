"""The guidance, the alerts and the safety panel as plain text and as JSON-ready data, for
`boneload guidance` (the same words the Overview page draws). Pure."""

from __future__ import annotations

from typing import Any

from dashboard.guidance import safety
from dashboard.guidance.alerts import Alert
from dashboard.guidance.words import Guidance

NOTHING = "Nothing to flag in the last four weeks."


def as_text(guidance: Guidance, alerts: list[Alert], notes: list[safety.PainNote]) -> str:
    """What Overview shows, top to bottom, as lines of text."""
    lines = ["This week, for your bones", guidance.headline]
    lines += [f"- {s.text}" for s in guidance.holds]
    if guidance.next:
        lines += ["What is next", *(f"- {s.text}" for s in guidance.next)]
    if guidance.why is not None:
        lines.append(guidance.why.text)
    lines += [safety.NOT_ADVICE, "", "Worth a look"]
    if not any(a.level == "warning" for a in alerts):
        lines.append(NOTHING)
    for alert in alerts:
        lines.append(f"- {alert.text}" + (f" ({alert.caveat})" if alert.caveat else ""))
    lines += ["", safety.TITLE, *(f"- {s}" for s in (*safety.BONE_SIGNS, *safety.ENERGY_SIGNS))]
    lines.append(safety.WHY)
    lines += [f"- {safety.pain_line(n)}" for n in notes]
    return "\n".join(lines) + "\n"


def as_data(
    guidance: Guidance, alerts: list[Alert], notes: list[safety.PainNote]
) -> dict[str, Any]:
    """The same as a dict: mode, status, headline, holds, next, why, sessions, alerts, pain,
    and the evidence behind the guidance (title, rung, sources)."""
    plan = guidance.plan
    return {
        "mode": guidance.mode,
        "status": guidance.status,
        "headline": guidance.headline,
        "holds": [s.text for s in guidance.holds],
        "next": [s.text for s in guidance.next],
        "why": guidance.why.text if guidance.why else None,
        "plan_week": plan.week if plan else None,
        "sessions": [
            {
                "session": s.content.session,
                "description": s.content.text,
                "run_min": s.content.run_minutes,
                "walk_min": s.content.main_minutes - s.content.run_minutes,
                "done_on": s.done_on.isoformat() if s.done_on else None,
                "suggested": s.suggested.isoformat() if s.suggested else None,
            }
            for s in (plan.sessions if plan else ())
        ],
        "alerts": [
            {
                "date": a.day.isoformat() if a.day else None,
                "kind": a.kind,
                "level": a.level,
                "text": a.text,
                "caveat": a.caveat,
            }
            for a in alerts
        ],
        "pain": [
            {"date": n.day.isoformat(), "pain": n.pain, "activity": n.activity, "note": n.note}
            for n in notes
        ],
        "evidence": [
            {"title": b.title, "rung": b.rung, "sources": list(b.sources)} for b in guidance.bases()
        ],
        "not_medical_advice": safety.NOT_ADVICE,
    }
