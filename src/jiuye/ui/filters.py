"""Filters and globals for the pages of the database-backed domains: money in words, moments in
China time, outcome labels, provision titles and ``tr(zh, en)``. Labels of a domain's own states
(application status, roles …) are that domain's ``TEMPLATE_GLOBALS``, added by the web app."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from jinja2 import pass_context

from ..money import fen_to_yuan


def yuan(fen: int | None) -> str:
    return "—" if fen is None else f"¥{fen_to_yuan(fen):,}"


def daxie(fen: int | None) -> str:
    from ..daxie import daxie as to_daxie

    return "—" if fen is None else to_daxie(fen)


CHINA = timezone(timedelta(hours=8))


def when(value: date | datetime | str | None) -> str:
    """A moment in China time (UTC+8) to the minute; a date as is."""
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    return str(value)


def division(code: str | None) -> str:
    from ..refdata.divisions import name_of

    return "—" if not code else f"{name_of(code) or code}"


def outcome_label(outcome: str | None, lang: str = "zh") -> str:
    from ..engine.results import OUTCOME_LABELS

    if outcome not in OUTCOME_LABELS:
        return outcome or "—"
    zh, en = OUTCOME_LABELS[outcome]
    return en if lang == "en" else zh


def provision_title(provision_id: str, lang: str = "zh") -> str:
    from ..catalogue.registry import CATALOGUE

    p = CATALOGUE.provisions.get(provision_id)
    if p is None:
        return provision_id
    return p.title_en if lang == "en" else p.title_zh


@pass_context
def tr(ctx: Any, zh: str, en: str) -> str:
    """``tr('中文', 'English')``: the side of the page's language."""
    return en if ctx.get("lang") == "en" else zh


FILTERS: dict[str, Any] = {"fen_yuan": yuan, "daxie": daxie, "when": when, "division": division}
GLOBALS: dict[str, Any] = {"tr": tr, "outcome_label": outcome_label, "provision_title": provision_title}
