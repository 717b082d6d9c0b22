"""Targets as data: the plans the documents set, each indicator with its clause.

A :class:`Plan` is one document's set of targets for one issuing jurisdiction: its indicators
(label, unit, comparator, measure, the clause they come from), the jurisdictions that carry a
target (a city's districts and the city itself, or just the city / province) and the value of
each. Everything is read from the catalogue (``jiuye.catalogue``): the Shaoxing district table
(绍市人社发〔2023〕28号 附表) with its 主要目标, Quzhou's targets to 2027 (衢政发〔2023〕12号) and the
province's aims for the mountain counties (浙人社发〔2022〕46号). Nothing here is typed twice.

Values are kept in the unit printed (人, 万元, %) as ``Decimal``; actuals are stored as integers
in the indicator's smallest unit (:attr:`Indicator.scale`: fen for 万元, 0.01 for %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from ..catalogue.model import COMPARATOR_LABELS, load_catalogue
from ..catalogue.targets import district_table
from ..errors import InputError
from ..refdata.divisions import name_of
from ..rules.documents import DOCUMENTS

#: Stored integer units per printed unit: 1 万元 = 1,000,000 fen; % and 分 to the hundredth.
SCALES = {"万元": 1_000_000, "%": 100, "分": 100, "倍": 100}
#: Targets that are a level to be reached (a stock or a share), not a running total: they are
#: compared with the target, never with the share of the period elapsed.
LEVEL_UNITS = frozenset({"%", "分", "倍"})
LEVEL_TARGETS = frozenset({
    "quzhou_2023_12.liu.technical_students",  # 在校生达到2万人: a headcount at the date
    "quzhou_2023_12.zongti.3.market_entities",  # 市场主体规模达到35万家: a stock
})

SHAOXING_EN = {
    "new_urban_jobs": "new urban jobs", "platform_coverage": "grassroots employment platform staffing",
    "gig_markets_county": "gig markets (county)", "gig_markets_public": "gig markets (public-service)",
    "internship_posts": "internship posts", "interns": "interns",
    "key_group_assist_rate": "assistance rate of the five key groups",
    "difficulty_reemployed": "people with employment difficulties placed in work",
    "pwp_new": "new public-welfare posts", "pwp_placed_cumulative": "people placed in public-welfare posts",
    "labour_brands": "labour brands", "incubators_county": "startup incubation bases (county)",
    "incubators_municipal": "startup incubation bases (municipal)", "startup_loans": "guaranteed startup loans",
    "startup_trainees": "startup trainees", "startup_supported": "people given startup support",
    "startup_jobs": "jobs created by startups",
}
COMPARATOR_ZH = {"reach": "达到", "at_least": "不少于", "at_most": "不高于", "about": "左右", "more_than": "超过"}
COMPARATOR_EN = {"reach": "reach", "at_least": "at least", "at_most": "at most", "about": "about",
                 "more_than": "more than"}


@dataclass(frozen=True)
class Indicator:
    key: str
    label_zh: str
    label_en: str
    unit: str
    comparator: str  # reach | at_least | at_most | about | more_than
    measure: str  # cumulative (a running total over the period) | level (a rate or stock at the date)
    aggregate: str  # sum: the city's target and actual are the sum of its districts | same | none
    period_start: date
    period_end: date
    clause: str  # verbatim from the seed
    citation: str  # 绍市人社发〔2023〕28号 二、主要目标
    target_id: str  # the catalogue target (or table column) it comes from

    @property
    def scale(self) -> int:
        return SCALES.get(self.unit, 1)

    @property
    def is_money(self) -> bool:
        return self.unit == "万元"

    @property
    def kind_zh(self) -> str:
        """The issue's 'kind': a number to reach, a rate, at least …"""
        return ("比率" if self.unit == "%" else "") + COMPARATOR_ZH[self.comparator]

    @property
    def kind_en(self) -> str:
        return ("rate, " if self.unit == "%" else "") + COMPARATOR_EN[self.comparator]

    @property
    def comparator_sign(self) -> str:
        return COMPARATOR_LABELS[self.comparator]

    def to_stored(self, value: Decimal, *, field: str = "value") -> int:
        """A value in the printed unit as the stored integer; refuses more precision than that."""
        scaled = value * self.scale
        if scaled != scaled.to_integral_value():
            places = len(str(self.scale)) - 1
            raise InputError(field, f"「{self.label_zh}」最多保留{places}位小数（{self.unit}）",
                             f"{self.label_en}: at most {places} decimal places ({self.unit})")
        if scaled < 0:
            raise InputError(field, f"「{self.label_zh}」不能为负数", f"{self.label_en} cannot be negative")
        return int(scaled)

    def from_stored(self, stored: int | None) -> Decimal | None:
        if stored is None:
            return None
        return Decimal(stored) / self.scale if self.scale != 1 else Decimal(stored)


@dataclass(frozen=True)
class Plan:
    key: str
    document: str  # document id
    number: str  # 绍市人社发〔2023〕28号
    title_zh: str
    title_en: str
    jurisdiction: str  # the issuing city (or 330000)
    districts: tuple[str, ...]  # jurisdictions below it that carry targets, in the document's order
    indicators: tuple[Indicator, ...]
    targets: dict[tuple[str, str], Decimal] = field(repr=False)  # (indicator, jurisdiction) -> value
    untracked: tuple[tuple[str, str], ...] = ()  # (target id, why it is not tracked here)

    @property
    def period_start(self) -> date:
        return min(i.period_start for i in self.indicators)

    @property
    def period_end(self) -> date:
        return max(i.period_end for i in self.indicators)

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """Districts first, then the issuing jurisdiction (the total)."""
        return (*self.districts, self.jurisdiction)

    def indicator(self, key: str) -> Indicator:
        for i in self.indicators:
            if i.key == key:
                return i
        raise InputError("indicator", f"该计划没有指标「{key}」", f"the plan has no indicator {key!r}")

    def target(self, indicator: str, jurisdiction: str) -> Decimal | None:
        return self.targets.get((indicator, jurisdiction))

    def is_total(self, jurisdiction: str) -> bool:
        return jurisdiction == self.jurisdiction

    def name(self, jurisdiction: str) -> str:
        return name_of(jurisdiction) or jurisdiction

    def problems(self) -> list[str]:
        """Every sum indicator's district targets add up to the total; every total is set."""
        out = []
        for i in self.indicators:
            total = self.targets.get((i.key, self.jurisdiction))
            if total is None:
                out.append(f"{self.key}.{i.key}: no total target")
                continue
            parts = [self.targets.get((i.key, d)) for d in self.districts]
            if not self.districts or i.aggregate == "none":
                continue
            if any(p is None for p in parts):
                out.append(f"{self.key}.{i.key}: a district has no target")
            elif i.aggregate == "sum" and sum(parts, Decimal(0)) != total:
                out.append(f"{self.key}.{i.key}: districts add up to {sum(parts)}, the total is {total}")
            elif i.aggregate == "same" and any(p != total for p in parts):
                out.append(f"{self.key}.{i.key}: a district's rate differs from the total {total}")
        return out


def _shaoxing() -> Plan:
    doc = DOCUMENTS["sx_2023_28"]
    cat = load_catalogue()
    goals = {t.key: t for t in cat.entry("sx_2023_28.mubiao").targets}
    fenjie = cat.entry("sx_2023_28.fenjie")
    table = district_table()
    indicators, targets, untracked = [], {}, []
    for c in table.columns:
        if c.aggregate == "text":
            untracked.append((f"sx_2023_28.fenjie.{c.key}", "文字目标（不低于上年目标数且按对口当年下达目标执行），无数值可比"))
            continue
        goal = goals.get(c.goal) if c.goal else None
        clause = goal.quote if goal else fenjie.heading
        citation = f"{doc.number} {'二、主要目标' if goal else '附表'}；附表「{c.title}」"
        indicators.append(Indicator(
            key=c.key, label_zh=c.title, label_en=SHAOXING_EN[c.key], unit=c.unit,
            comparator=goal.comparator if goal else "at_least",
            measure="level" if c.unit in LEVEL_UNITS else "cumulative",
            aggregate="sum" if c.aggregate == "sum" else "same", period_start=doc.in_force_from,
            period_end=table.deadline, clause=clause, citation=citation,
            target_id=goal.id if goal else f"sx_2023_28.fenjie.{c.key}"))
        for row in (*table.rows, table.total):
            targets[(c.key, row["adcode"])] = Decimal(row[c.key])
    return Plan(key="sx_2023_28", document=doc.id, number=doc.number, title_zh=table.title,
                title_en="Shaoxing 2023: key targets by district", jurisdiction=doc.jurisdiction,
                districts=tuple(r["adcode"] for r in table.rows), indicators=tuple(indicators), targets=targets,
                untracked=tuple(untracked))


def _whole(document_id: str, start: date, title_zh: str, title_en: str) -> Plan:
    """A plan whose targets are set for the issuing jurisdiction as a whole (no district split)."""
    doc = DOCUMENTS[document_id]
    cat = load_catalogue()
    indicators, targets, untracked = [], {}, []
    for e, t in cat.targets():
        if e.document != document_id:
            continue
        if t.scope or t.per or t.each_district:
            untracked.append((t.id, f"按单位或按年设定（{t.scope or '每年'}），不是全域总量"))
            continue
        key = f"{e.key}.{t.key}"
        if t.unit in ("%",) and t.comparator == "reach" and t.printed == "全覆盖":
            untracked.append((t.id, "全覆盖类目标：覆盖对象名单不在系统中"))
            continue
        measure = "level" if t.unit in LEVEL_UNITS or t.id in LEVEL_TARGETS else "cumulative"
        indicators.append(Indicator(
            key=key, label_zh=t.quote, label_en=t.key.replace("_", " "), unit=t.unit, comparator=t.comparator,
            measure=measure, aggregate="none", period_start=start, period_end=t.deadline, clause=t.quote,
            citation=f"{doc.number} {e.article}", target_id=t.id))
        targets[(key, doc.jurisdiction)] = Decimal(str(t.value))
    return Plan(key=document_id, document=doc.id, number=doc.number, title_zh=title_zh, title_en=title_en,
                jurisdiction=doc.jurisdiction, districts=(), indicators=tuple(indicators), targets=targets,
                untracked=tuple(untracked))


@cache
def plans() -> dict[str, Plan]:
    q = DOCUMENTS["quzhou_2023_12"]
    z = DOCUMENTS["zj_2022_46"]
    out = [
        _shaoxing(),
        _whole("quzhou_2023_12", q.in_force_from, "衢州市2023—2027年就业创业目标", "Quzhou 2023–2027 targets"),
        _whole("zj_2022_46", z.issued_on, "山区26县就业创业目标（全省）", "Mountain counties: province-wide aims"),
    ]
    return {p.key: p for p in out}


def plan(key: str) -> Plan:
    found = plans().get(key)
    if found is None:
        raise InputError("plan", f"没有该目标计划：{key}", f"no such target plan: {key}")
    return found
