"""填报转确认: the calculator's answers carried to the application, and what is still missing.

**Entry point** (for the calculator's result cards and any other page, e.g. the guided pages)::

    /apply?provision=<provision id>&answers=<token>

``token`` is the guided calculator's session token (:func:`jiuye.web.guided.dump_token`: the
answers compressed, encrypted and signed with the app's secret key, valid 30 days), so the guided
pages' cards and the classic calculator's cards carry answers the same way: never readable, never
JSON a person sees, nothing in the access log. :func:`answers_token` makes one from the classic
calculator's answers; :func:`read_answers` reads either; a forged, altered or expired token is
ignored (the page says the answers have expired and asks again). Build a link with
:func:`apply_href` (``apply_href(provision_id, subject=…, facts={name: value}, has_business=…)``)
or, on a calculator result card, with the template global :func:`apply_link` (``apply_link(st, r)``,
None when one cannot apply for that result: not a benefit, not in force, a draft, not eligible).

The benefit list (:func:`offers`) holds only benefits one can apply for (money or a loan, for the
account's kind of subject), in force today (not a draft without its effective date, not expired,
not before its start) and applying in the applicant's county (the document's issuing level
contains the county, and the provision's jurisdiction condition is not false there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from ..applications.schemas import applicable
from ..catalogue.registry import CATALOGUE, evaluate_case
from ..engine.provision import Provision, Status, Subject
from ..engine.results import ELIGIBLE, UNKNOWN
from ..errors import InputError
from ..facts.models import Case
from ..refdata.divisions import city_of, get_division, name_of
from .forms import FieldSpec, convert, display_value, field_specs
from .guided import GuidedState, dump_token, load_token
from .questions import pending_questions

IDENTITY = frozenset({"person.id_number", "person.name", "enterprise.uscc", "enterprise.name",
                      "organisation.uscc", "organisation.name"})
APPLY_OUTCOMES = (ELIGIBLE, UNKNOWN)


@dataclass
class Answers:
    """Carried or posted answers: fact name → the form's string (only valid ones), and errors."""

    subject: str = "person"
    has_business: bool | None = None
    raw: dict[str, str] = field(default_factory=dict)
    errors: dict[str, InputError] = field(default_factory=dict)

    def facts(self) -> dict[str, Any]:
        specs = field_specs()
        out: dict[str, Any] = {}
        for name, raw in self.raw.items():
            value, _err = convert(specs[name], raw)
            if value is not None:
                out[name] = value
        return out

    def case_data(self, prefixes: tuple[str, ...] = ("person", "enterprise")) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.facts().items():
            prefix, _, fname = name.partition(".")
            if prefix in prefixes:
                data.setdefault(prefix, {})[fname] = value
        return data


def answers_token(*, subject: str, facts: dict[str, Any], has_business: bool | None = None) -> str:
    """The token of the answers (fact name → value, as the calculator holds them)."""
    specs = field_specs()
    raw = {n: display_value(specs[n], v) for n, v in facts.items() if n in specs and n not in IDENTITY
           and v is not None}
    events = ("employer",) if subject == "enterprise" else ()
    return dump_token(GuidedState(events=events, answers=raw))


def read_answers(token: str | None) -> Answers | None:
    """The answers of a valid token; None when absent, forged, altered or expired."""
    state = load_token(token)
    if state is None:
        return None
    specs = field_specs()
    out = Answers(subject=state.subject if state.subject in ("person", "enterprise") else "person",
                  has_business=state.has_business)
    for name, value in state.facts().items():
        if name in specs and name not in IDENTITY and value is not None:
            out.raw[name] = display_value(specs[name], value)
    return out


def apply_href(provision_id: str, *, subject: str = "person", facts: dict[str, Any] | None = None,
               has_business: bool | None = None) -> str:
    query = {"provision": provision_id}
    if facts:
        query["answers"] = answers_token(subject=subject, facts=facts, has_business=has_business)
    return "/apply?" + urlencode(query)


def apply_link(st: Any, r: Any) -> str | None:
    """The 申请 link of a calculator result card (``st`` the step, ``r`` the provision's result)."""
    p = getattr(r, "provision", None)
    if p is None or not applicable(p) or getattr(r, "status", None) != Status.IN_FORCE:
        return None
    if getattr(r, "outcome", None) not in APPLY_OUTCOMES:
        return None
    form = getattr(st, "form", None)
    facts = dict(getattr(form, "facts", {}) or {})
    return apply_href(p.id, subject=getattr(form, "subject", "person"), facts=facts,
                      has_business=getattr(form, "has_business", None))


# --- the benefit list -----------------------------------------------------------------------------

REASONS = {
    Status.DRAFT_NO_DATE: ("所属文件为征求意见稿，尚未确定施行日期，暂不能申请",
                           "its document is a draft without an effective date: it cannot be applied for yet"),
    Status.EXPIRED: ("所属政策已失效，不能再申请", "its policy has expired: it can no longer be applied for"),
    Status.NOT_YET_IN_FORCE: ("所属政策尚未施行，暂不能申请", "its policy is not in force yet"),
}


def subject_of(role_subject: str | None, p: Provision) -> bool:
    return role_subject is None or p.subject.value == role_subject


def in_jurisdiction(p: Provision, county: str | None) -> bool:
    """Does the document's issuing level contain the county (province, its city or itself)?"""
    if not county:
        return True
    j = p.document.jurisdiction
    d = get_division(j)
    if d is not None and d.level == "province":
        return county.startswith(j[:2])
    return j in (county, city_of(county))


def _filled(facts: dict[str, Any], county: str | None) -> dict[str, Any]:
    """The case for the list: the answers, each unknown place fact set to the county."""
    data: dict[str, Any] = {"person": {}, "enterprise": {}}
    for name, value in facts.items():
        prefix, _, fname = name.partition(".")
        if prefix in data:
            data[prefix][fname] = value
    if county:
        for spec in field_specs().values():
            if spec.widget == "adcode" and spec.prefix in data:
                data[spec.prefix].setdefault(spec.field, county)
    return data


@dataclass
class Offer:
    provision: Provision
    why_not: tuple[str, str] | None = None  # (中文, English) when it cannot be applied for

    @property
    def ok(self) -> bool:
        return self.why_not is None


def offers(*, subject: str | None, county: str | None, facts: dict[str, Any], today: date) -> dict[str, Offer]:
    """Every applicable benefit for the subject kind, each with why it cannot be applied for (or None)."""
    chosen = [p for p in CATALOGUE if applicable(p) and subject_of(subject, p)]
    try:
        result = evaluate_case(Case.parse(_filled(facts, county)), today, provisions=chosen)
    except InputError:
        result = evaluate_case(Case.parse(_filled({}, county)), today, provisions=chosen)
    out: dict[str, Offer] = {}
    place = name_of(county) if county else None
    for r in result.results:
        p = r.provision
        why = REASONS.get(r.status)
        if why is None and not in_jurisdiction(p, county):
            why = (f"不适用于{place}", f"does not apply in {place}")
        elif why is None and county and any(c.id == p.jurisdiction.id and c.value is False for c in r.conditions):
            why = (f"不适用于{place}", f"does not apply in {place}")
        out[p.id] = Offer(p, why)
    return out


def why_not_offered(pid: str, role_subject: str | None, offered: dict[str, Offer]) -> tuple[str, str] | None:
    """Why the benefit ``pid`` (asked for by a link) is not in the list; None when it is."""
    p = CATALOGUE.provisions.get(pid)
    if p is None:
        return ("未找到该待遇", "no such benefit")
    if not applicable(p):
        return ("该条款不是可申请的待遇", "this provision is not a benefit one can apply for")
    if not subject_of(role_subject, p):
        return (("企业类待遇请以企业账号申请", "an enterprise benefit is applied for with an enterprise account")
                if p.subject == Subject.ENTERPRISE else
                ("个人待遇请以个人账号申请", "a personal benefit is applied for with a personal account"))
    offer = offered.get(pid)
    return None if offer is None or offer.ok else offer.why_not


# --- what is still missing ------------------------------------------------------------------------

def missing(p: Provision, facts: dict[str, Any], today: date) -> list[FieldSpec]:
    """The facts the provision still needs (unknown and deciding its outcome or amount), most useful first."""
    specs = field_specs()
    data = {k: v for k, v in _filled(facts, None).items() if v or k == p.subject.value}
    try:
        result = evaluate_case(Case.parse(data), today, provisions=[p])
    except InputError:
        return []
    return [specs[q["fact"]] for q in pending_questions(result)
            if q["fact"] in specs and q["fact"] not in IDENTITY and q["fact"] not in facts]
