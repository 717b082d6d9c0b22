"""A posting's pay against the minimum wage of its county on its dates (最低工资标准).

Parameters (each with its source): ``external.minimum_wage.county_tier`` (the county's tier),
``external.minimum_wage.monthly`` / ``.hourly`` (by tier), ``external.wage_conversion.*``
(劳社部发〔2008〕3号: 21.75 paid days a month, 8 hours a day).

Readings (written down in ``docs/jobs.md``):
- monthly pay is full-time work and is compared with the monthly standard;
- there is no daily standard: a day of 8 hours or more is compared with monthly ÷ 21.75; a shorter
  day with the hourly floor × its hours;
- hourly pay (and a piece rate's expected earnings an hour) is compared with the hourly standard
  for part-time work. Where that standard is not known for the date (2026: not published in the
  sources), it is compared with monthly ÷ (21.75 × 8), which any hourly standard is at least, and
  the posting is marked "not fully verified";
- the check is made on the start date and on the end date (the higher floor holds); a county
  whose tier is not known on a date cannot be checked and the posting is refused with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from ..errors import InputError
from ..money import fen_to_yuan
from ..params.store import PARAMETERS
from ..refdata.divisions import name_of


@dataclass(frozen=True)
class Floor:
    """The lowest lawful pay per unit of a posting, on one date."""

    on: date
    fen: Fraction | None  # None: cannot be determined
    verified: bool  # False: only a lower bound of the real standard is known
    basis_zh: str
    basis_en: str
    sources: tuple[str, ...] = field(default=())

    @property
    def fen_ceil(self) -> int | None:
        if self.fen is None:
            return None
        return -(-self.fen.numerator // self.fen.denominator)


def _entry_source(name: str, on: date) -> str:
    e = PARAMETERS[name].entry_at(on)
    return f"{PARAMETERS[name].label_zh}：{e.source}" if e else PARAMETERS[name].label_zh


def floor_for(county_code: str, on: date, pay_kind: str, hours_per_day: int | None = None) -> Floor:
    county = name_of(county_code) or county_code
    # the county's tier: its city's choice as maintained by administrators, else the bundled one
    tier, tier_entry = PARAMETERS["external.minimum_wage.county_tier"].keyed_at(on, county_code)
    if tier is None:
        return Floor(on, None, False, f"{county}{on:%Y年%m月%d日}适用的最低工资档次未知，无法核对报酬",
                     f"the minimum-wage tier of {county} on {on} is not known; the pay cannot be checked")
    monthly = PARAMETERS["external.minimum_wage.monthly"].value_at(on, tier)
    if monthly is None:
        return Floor(on, None, False, f"{on:%Y年%m月%d日}第{tier}档月最低工资标准未知，无法核对报酬",
                     f"the tier-{tier} monthly minimum wage on {on} is not known")
    days = PARAMETERS["external.wage_conversion.monthly_paid_days"].require(on)
    hours = PARAMETERS["external.wage_conversion.daily_hours"].require(on)
    sources = (f"{PARAMETERS['external.minimum_wage.county_tier'].label_zh}：{tier_entry.source}",
               _entry_source("external.minimum_wage.monthly", on))
    m_yuan = fen_to_yuan(monthly)
    where = f"{county}（第{tier}档）{on:%Y年%m月%d日}"
    if pay_kind == "monthly":
        return Floor(on, Fraction(monthly), True, f"{where}月最低工资标准{m_yuan}元",
                     f"monthly minimum wage of {county} (tier {tier}) on {on}: ¥{m_yuan}", sources)
    conv = "（劳社部发〔2008〕3号：月计薪天数21.75天、每日8小时）"
    hourly = PARAMETERS["external.minimum_wage.hourly"].value_at(on, tier)
    if hourly is not None:
        h_floor, verified = Fraction(hourly), True
        h_zh = f"{where}非全日制小时最低工资标准{fen_to_yuan(hourly)}元"
        h_en = f"hourly minimum wage of {county} (tier {tier}) on {on}: ¥{fen_to_yuan(hourly)}"
        sources += (_entry_source("external.minimum_wage.hourly", on),)
    else:
        h_floor, verified = Fraction(monthly) / (days * hours), False
        h_zh = (f"{where}小时最低工资标准未公布于所据资料，按月最低工资{m_yuan}元折算的下限"
                f"{_yuan(h_floor)}元/小时{conv}")
        h_en = (f"the hourly standard of {county} on {on} is not known; floor derived from the monthly "
                f"¥{m_yuan} ÷ (21.75 × 8) = ¥{_yuan(h_floor)} an hour")
    if pay_kind in ("hourly", "piece"):
        return Floor(on, h_floor, verified, h_zh, h_en, sources)
    if pay_kind == "daily":
        if hours_per_day is not None and hours_per_day < hours:
            return Floor(on, h_floor * hours_per_day, verified, f"{h_zh}×每日{hours_per_day}小时",
                         f"{h_en} × {hours_per_day} hours", sources)
        d = Fraction(monthly) / days
        return Floor(on, d, True, f"{where}月最低工资{m_yuan}元÷21.75天＝{_yuan(d)}元/天{conv}",
                     f"monthly minimum ¥{m_yuan} of {county} on {on} ÷ 21.75 days = ¥{_yuan(d)} a day", sources)
    raise InputError("pay_kind", "报酬方式应为按小时、按日、按月或计件", "pay kind must be hourly, daily, monthly or piece")


def _yuan(fen: Fraction) -> str:
    ceil = -(-fen.numerator // fen.denominator)
    return str(fen_to_yuan(ceil))


@dataclass(frozen=True)
class WageCheck:
    ok: bool
    verified: bool
    floor: Floor | None  # the binding floor
    message_zh: str
    message_en: str

    def basis(self) -> dict[str, Any]:
        f = self.floor
        return {"verified": self.verified, "on": f.on.isoformat() if f else None,
                "floor_fen": f.fen_ceil if f else None, "basis_zh": f.basis_zh if f else None,
                "basis_en": f.basis_en if f else None, "sources": list(f.sources) if f else []}


def check_pay(*, county_code: str, pay_kind: str, pay_fen: int, start: date, end: date | None,
              hours_per_day: int | None = None) -> WageCheck:
    """Whether ``pay_fen`` (per unit of ``pay_kind``; for piece rates the expected earnings an hour)
    reaches the minimum wage on every checked date."""
    floors = [floor_for(county_code, d, pay_kind, hours_per_day) for d in dict.fromkeys([start, end or start])]
    unknown = next((f for f in floors if f.fen is None), None)
    if unknown is not None:
        return WageCheck(False, False, unknown, unknown.basis_zh, unknown.basis_en)
    binding = max(floors, key=lambda f: f.fen or 0)
    unit = {"monthly": "月", "daily": "天", "hourly": "小时", "piece": "小时（计件预计收入）"}[pay_kind]
    pay_y = fen_to_yuan(pay_fen)
    if Fraction(pay_fen) < binding.fen:
        return WageCheck(False, binding.verified, binding,
                         f"报酬{pay_y}元/{unit}低于最低工资：{binding.basis_zh}，至少应为{_yuan(binding.fen)}元/{unit}",
                         f"pay ¥{pay_y} per {pay_kind} is below the minimum wage: {binding.basis_en}; "
                         f"at least ¥{_yuan(binding.fen)}", )
    verified = all(f.verified for f in floors)
    return WageCheck(True, verified, binding,
                     f"报酬不低于最低工资（{binding.basis_zh}）" + ("" if verified else "；小时标准未知，仅按折算下限核对"),
                     f"pay reaches the minimum wage ({binding.basis_en})" + ("" if verified else "; hourly standard unknown"))
