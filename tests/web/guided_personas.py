"""The bundled personas as the guided calculator meets them: life events, county, answers.

Every web example (:data:`jiuye.web.examples.EXAMPLES`) and every case of ``examples/*.json``; a
persona answers a question from its own facts and says "不清楚" to anything else. The life events
are what the person would tick (the web examples carry theirs; the JSON cases get theirs here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jiuye.web.examples import EXAMPLES
from jiuye.web.forms import display_value, field_specs
from jiuye.web.guided import GuidedState, evaluate
from jiuye.web.guided_ask import next_question

ROOT = Path(__file__).resolve().parents[2]
JSON_EVENTS = {
    "01_flexible_worker_kecheng": ["graduate"], "02_quzhou_founder_longyou": ["founder"],
    "03_hangzhou_graduate_founder": ["graduate", "founder"], "04_hangzhou_woman_46_unemployed": ["unemployed"],
    "05_what_is_missing": ["unemployed"], "06_founder_ended_unemployment_spell": ["founder"],
    "07_firm_three_years_of_art24": ["graduate", "founder"],
}
MAX_ANSWERS = 8


@dataclass
class Persona:
    name: str
    events: list[str]
    place: str
    as_of: date
    facts: dict[str, str]  # fact -> the form's string
    history: list[dict[str, Any]] = field(default_factory=list)
    spells: list[dict[str, Any]] = field(default_factory=list)

    def start(self) -> GuidedState:
        return GuidedState(tuple(self.events), self.place, self.as_of, history=self.history, spells=self.spells)

    def full(self) -> GuidedState:
        """Every fact of the persona answered at once (the life events and county give the rest)."""
        st = self.start()
        implied = st.implied_facts()
        st.answers = {k: v for k, v in self.facts.items() if k not in implied}
        return st


def _place(facts: dict[str, str]) -> str:
    for name in ("person.work_adcode", "enterprise.adcode", "person.residence_adcode", "person.hukou_adcode"):
        if facts.get(name):
            return facts[name]
    raise AssertionError("a persona needs a county")


def personas() -> list[Persona]:
    out = []
    for key, ex in EXAMPLES.items():
        facts = {k: v for k, v in ex["facts"].items() if k != "has_business"}
        out.append(Persona(f"web:{key}", list(ex["events"]), _place(facts), date.fromisoformat(ex["as_of"]), facts))
    specs = field_specs()
    for path in sorted((ROOT / "examples").glob("0*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        facts = {}
        for prefix in ("person", "enterprise"):
            for k, v in (data.get(prefix) or {}).items():
                if k == "id_number":
                    continue  # never asked: the persona's birth date and gender are its own answers
                spec = specs[f"{prefix}.{k}"]
                facts[spec.name] = display_value(spec, date.fromisoformat(v) if spec.widget == "date" else v)
        out.append(Persona(f"json:{path.stem}", JSON_EVENTS[path.stem], _place(facts),
                           date.fromisoformat(data["as_of"]), facts, data.get("history", []), data.get("spells", [])))
    return out


def signature(state: GuidedState) -> dict[str, tuple[Any, ...]]:
    """Each provision's outcome, amount, duration, months left and total payable."""
    return {r.provision.id: (r.outcome, r.amount_fen, r.max_duration_months, r.remaining_months, r.total_payable_fen)
            for r in evaluate(state, explain=False).results}


def drive(persona: Persona, *, limit: int = 40) -> tuple[GuidedState, int, int]:
    """Answer the guided questions until the calculator has none left.

    Returns (final state, questions answered with at least one fact, questions shown in all) at the
    moment the result first equals the full-facts evaluation (or at the end)."""
    st = persona.start()
    target = signature(persona.full())
    answered = shown = 0
    for _ in range(limit):
        if signature(st) == target:
            return st, answered, shown
        q = next_question(st, evaluate(st, explain=False))
        if q is None:
            break
        shown += 1
        known = [f for f in q["facts"] if f in persona.facts]
        for f in q["facts"]:
            if f in known:
                st.answers[f] = persona.facts[f]
            else:
                st.skipped.append(f)
        answered += bool(known)
    return st, answered, shown
