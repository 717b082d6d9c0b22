"""A simulation result as the pages show it: amounts in 元 and 万元 (exact, from fen), counties by
name, each changed number with the clause behind it, the chart's data; restricted to the counties
the user may see (a caseworker: the county; a city manager: the city's counties)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import polars as pl

from ..accounts.models import Role, User
from ..money import fen_to_yuan
from ..refdata.divisions import counties
from .describe import changes, why_changed
from .outputs import by_county, by_county_provision, change_bands, totals
from .reform import compile_reform
from .runner import SimulationResult, evaluation_day

CHART_COUNTIES = 30


def visible_counties(user: User) -> frozenset[str] | None:
    """County codes ``user`` may see; ``None`` for the whole province."""
    role = user.role_enum
    if role == Role.PROVINCE_ADMIN:
        return None
    if role == Role.CITY_MANAGER and user.city_code:
        return frozenset(d.code for d in counties(user.city_code))
    if role == Role.CASEWORKER and user.county_code:
        return frozenset({user.county_code})
    return frozenset()


def scoped(result: SimulationResult, allowed: frozenset[str] | None) -> SimulationResult:
    if allowed is None:
        return result
    return dataclasses.replace(result, counted=result.counted.filter(pl.col("county_code").is_in(sorted(allowed))))


def yuan(fen: int | None) -> str:
    return "—" if fen is None else f"{fen_to_yuan(int(fen)):,}元"


def wan(fen: int | None) -> str:
    if fen is None:
        return "—"
    return f"{(Decimal(int(fen)) / Decimal(1_000_000)).quantize(Decimal('0.01')):,}万元"


def signed(fen: int) -> str:
    return ("+" if fen > 0 else "−" if fen < 0 else "") + yuan(abs(fen))


def _wan_number(fen: int) -> str:
    return str((Decimal(int(fen)) / Decimal(1_000_000)).quantize(Decimal("0.01")))


def reasons(result: SimulationResult) -> dict[tuple[int, str | None], list[str]]:
    """(year, county) -> the provisions whose numbers changed there, with clause and reason."""
    compiled = compile_reform(result.reform)
    detail = by_county_provision(result).filter(
        (pl.col("difference_fen") != 0) | (pl.col("difference_recipients") != 0))
    out: dict[tuple[int, str | None], list[str]] = {}
    for r in detail.iter_rows(named=True):
        why = why_changed(compiled, r["provision_id"]) if r["provision_id"] in result.affected else ""
        text = f"{r['title_zh']}（{r['citation']}）" + (f"：{why}" if why else "")
        out.setdefault((r["year"], r["county_code"]), []).append(text)
    return out


def result_view(result: SimulationResult, allowed: frozenset[str] | None) -> dict[str, Any]:
    """Everything the result partial renders."""
    res = scoped(result, allowed)
    t = totals(res)
    county = by_county(res)
    why = reasons(res)
    years = [{**y, "baseline": yuan(y["baseline_fen"]), "reform": yuan(y["reform_fen"]),
              "difference": signed(y["difference_fen"])} for y in t["by_year"]]
    rows = []
    for r in county.iter_rows(named=True):
        changed = r["difference_fen"] != 0 or r["difference_beneficiaries"] != 0
        rows.append({"year": r["year"], "county": f"{r['city_name'] or ''}{r['county_name'] or '（地区未知）'}",
                     "baseline": yuan(r["baseline_cost_fen"]), "reform": yuan(r["reform_cost_fen"]),
                     "difference": signed(r["difference_fen"]), "changed": changed,
                     "beneficiaries": f"{r['baseline_beneficiaries']:,} → {r['reform_beneficiaries']:,}",
                     "unknown": r["baseline_unknown"] + r["reform_unknown"],
                     "reasons": why.get((r["year"], r["county_code"]), [])})
    return {"totals": {**t, "baseline": yuan(t["baseline_fen"]), "reform": yuan(t["reform_fen"]),
                       "difference": signed(t["difference_fen"]), "difference_wan": wan(t["difference_fen"])},
            "years": years, "rows": rows, "chart": chart(county, baseline_only=False),
            "changes": [dataclasses.asdict(c) for c in changes(compile_reform(result.reform),
                                                                 evaluation_day(result.years[0], result.day))],
            "any_change": any(r["changed"] for r in rows), "bands": bands(res)}


def bands(result: SimulationResult) -> list[dict[str, Any]]:
    """Winners and losers by the size of their change, in words."""
    out = []
    for r in change_bands(result).iter_rows(named=True):
        low = yuan(r["from_fen"]).replace(".00元", "元")
        size = f"{low}以上" if r["to_fen"] is None else f"{low}至{yuan(r['to_fen']).replace('.00元', '元')}"
        out.append({"direction": "受益增加" if r["direction"] == "gain" else "受益减少", "size": size,
                    "subjects": r["subjects"], "total": signed(r["total_fen"])})
    return out


def chart(county: pl.DataFrame, *, baseline_only: bool) -> dict[str, Any]:
    """Cost (万元) and beneficiaries by county, over the simulated years; the counties whose cost
    changes, else those with the highest cost."""
    per = (county.group_by("county_code", "county_name", "city_name")
           .agg(pl.col("baseline_cost_fen", "reform_cost_fen", "difference_fen", "baseline_beneficiaries",
                       "reform_beneficiaries").sum()))
    changed = per.filter(pl.col("difference_fen") != 0)
    pick = (changed if changed.height and not baseline_only else per).sort(
        "difference_fen" if changed.height and not baseline_only else "baseline_cost_fen", descending=True)
    pick = pick.head(CHART_COUNTIES).sort("county_code", nulls_last=True)
    names = [n or "（地区未知）" for n in pick["county_name"].to_list()]
    series = [{"name": "现行成本（万元）", "type": "bar", "data": [_wan_number(v) for v in pick["baseline_cost_fen"]]}]
    if not baseline_only:
        series.append({"name": "改革后成本（万元）", "type": "bar",
                       "data": [_wan_number(v) for v in pick["reform_cost_fen"]]})
    key = "baseline_beneficiaries" if baseline_only else "reform_beneficiaries"
    series.append({"name": "受益对象（个）", "type": "bar", "yAxisIndex": 1, "data": pick[key].to_list()})
    return {"categories": names, "series": series, "axes": ["万元", "个"]}


def budget_view(result: SimulationResult, allowed: frozenset[str] | None) -> dict[str, Any]:
    """Today's rules: cost and beneficiaries per county and year, and per provision."""
    res = scoped(result, allowed)
    res = dataclasses.replace(res, counted=res.counted.filter(pl.col("scenario") == "baseline"))
    county = by_county(res)
    years = result.years
    table: dict[str | None, dict[str, Any]] = {}
    for r in county.iter_rows(named=True):
        row = table.setdefault(r["county_code"], {"county": f"{r['city_name'] or ''}{r['county_name'] or '（地区未知）'}",
                                                  "cells": {}, "total": 0})
        row["cells"][r["year"]] = {"cost": yuan(r["baseline_cost_fen"]), "beneficiaries": r["baseline_beneficiaries"]}
        row["total"] += r["baseline_cost_fen"]
    rows = [{**v, "total_text": yuan(v["total"])} for _, v in sorted(table.items(), key=lambda kv: kv[0] or "~")]
    detail = by_county_provision(res)
    prov = (detail.filter(pl.col("baseline_recipients") > 0)
            .group_by("provision_id", "title_zh", "citation", "year")
            .agg(pl.col("baseline_cost_fen", "baseline_recipients", "baseline_unknown").sum())
            .sort("baseline_cost_fen", descending=True))
    provisions: dict[str, dict[str, Any]] = {}
    for r in prov.iter_rows(named=True):
        p = provisions.setdefault(r["provision_id"], {"title": r["title_zh"], "citation": r["citation"], "cells": {}})
        p["cells"][r["year"]] = {"cost": yuan(r["baseline_cost_fen"]) if r["baseline_cost_fen"] else "金额未知",
                                 "recipients": r["baseline_recipients"]}
    t = totals(res)
    return {"years": years, "rows": rows, "provisions": list(provisions.values()),
            "totals": [{"year": y["year"], "cost": yuan(y["baseline_fen"]), "wan": wan(y["baseline_fen"]),
                        "beneficiaries": y["baseline_beneficiaries"], "unknown": y["baseline_amount_unknown"]}
                       for y in t["by_year"]],
            "chart": chart(county, baseline_only=True)}
