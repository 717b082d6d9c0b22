"""The five source documents (../shared/seeds). Validity clauses are verbatim."""

from __future__ import annotations

from datetime import date

from ..engine.dsl import Document

ZJ_2022_46 = Document(
    id="zj_2022_46", number="浙人社发〔2022〕46号",
    title_zh="关于支持山区26县就业创业高质量发展的若干意见",
    title_en="Opinions on high-quality employment and entrepreneurship in the 26 mountain counties",
    issuer_zh="浙江省人力资源和社会保障厅 浙江省发展和改革委员会 浙江省财政厅", jurisdiction="330000",
    seed_file="000_c45b152b553ad143.txt",
    validity_clause="本意见自印发之日起施行，执行至 2025年 12月 31日。",
    issued_on=date(2022, 6, 24), in_force_from=date(2022, 6, 24), in_force_to=date(2025, 12, 31),
)

ZJ_2021_22 = Document(
    id="zj_2021_22", number="浙人社发〔2021〕22号",
    title_zh="关于进一步加强山区26县人力社保支撑促进跨越式高质量发展的若干意见",
    title_en="Opinions on HR and social-security support for the 26 mountain counties",
    issuer_zh="中共浙江省委组织部 浙江省人力资源和社会保障厅等7部门", jurisdiction="330000",
    seed_file="001_8c5f70d2aef6a4d8.txt",
    validity_clause="本意见从 2021 年 6 月 1 日起施行。",
    issued_on=date(2021, 5, 18), in_force_from=date(2021, 6, 1), in_force_to=None,
)

QUZHOU_2023_12 = Document(
    id="quzhou_2023_12", number="衢政发〔2023〕12号",
    title_zh="衢州市人民政府关于促进高质量就业创业加快打造四省边际中心城市和共同富裕示范区的若干意见",
    title_en="Quzhou: high-quality employment and entrepreneurship",
    issuer_zh="衢州市人民政府", jurisdiction="330800", seed_file="002_d0f24ec404c72b23.txt",
    validity_clause=("本意见自2023年5月4日起施行，涉及政策自2023年1月1日起执行，其中就业创业安居保障政策试行3年。"
                     "与我市现行政策有重复、交叉的，按照“从优、从高、不重复”原则执行。"),
    issued_on=date(2023, 5, 4), in_force_from=date(2023, 1, 1), in_force_to=None,
    notes=("Policies apply from 2023-01-01 although the document takes effect on 2023-05-04 "
           "(涉及政策自2023年1月1日起执行): in_force_from is 2023-01-01.",),
)

HZ_2022_DRAFT = Document(
    id="hz_2022_draft", number="杭州市推进共富型高质量就业的实施意见（征求意见稿）",
    title_zh="杭州市人民政府关于推进共富型高质量就业的实施意见（征求意见稿）",
    title_en="Hangzhou: implementing opinions on common-prosperity employment (consultation draft)",
    issuer_zh="杭州市人民政府", jurisdiction="330100", seed_file="003_438d9e14d25e1fb8.txt",
    validity_clause="本意见自 2022 年*月*日起施行。",
    draft=True, effective_param="hz_2022_draft.effective_date",
    overlap_switch="hz_2022_draft.readings.mountain_county_overlap",
    notes=("A consultation draft: its effective date is blank (2022年*月*日). It is the parameter "
           "hz_2022_draft.effective_date, unset until an administrator sets it; until then results are "
           "marked draft_no_date and indicative.",),
)

SX_2023_28 = Document(
    id="sx_2023_28", number="绍市人社发〔2023〕28号",
    title_zh="2023年绍兴市高质量就业创业促共富行动方案",
    title_en="Shaoxing 2023 action plan for high-quality employment and common prosperity",
    issuer_zh="绍兴市人力资源和社会保障局", jurisdiction="330600", seed_file="004_8e3852ff656cdcd7.txt",
    validity_clause="现将《2023年绍兴市高质量就业创业促共富行动方案》印发给你们，请认真贯彻落实。", issued_on=date(2023, 4, 18),
    in_force_from=date(2023, 1, 1), in_force_to=date(2023, 12, 31),
)

DOCUMENTS = {d.id: d for d in (ZJ_2022_46, ZJ_2021_22, QUZHOU_2023_12, HZ_2022_DRAFT, SX_2023_28)}
