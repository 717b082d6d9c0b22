"""Reasons in words for a scored pair (技能匹配 3/4；同一街道；报酬高于期望 12%), from the parts of
:func:`jiuye.jobs.matching.score`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..refdata import geo
from ..refdata.divisions import name_of
from . import vocab
from .matching import Scores


@dataclass(frozen=True)
class Match:
    score: int
    reasons_zh: list[str]
    reasons_en: list[str]


def explain(sc: Scores, i: int, j: int, seeker: dict[str, Any], posting: dict[str, Any]) -> Match:
    """Words for the pair (row ``i``, column ``j``) of ``sc``: ``seeker``/``posting`` are their rows."""
    zh, en = [], []
    need = len(posting.get("skills") or [])
    hits = int(sc.skill_hits[i, j])
    if need:
        zh.append(f"技能匹配 {hits}/{need}")
        en.append(f"skills {hits}/{need}")
    else:
        zh.append("岗位不限技能")
        en.append("no particular skills wanted")
    wanted = [{"name": n, "level": (lv or None)} for n, lv in zip(posting.get("cert_names") or [],
                                                                  posting.get("cert_levels") or [], strict=False)]
    have = [{"name": n, "level": (lv if lv and lv < 9 else None)}
            for n, lv in zip(seeker.get("cert_names") or [], seeker.get("cert_levels") or [], strict=False)]
    missing = [w for w in wanted if not vocab.cert_satisfied(have, w)]
    if missing:
        zh.append("缺少证书：" + "、".join(vocab.cert_label(m) for m in missing))
        en.append("missing certificate: " + ", ".join(vocab.cert_label(m) for m in missing))
    elif wanted:
        zh.append("证书符合要求")
        en.append("certificates as wanted")
    place = int(sc.place[i, j])
    if place == 0:
        d = float(sc.distance[i, j])
        zh.append(f"距离约 {d:.1f} 公里")
        en.append(f"about {d:.1f} km away")
    elif place == 1:
        t = geo.town(posting.get("town_code"))
        kind = "街道" if t is None or t.is_street else "乡镇"
        zh.append(f"同一{kind}（{t.name}）" if t else f"同一{kind}")
        en.append(f"same {'street' if kind == '街道' else 'town'}")
    elif place == 2:
        zh.append(f"同在{name_of(posting['county_code'])}")
        en.append("same county")
    elif place == 3:
        zh.append(f"在可到达范围（{name_of(posting['county_code'])}）")
        en.append("in a county the seeker can reach")
    elif place == 4:
        zh.append(f"相邻县区（{name_of(posting['county_code'])}）")
        en.append("neighbouring county")
    ratio = float(sc.pay_ratio[i, j])
    if not np.isnan(ratio):
        pct = round((ratio - 1) * 100)
        note = "" if seeker.get("expected_pay_kind") in (None, posting.get("pay_kind")) else "（按小时折算）"
        if pct > 0:
            zh.append(f"报酬高于期望 {pct}%{note}")
            en.append(f"pay {pct}% above expectation")
        elif pct < 0:
            zh.append(f"报酬低于期望 {-pct}%{note}")
            en.append(f"pay {-pct}% below expectation")
        else:
            zh.append("报酬与期望相当")
            en.append("pay as expected")
    occ = int(sc.occ[i, j])
    if occ == 2:
        zh.append("意向职业相符")
        en.append("the occupation wished")
    elif occ == 1:
        zh.append("意向职业相近")
        en.append("close to the occupation wished")
    total = float(sc.total[i, j])
    return Match(max(0, round(total)) if np.isfinite(total) else 0, zh, en)
