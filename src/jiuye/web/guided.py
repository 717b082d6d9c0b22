"""The guided calculator (/guide): life events and a county, then one question at a time.

A person starts from what happened to them (我是高校毕业生, 我要创业 …, several may apply) and the
county they live and work in, picked by name. Both are turned into facts (:func:`implied_facts`);
from then on :mod:`.guided_ask` picks the question whose answer decides the most money, and
:mod:`.guided_result` shows the benefits.

The whole state of a session — events, county, as-of date, the answers, the questions skipped and
any benefit records carried in — travels as one token (:func:`dump_token` / :func:`load_token`),
in the address of every step and in the link of every result card:

    /apply?provision=<provision id>&answers=<token>

``load_token(token)`` gives back the :class:`GuidedState` (None if altered, foreign or older than
30 days); ``state.case_data()`` is the case the engine evaluated (``jiuye.facts.models.Case.parse``
accepts it), ``state.facts()`` the same facts by name (``"person.graduation_date"``) and
``state.as_of`` the evaluation date. The token is encrypted and signed with the app's secret key
(Fernet): it cannot be read, forged or altered, so answers do not leak into access logs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from ..catalogue.registry import CATALOGUE
from ..db.settings import get_settings
from ..engine.provision import Provision, Subject
from ..engine.results import CaseResult
from ..engine.single import evaluate_case
from ..errors import InputError
from ..facts.models import Case
from ..money import fen_to_yuan
from ..refdata.divisions import get_division
from .forms import FieldSpec, convert, display_value, field_specs
from .questions import fact_names


@dataclass(frozen=True)
class LifeEvent:
    key: str
    zh: str
    en: str
    subject: str  # person | enterprise | organisation
    facts: tuple[tuple[str, Any], ...] = ()
    business: bool = False  # the person runs (or starts) a business: enterprise facts are asked
    topics: tuple[str, ...] = ()  # facts (or "prefix.") whose provisions concern this event
    excludes: tuple[str, ...] = ()  # topics it rules out unless their own event is ticked too
    hint_zh: str = ""
    hint_en: str = ""


#: The life events a session starts from; a person may tick several, an enterprise or an
#: organisation is one subject of its own.
_GRADUATE = ("person.university_graduate", "person.graduation_date", "person.enrolled_student",
             "person.university_kind", "person.hangzhou_origin", "person.hangzhou_school_student",
             "person.in_internship", "person.hardship_family")
_FOUNDER = ("enterprise.registered_on", "enterprise.operating_normally", "enterprise.insured_hires_12m",
            "enterprise.loan_", "enterprise.in_startup_base", "enterprise.startup_entity_recognised",
            "enterprise.ecommerce", "enterprise.leading_industry", "person.first_startup",
            "person.prior_startup_support", "person.si_months", "person.loan_", "person.in_accompaniment_space",
            "person.rented_area_m2", "person.rent_daily_per_m2_fen", "person.lease_start",
            "person.startup_training_", "person.left_post_on", "person.institution_technical_staff",
            "person.lump_sum_ui_startup_request")
_UNEMPLOYED = ("person.registered_unemployed", "person.unemployed_registered_on",
               "person.receiving_unemployment_insurance", "person.employed", "person.flexible_employed",
               "person.si_base_monthly_fen", "person.si_paid_monthly_fen", "person.public_welfare_post_applicant",
               "person.lump_sum_ui_startup_request")
_DIFFICULTY = ("person.difficulty_", "person.original_urban_difficulty_2016", "person.assistance_card_valid_until",
               "person.recertified_after_card", "person.public_welfare_post", "person.pwp_")
_EMPLOYEE = ("person.employer_", "person.hired_on", "person.employee_si_months", "person.currently_insured",
             "person.first_job_in_quzhou", "person.came_from_outside_city", "person.no_home_in_quzhou",
             "person.home_purchased_on", "person.hf_months_quzhou", "person.prepaid_rent_used_for_purchase",
             "person.rent_subsidy_balance_fen", "person.first_employment", "person.wage_meets_local_condition",
             "person.labour_contract_months", "person.dispatched_housekeeping", "person.retired_rehired")

#: The life events a session starts from; a person may tick several, an enterprise or an
#: organisation is one subject of its own. An event's provisions are those that read one of its
#: topic facts: the calculator asks about them and shows them; the others are counted apart.
EVENTS: dict[str, LifeEvent] = {e.key: e for e in (
    LifeEvent("graduate", "我是高校毕业生", "I am a university graduate", "person",
              (("person.university_graduate", True),), topics=_GRADUATE,
              hint_zh="大专及以上学历", hint_en="college or university"),
    LifeEvent("founder", "我要创业", "I am starting a business", "person", business=True, topics=_FOUNDER,
              excludes=_EMPLOYEE,
              hint_zh="已经或准备创办企业、个体工商户", hint_en="a company or an individual business"),
    LifeEvent("unemployed", "我失业了", "I have lost my job", "person", topics=_UNEMPLOYED,
              hint_zh="没有固定工作，含灵活就业", hint_en="no steady job, flexible work included"),
    LifeEvent("difficulty", "我是就业困难人员", "I am certified as having difficulty finding work", "person",
              (("person.difficulty_certified", True),), topics=_DIFFICULTY, hint_zh="经人力社保部门认定",
              hint_en="certified by the HR bureau"),
    LifeEvent("employee", "我在企业工作", "I work for an employer", "person", (("person.employed", True),),
              topics=_EMPLOYEE, hint_zh="租房、购房、社保等补贴", hint_en="rent, housing, insurance subsidies"),
    LifeEvent("employer", "我是企业，要招人", "I run a firm and want to hire", "enterprise", topics=("enterprise.",),
              hint_zh="企业或个体工商户", hint_en="a company or an individual business"),
    LifeEvent("agency", "我是服务机构", "I run a service organisation", "organisation", topics=("organisation.",),
              hint_zh="人力资源服务机构、培训机构、孵化基地等", hint_en="HR agency, training body, incubator …"),
)}

#: The facts the county answers, per subject (a founder's business is in the same county).
PLACE_FACTS = {"person": ("person.work_adcode", "person.residence_adcode"), "enterprise": ("enterprise.adcode",),
               "organisation": ("organisation.adcode",)}

_SALT = "jiuye.guided.answers"


class EventError(InputError):
    """The start of a session is incomplete (no event, no county, or events of two subjects)."""


@dataclass
class GuidedState:
    events: tuple[str, ...] = ()
    place: str = ""  # a current county code, picked by name
    as_of: date = field(default_factory=date.today)
    answers: dict[str, str] = field(default_factory=dict)  # fact -> the form's string (display_value)
    skipped: list[str] = field(default_factory=list)  # facts answered "不清楚"
    history: list[dict[str, Any]] = field(default_factory=list)  # benefit records carried in (not asked)
    spells: list[dict[str, Any]] = field(default_factory=list)  # dated statuses carried in (not asked)
    steps: int = 0  # questions answered so far ("不清楚" included; the start is not counted)

    @property
    def subject(self) -> str:
        subjects = {EVENTS[e].subject for e in self.events if e in EVENTS}
        return next(iter(subjects)) if len(subjects) == 1 else "person"

    @property
    def has_business(self) -> bool:
        return self.subject == "enterprise" or any(EVENTS[e].business for e in self.events if e in EVENTS)

    @property
    def started(self) -> bool:
        return bool(self.events) and bool(self.place)

    @property
    def answer_count(self) -> int:
        """Questions answered so far, "不清楚" included (the life events and the county are not counted)."""
        return self.steps or len(self.answers) + len(self.skipped)

    def implied_facts(self) -> dict[str, Any]:
        """The facts the life events and the county give, before any question."""
        out: dict[str, Any] = {}
        for e in self.events:
            out.update(dict(EVENTS[e].facts))
        if self.place:
            for name in PLACE_FACTS[self.subject]:
                out[name] = self.place
            if self.subject == "person" and self.has_business:
                out["enterprise.adcode"] = self.place
        return out

    def facts(self) -> dict[str, Any]:
        """Every known fact: implied by the start, then the answers (an answer wins)."""
        specs = field_specs()
        out = self.implied_facts()
        for name, raw in self.answers.items():
            spec = specs.get(name)
            if spec is None:
                continue
            value, error = convert(spec, raw)
            if error is None and value is not None:
                out[name] = value
        return out

    def case_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.facts().items():
            prefix, _, fname = name.partition(".")
            data.setdefault(prefix, {})[fname] = value
        if self.subject == "organisation":
            data = {"organisation": data.get("organisation", {})}
        else:
            data.setdefault("person", {})
            data.pop("organisation", None)
            if self.has_business:
                data.setdefault("enterprise", {})
            else:
                data.pop("enterprise", None)
        if self.history:
            data["history"] = list(self.history)
        if self.spells:
            data["spells"] = list(self.spells)
        return data

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"e": list(self.events), "p": self.place, "d": self.as_of.isoformat(),
                               "a": self.answers, "s": self.skipped, "n": self.steps}
        if self.history:
            out["h"] = self.history
        if self.spells:
            out["sp"] = self.spells
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GuidedState:
        specs = field_specs()
        events = tuple(e for e in data.get("e", []) if e in EVENTS)
        place = str(data.get("p", ""))
        try:
            as_of = date.fromisoformat(str(data.get("d", "")))
        except ValueError:
            as_of = date.today()
        answers = {str(k): str(v) for k, v in dict(data.get("a", {})).items() if k in specs}
        skipped = [str(s) for s in data.get("s", []) if s in specs and s not in answers]
        steps = data.get("n", 0)
        return cls(events, place if county_name(place) else "", as_of, answers, skipped,
                   list(data.get("h", [])), list(data.get("sp", [])), steps if isinstance(steps, int) else 0)


TOKEN_TTL_SECONDS = 30 * 24 * 3600  # a saved link works for 30 days


def _fernet() -> Fernet:
    key = hashlib.sha256((_SALT + get_settings().secret_key).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def dump_token(state: GuidedState) -> str:
    """The state as an opaque token (encrypted and signed with the app's secret key)."""
    raw = zlib.compress(json.dumps(state.to_json(), ensure_ascii=False, separators=(",", ":")).encode())
    return _fernet().encrypt(raw).decode()


def load_token(token: str | None) -> GuidedState | None:
    """The state a token carries, or None when it is missing, altered, expired or not ours."""
    if not token or len(token) > 20_000:
        return None
    try:
        data = json.loads(zlib.decompress(_fernet().decrypt(token.encode(), ttl=TOKEN_TTL_SECONDS)))
    except (InvalidToken, ValueError, zlib.error):
        return None
    return GuidedState.from_json(data) if isinstance(data, dict) else None


def county_name(code: str | None) -> str | None:
    """The name of a current county (县、县级市、区), else None: the place must be one."""
    if not code:
        return None
    d = get_division(code)
    return d.name if d is not None and d.current and d.level == "county" else None


def check_start(events: list[str], place: str) -> dict[str, tuple[str, str]]:
    """Errors of the start page, by field, in the user's words (zh, en)."""
    errors: dict[str, tuple[str, str]] = {}
    known = [e for e in events if e in EVENTS]
    if not known:
        errors["events"] = ("请选择至少一项您的情况", "Choose at least one situation")
    elif len({EVENTS[e].subject for e in known}) > 1:
        errors["events"] = ("“企业”“服务机构”请单独选择，不与个人情况同选",
                            "Choose a firm or an organisation on its own, not with a person's situation")
    if not county_name(place):
        errors["place"] = ("请选择所在的县（市、区）", "Choose your county or district")
    return errors


def in_scope(p: Provision, events: tuple[str, ...]) -> bool:
    """A provision concerns the session when it reads a topic fact of one of its events, and no fact
    an event rules out (a founder who did not tick 我在企业工作 is not asked about an employer)."""
    chosen = [EVENTS[e] for e in events if e in EVENTS]
    topics = tuple(t for e in chosen for t in e.topics)
    if not topics:
        return False
    ruled_out = tuple(t for e in chosen for t in e.excludes if t not in topics)
    names = fact_names(p)
    if ruled_out and any(n.startswith(ruled_out) for n in names):
        return False
    return any(n.startswith(topics) for n in names)


def provisions_of(state: GuidedState) -> tuple[list[Provision], list[Provision]]:
    """(provisions of this session's events, other provisions of its subject, not asked about)."""
    subject = {"person": Subject.PERSON, "enterprise": Subject.ENTERPRISE, "organisation": Subject.ORGANISATION}
    chosen, other = [], []
    for p in CATALOGUE:
        if p.subject == subject[state.subject] or (p.subject == Subject.ENTERPRISE and state.has_business):
            (chosen if in_scope(p, state.events) else other).append(p)
    return chosen, other


def evaluate(state: GuidedState, *, explain: bool = True) -> CaseResult:
    chosen, _ = provisions_of(state)
    return evaluate_case(Case.parse(state.case_data()), state.as_of, provisions=chosen, explain=explain)


def answer_text(spec: FieldSpec, raw: str, lang: str) -> str:
    """An answer as the person would read it back (是/否, the option's label, 5,000 元, 柯城区)."""
    from ..ui import i18n

    value, error = convert(spec, raw)
    if error is not None or value is None:
        return raw
    if spec.widget == "radio":
        return ("Yes" if value else "No") if lang == "en" else ("是" if value else "否")
    if spec.widget == "select":
        return i18n.label(i18n.CHOICES, lang, value)
    if spec.widget == "adcode":
        return county_name(value) or value
    if spec.widget == "money":
        return f"{fen_to_yuan(value):,}".removesuffix(".00") + (" yuan" if lang == "en" else " 元")
    if spec.widget == "percent":
        text = display_value(spec, value)
        return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"
    return str(raw)
