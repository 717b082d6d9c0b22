"""Status spells: dated facts (a person's or an enterprise's history of statuses).

A spell is ``{kind, from, to, attrs}``: the subject held the status from ``from`` to ``to``
inclusive (``to`` null = still ongoing). A supplied list of spells of one kind is taken as that
kind's complete timeline; a kind with no spells falls back to the shorthand facts (the booleans
and dates of the subject models). In batch the same data is a long table (``SPELL_SCHEMA``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import InputError

SpellKind = Literal[
    "registered_unemployed", "receiving_unemployment_insurance", "difficulty_certified", "enrolled_student",
    "employed", "disability_certified", "public_welfare_post", "business_registered",
]
SPELL_KINDS: tuple[str, ...] = SpellKind.__args__  # type: ignore[attr-defined]
KIND_LABELS = {
    "registered_unemployed": ("登记失业", "registered unemployed"),
    "receiving_unemployment_insurance": ("领取失业保险金", "receiving unemployment insurance"),
    "difficulty_certified": ("就业困难人员认定", "certified with employment difficulty"),
    "enrolled_student": ("在校学习", "enrolled student"),
    "employed": ("受雇就业", "employed"),
    "disability_certified": ("持残疾人证", "certified disabled"),
    "public_welfare_post": ("公益性岗位就业", "in a public-welfare post"),
    "business_registered": ("经营主体存续（注册至注销）", "business registered (until deregistered)"),
}


class SpellAttrs(BaseModel):
    """Kind-specific attributes (all optional)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    route: str | None = Field(default=None, description="认定类别 / certification route (difficulty_certified)")
    employer: str | None = Field(default=None, description="用人单位 / employer (employed, public_welfare_post)")
    county: str | None = Field(default=None, description="所在县（市、区）/ county (employed, public_welfare_post)")
    insured_from: date | None = Field(default=None, description="参保起始 / insured from (employed)")
    insured_to: date | None = Field(default=None, description="参保截止 / insured to (employed)")
    post: Literal["full_time", "part_time"] | None = Field(default=None, description="全日制/非全日制 (public_welfare_post)")


class Spell(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    kind: SpellKind
    start: date = Field(alias="from")
    end: date | None = Field(default=None, alias="to")
    attrs: SpellAttrs = Field(default_factory=SpellAttrs)

    @model_validator(mode="after")
    def _order(self) -> Spell:
        if self.end is not None and self.end < self.start:
            zh, _ = KIND_LABELS[self.kind]
            raise InputError("spells.to", f"“{zh}”的结束日期早于开始日期", f"the {self.kind} spell ends before it starts")
        if self.attrs.county is not None:
            from .base import check_adcode

            check_adcode(self.attrs.county, "spells.attrs.county")
        return self

    def covers(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when <= self.end)


SPELL_SCHEMA: dict[str, Any] = {
    "subject_id": pl.Utf8, "kind": pl.Utf8, "from": pl.Date, "to": pl.Date, "route": pl.Utf8, "employer": pl.Utf8,
    "county": pl.Utf8, "insured_from": pl.Date, "insured_to": pl.Date, "post": pl.Utf8,
}
ATTR_FIELDS = ("route", "employer", "county", "insured_from", "insured_to", "post")


def by_kind(spells: list[Spell]) -> dict[str, list[Spell]]:
    out: dict[str, list[Spell]] = {}
    for s in spells:
        out.setdefault(s.kind, []).append(s)
    return out


def spells_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """The long table from ``{subject_id, kind, from, to, attrs: {...}}`` dicts (tests, examples)."""
    flat = []
    for r in rows:
        attrs = r.get("attrs") or {}
        flat.append({"subject_id": r["subject_id"], "kind": r["kind"], "from": r["from"], "to": r.get("to"),
                     **{a: attrs.get(a) for a in ATTR_FIELDS}})
    return pl.DataFrame(flat, schema=SPELL_SCHEMA, orient="row")

