"""The skills and certificates postings ask for and seekers offer: fixed lists, so that matching can
count them exactly (and the vectorized path can hold a person's skills in one 64-bit mask).

Certificate levels follow the national vocational skill levels (国家职业技能等级): 五级/初级工 (5)
… 一级/高级技师 (1); a smaller number is a higher level. Certificates without levels (licences,
special-operations permits) have level ``None``.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError

SKILLS: tuple[str, ...] = (
    "电商运营", "直播带货", "网店客服", "短视频剪辑", "美工设计", "打包发货", "仓储分拣", "叉车操作",
    "快递配送", "外卖配送", "货车驾驶", "网约车驾驶", "保洁", "家政服务", "育婴", "养老护理",
    "烹饪", "面点制作", "餐厅服务", "收银", "导购销售", "电话客服", "数据录入", "办公软件",
    "会计记账", "电工", "焊工", "水电维修", "家电维修", "木工", "泥瓦工", "油漆工",
    "缝纫", "服装裁剪", "普工装配", "质检", "设备操作", "数控车床", "保安", "绿化养护",
    "农业种植", "茶叶采摘", "水果采摘", "畜禽养殖", "民宿服务", "导游讲解", "美容美发", "摄影",
    "平面设计", "编程开发", "网络维护", "英语", "教学辅导", "搬运装卸", "室内装修", "物业管理",
    "汽车维修", "安装调试",
)
assert len(SKILLS) <= 64 and len(set(SKILLS)) == len(SKILLS)
SKILL_BIT = {s: i for i, s in enumerate(SKILLS)}

# (name, has levels)
CERTIFICATES: tuple[tuple[str, bool], ...] = (
    ("电工", True), ("焊工", True), ("育婴员", True), ("养老护理员", True), ("保育师", True),
    ("家政服务员", True), ("中式烹调师", True), ("中式面点师", True), ("电子商务师", True),
    ("互联网营销师", True), ("健康管理师", True), ("美容师", True), ("美发师", True), ("保安员", True),
    ("汽车维修工", True), ("车工", True), ("茶艺师", True), ("评茶员", True), ("农艺工", True),
    ("低压电工作业证", False), ("焊接与热切割作业证", False), ("叉车司机证（N1）", False),
    ("机动车驾驶证（C1）", False), ("机动车驾驶证（B2）", False), ("食品经营从业人员健康证", False),
    ("导游证", False), ("会计专业技术资格（初级）", False),
)
CERT_INDEX = {name: i for i, (name, _) in enumerate(CERTIFICATES)}
CERT_LEVELED = dict(CERTIFICATES)
assert len(CERTIFICATES) <= 32
LEVEL_LABELS = {1: "一级/高级技师", 2: "二级/技师", 3: "三级/高级工", 4: "四级/中级工", 5: "五级/初级工"}

KEY_GROUPS = {
    "graduate": ("高校毕业生", "university graduate"),
    "difficulty": ("就业困难人员", "person with difficulty finding work"),
    "unemployed": ("登记失业人员", "registered unemployed"),
    "rural_migrant": ("农村转移劳动力", "rural migrant worker"),
    "veteran": ("退役军人", "veteran"),
    "disabled": ("残疾人", "person with a disability"),
}


def clean_skills(values: Any, field: str = "skills") -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [v for v in values.replace("，", ",").replace("、", ",").split(",")]
    if not isinstance(values, list | tuple):
        raise InputError(field, "技能应为列表", "skills must be a list")
    out: list[str] = []
    for v in values:
        v = str(v).strip()
        if not v:
            continue
        if v not in SKILL_BIT:
            raise InputError(field, f"不认识的技能“{v}”，请从列表中选择", f"unknown skill {v!r}; pick one from the list")
        if v not in out:
            out.append(v)
    if len(out) > 12:
        raise InputError(field, "技能最多12项", "at most 12 skills")
    return out


def clean_certificates(values: Any, field: str = "certificates") -> list[dict[str, Any]]:
    """``[{"name": "电工", "level": 4}, …]`` or lines ``电工:4``; level 1–5 for leveled ones, else None."""
    if values is None:
        return []
    if isinstance(values, str):
        items: list[Any] = []
        for part in values.replace("，", ",").replace("、", ",").split(","):
            part = part.strip()
            if part:
                name, _, level = part.replace("：", ":").partition(":")
                items.append({"name": name.strip(), "level": level.strip() or None})
        values = items
    if not isinstance(values, list | tuple):
        raise InputError(field, "证书应为列表", "certificates must be a list")
    out: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(values):
        if not isinstance(item, dict) or not item.get("name"):
            raise InputError(f"{field}[{i}]", "证书应写明名称", "a certificate needs a name")
        name = str(item["name"]).strip()
        if name not in CERT_INDEX:
            raise InputError(f"{field}[{i}]", f"不认识的证书“{name}”，请从列表中选择",
                             f"unknown certificate {name!r}; pick one from the list")
        level = item.get("level")
        if CERT_LEVELED[name]:
            try:
                level = int(level) if level not in (None, "") else 5
            except (TypeError, ValueError):
                raise InputError(f"{field}[{i}]", "证书等级应为1至5（一级最高）", "level must be 1–5 (1 highest)") from None
            if not 1 <= level <= 5:
                raise InputError(f"{field}[{i}]", "证书等级应为1至5（一级最高）", "level must be 1–5 (1 highest)")
        else:
            level = None
        out[name] = {"name": name, "level": level}
    return list(out.values())


def cert_label(cert: dict[str, Any]) -> str:
    level = cert.get("level")
    return f"{cert['name']}（{LEVEL_LABELS[level]}）" if level else cert["name"]


def cert_satisfied(have: list[dict[str, Any]], want: dict[str, Any]) -> bool:
    for c in have:
        if c["name"] == want["name"]:
            return want.get("level") is None or (c.get("level") is not None and c["level"] <= want["level"])
    return False
