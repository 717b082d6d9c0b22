"""Validate posting and seeker input at the edge (forms and JSON alike): every error names the field
in the user's words (InputError → 422); values come out clean (fen, dates, codes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..dates import parse_date
from ..errors import InputError
from ..refdata import geo
from ..refdata.divisions import city_of, require_division
from ..refdata.occupations import require_occupation
from . import vocab
from .models import PayKind

FIELD_ZH = {"title": "岗位名称", "description": "岗位说明", "county_code": "工作地点（县区）", "town_code": "街道（乡镇）",
            "pay_yuan": "报酬", "pay_max_yuan": "报酬上限", "headcount": "招聘人数", "start_date": "开始日期",
            "end_date": "结束日期", "hours_per_day": "每日工作小时", "expected_pay_yuan": "期望报酬"}


def text(payload: dict[str, Any], name: str, *, required: bool = False, max_len: int = 100) -> str | None:
    raw = payload.get(name)
    value = str(raw).strip() if raw is not None else ""
    if not value:
        if required:
            raise InputError(name, f"请填写{FIELD_ZH.get(name, name)}", f"{name} is required")
        return None
    if len(value) > max_len:
        raise InputError(name, f"{FIELD_ZH.get(name, name)}最多{max_len}字", f"{name}: at most {max_len} characters")
    return value


def yuan(payload: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    raw = payload.get(name)
    if raw is None or str(raw).strip() == "":
        if required:
            raise InputError(name, f"请填写{FIELD_ZH.get(name, name)}（元）", f"{name} is required (yuan)")
        return None
    try:
        d = Decimal(str(raw).strip().replace(",", "").replace("¥", ""))
    except InvalidOperation:
        raise InputError(name, f"{FIELD_ZH.get(name, name)}应为金额（元），如 25 或 2500.50",
                         f"{name} must be an amount in yuan") from None
    if d <= 0 or d > Decimal("10000000"):
        raise InputError(name, f"{FIELD_ZH.get(name, name)}应大于0", f"{name} must be positive")
    if d != d.quantize(Decimal("0.01")):
        raise InputError(name, f"{FIELD_ZH.get(name, name)}最多精确到分", f"{name}: at most two decimals")
    return int(d * 100)


def integer(payload: dict[str, Any], name: str, lo: int, hi: int, *, required: bool = False) -> int | None:
    raw = payload.get(name)
    if raw is None or str(raw).strip() == "":
        if required:
            raise InputError(name, f"请填写{FIELD_ZH.get(name, name)}", f"{name} is required")
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise InputError(name, f"{FIELD_ZH.get(name, name)}应为整数", f"{name} must be a whole number") from None
    if not lo <= value <= hi:
        raise InputError(name, f"{FIELD_ZH.get(name, name)}应在{lo}至{hi}之间", f"{name} must be {lo}–{hi}")
    return value


def a_date(payload: dict[str, Any], name: str, *, required: bool = False) -> date | None:
    raw = payload.get(name)
    if raw is None or str(raw).strip() == "":
        if required:
            raise InputError(name, f"请填写{FIELD_ZH.get(name, name)}", f"{name} is required")
        return None
    return parse_date(str(raw).strip(), field=name)


def county(payload: dict[str, Any], name: str = "county_code") -> str:
    code = str(payload.get(name) or "").strip()
    if not code:
        raise InputError(name, "请选择县（市、区）", "choose a county")
    d = require_division(code, field=name)
    if d.level != "county":
        raise InputError(name, "请选择具体的县（市、区）", "choose a county-level division")
    return d.code


def coords(payload: dict[str, Any]) -> tuple[float | None, float | None]:
    lon, lat = payload.get("lon"), payload.get("lat")
    if (lon in (None, "")) and (lat in (None, "")):
        return None, None
    try:
        lon_f, lat_f = float(lon), float(lat)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError("lon", "经纬度应同时填写，为数字", "longitude and latitude must both be numbers") from None
    if not (118.0 <= lon_f <= 123.5 and 27.0 <= lat_f <= 31.5):
        raise InputError("lon", "经纬度不在浙江省范围内", "the coordinates are outside Zhejiang")
    return lon_f, lat_f


def posting(payload: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise InputError("body", "应为对象", "expected an object")
    out: dict[str, Any] = {"title": text(payload, "title", required=True, max_len=100),
                           "description": text(payload, "description", max_len=2000) or ""}
    out["occupation_code"] = require_occupation(str(payload.get("occupation_code") or "")).code
    out["skills"] = vocab.clean_skills(payload.get("skills"))
    out["certificates"] = vocab.clean_certificates(payload.get("certificates"))
    out["county_code"] = county(payload)
    out["city_code"] = city_of(out["county_code"])
    town = text(payload, "town_code", max_len=9)
    out["town_code"] = geo.require_town(town, out["county_code"]).code if town else None
    out["address"] = text(payload, "address", max_len=200)
    out["lon"], out["lat"] = coords(payload)
    kind = str(payload.get("pay_kind") or "").strip()
    if kind not in {k.value for k in PayKind}:
        raise InputError("pay_kind", "请选择报酬方式：按小时、按日、按月或计件", "pay kind must be hourly, daily, monthly or piece")
    out["pay_kind"] = kind
    out["pay_min_fen"] = yuan(payload, "pay_yuan", required=True)
    out["pay_max_fen"] = yuan(payload, "pay_max_yuan")
    if out["pay_max_fen"] is not None and out["pay_max_fen"] < out["pay_min_fen"]:
        raise InputError("pay_max_yuan", "报酬上限不能低于报酬", "the upper pay must not be below the pay")
    out["piece_unit"] = text(payload, "piece_unit", max_len=20)
    out["piece_hourly_fen"] = yuan(payload, "piece_hourly_yuan", required=kind == "piece") if kind == "piece" else None
    if kind == "piece" and not out["piece_unit"]:
        raise InputError("piece_unit", "计件须写明计件单位（如“件”“单”）", "a piece rate needs its unit")
    out["hours_per_day"] = integer(payload, "hours_per_day", 1, 24)
    out["hours_text"] = text(payload, "hours_text", max_len=100)
    out["start_date"] = a_date(payload, "start_date", required=True)
    out["end_date"] = a_date(payload, "end_date")
    if out["end_date"] and out["end_date"] < out["start_date"]:
        raise InputError("end_date", "结束日期不能早于开始日期", "the end date is before the start date")
    out["headcount"] = integer(payload, "headcount", 1, 10000, required=True)
    return out


def seeker(payload: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise InputError("body", "应为对象", "expected an object")
    out: dict[str, Any] = {"skills": vocab.clean_skills(payload.get("skills")),
                           "certificates": vocab.clean_certificates(payload.get("certificates"))}
    occs = payload.get("occupations") or []
    if isinstance(occs, str):
        occs = [o for o in occs.replace("，", ",").split(",") if o.strip()]
    out["occupations"] = [require_occupation(str(o).strip(), field="occupations").code for o in occs][:5]
    out["county_code"] = county(payload)
    out["city_code"] = city_of(out["county_code"])
    town = text(payload, "town_code", max_len=9)
    out["town_code"] = geo.require_town(town, out["county_code"]).code if town else None
    out["lon"], out["lat"] = coords(payload)
    reach = payload.get("reachable_counties") or []
    if isinstance(reach, str):
        reach = [r for r in reach.replace("，", ",").split(",") if r.strip()]
    out["reachable_counties"] = sorted({county({"c": r}, "c") for r in reach} - {out["county_code"]})
    out["max_distance_km"] = integer(payload, "max_distance_km", 1, 500)
    kind = str(payload.get("expected_pay_kind") or "").strip() or None
    if kind is not None and kind not in {k.value for k in PayKind}:
        raise InputError("expected_pay_kind", "期望报酬方式应为按小时、按日、按月或计件", "unknown pay kind")
    out["expected_pay_kind"] = kind
    out["expected_pay_fen"] = yuan(payload, "expected_pay_yuan") if kind else None
    out["available_from"] = a_date(payload, "available_from")
    out["available_to"] = a_date(payload, "available_to")
    if out["available_from"] and out["available_to"] and out["available_to"] < out["available_from"]:
        raise InputError("available_to", "可工作截止日期不能早于开始日期", "availability ends before it starts")
    out["availability_note"] = text(payload, "availability_note", max_len=100)
    group = str(payload.get("key_group") or "").strip() or None
    if group is not None and group not in vocab.KEY_GROUPS:
        raise InputError("key_group", "重点群体类别无效", "unknown key group")
    consent = str(payload.get("key_group_consent") or "").lower() in ("1", "true", "on", "yes")
    if group and not consent:
        raise InputError("key_group_consent", "登记重点群体身份须本人同意用于岗位推荐",
                         "recording a key-group status needs the person's consent")
    out["key_group"], out["key_group_consent"] = group, bool(group) and consent
    return out
