"""Input facts about an organisation: core fields, then those added per document (issue 3).

A linear chain of classes keeps field (and question) order: core, provincial and Quzhou, Hangzhou.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from .base import Facts, check_adcode, fact


class _OrganisationCore(Facts):
    """A service organisation: HR agency, internship base, startup space, training body."""

    organisation_id: str | None = None
    uscc: str | None = fact("统一社会信用代码", "unified social credit code", "统一社会信用代码？",
                            "Unified social credit code?")
    name: str | None = fact("名称", "name", "机构名称？", "Name?")
    adcode: str | None = fact("所在地区划代码", "county", "机构所在县（市、区）？", "County?")
    kind: Literal["hr_agency", "internship_base", "accompaniment_space", "incubation_base",
                  "training_body", "school", "community", "other"] | None = fact(
        "机构类型", "kind", "机构类型？", "Kind of organisation?")


class _OrganisationProvincial(_OrganisationCore):
    """Facts added for 浙人社发〔2022〕46号 / 〔2021〕22号 / 衢政发〔2023〕12号."""

    labour_brand_level: Literal["provincial", "city", "county"] | None = fact(
        "劳务品牌认定级别", "level of the labour brand", "劳务品牌被认定为省级、市级还是县级？",
        "At which level was the labour brand recognised (provincial, city, county)?")
    technical_school: bool | None = fact("技工院校", "technical school", "是否技工院校？", "Is it a technical school?")
    newly_established: bool | None = fact("新建", "newly established", "是否新建？", "Is it newly established?")
    students_enrolled: int | None = fact("在校生人数", "students enrolled", "在校生人数？",
                                         "How many students are enrolled?", ge=0)
    education_training_unit: bool | None = fact(
        "从事教育培训的企事业单位", "enterprise or institution engaged in education and training",
        "是否从事教育培训的企事业单位？", "Is it an enterprise or institution engaged in education and training?")
    training_evaluation_years: int | None = fact(
        "连续培训评价经历（年）", "years of continuous training-evaluation experience",
        "连续从事相关职业培训评价多少年？", "For how many consecutive years has it trained and evaluated?", ge=0)
    training_evaluation_person_times: int | None = fact(
        "累计培训评价规模（人次）", "person-times trained and evaluated", "累计培训评价多少人次？",
        "How many person-times has it trained and evaluated in all?", ge=0)
    min_occupation_person_times: int | None = fact(
        "各职业（工种）最少培训评价人次", "smallest person-times of any occupation",
        "申报的各职业（工种）中，培训评价人次最少的是多少？",
        "Of the occupations applied for, how many person-times has the smallest one?", ge=0)
    population: int | None = fact("社区（村）人口", "population", "社区（村）有多少人？",
                                  "How many people live in the community (village)?", ge=0)
    employment_staff_full_time: int | None = fact(
        "专职就业社保工作人员数", "full-time employment and social-security staff",
        "配备了几名专职就业和社会保障工作人员？", "How many full-time employment and social-security staff?", ge=0)
    provides_purchased_services: bool | None = fact(
        "承接政府购买就业创业服务", "provides services bought by the government",
        "是否承接政府购买的就业创业服务？", "Does it provide employment and startup services bought by the government?")
    township_or_street: bool | None = fact("乡镇（街道）", "township or street office", "是否乡镇（街道）？",
                                           "Is it a township or street office?")
    labour_security_officers: int | None = fact(
        "劳动保障专员人数", "labour-security officers", "配备了几名劳动保障专员？",
        "How many labour-security officers does it have?", ge=0)
    temporary_employment_recruitment: bool | None = fact(
        "以劳务派遣等临时用工方式招引", "recruits by labour dispatch or other temporary employment",
        "是否以劳务派遣等临时用工方式招引市外员工？",
        "Does it recruit out-of-city workers by labour dispatch or other temporary employment?")
    out_of_city_recruits_insured: int | None = fact(
        "招引并参保的市外员工人数（本月）", "out-of-city recruits insured (this month)",
        "本月招引来衢、已缴纳社会保险费且在6个月补贴期内的市外员工有多少人？",
        "How many out-of-city recruits, insured and within their 6 subsidised months, this month?", ge=0)
    private_school: bool | None = fact("民营学校", "private school", "是否民营学校？", "Is it a private school?")
    organises_graduates_to_quzhou: bool | None = fact(
        "组织毕业生来衢就业", "organises graduates to work in Quzhou", "是否组织毕业生来衢就业？",
        "Does it organise its graduates to work in Quzhou?")
    village_collective: bool | None = fact("村集体", "village collective", "是否村集体？", "Is it a village collective?")
    organises_villagers_to_quzhou: bool | None = fact(
        "组织村民来衢就业", "organises villagers to work in Quzhou", "是否组织村民来衢就业？",
        "Does it organise villagers to work in Quzhou?")
    startup_growth_park: bool | None = fact("创业成长型园区", "startup growth park", "是否创业成长型园区？",
                                            "Is it a startup growth park?")
    high_quality_employment_community: bool | None = fact(
        "高质量就业社区（村）成效显著", "high-quality employment community with marked results",
        "是否经认定为高质量就业社区（村）建设成效显著？",
        "Was it recognised as a high-quality employment community (village) with marked results?")
    youth_friendly_unit: bool | None = fact(
        "青年发展型城市友好单元达标", "youth-friendly unit meeting the standard",
        "是否创建“十类百个”青年发展型城市友好单元并达标？", "Was it created as a youth-friendly unit meeting the standard?")
    talent_apartment_residents: int | None = fact(
        "人才公寓入住人数", "talent apartment residents", "人才公寓入住多少人？",
        "How many people live in the talent apartment?", ge=0)
    culture_sports_facilities: bool | None = fact(
        "配建文体设施", "has cultural and sports facilities", "是否配建文化广角、运动场所等文体设施？",
        "Does it have cultural and sports facilities?")


class _OrganisationHangzhou(_OrganisationProvincial):
    """Facts added for the Hangzhou draft."""

    host_subsidy_tier: Literal["lower", "higher"] | None = fact(
        "陪跑空间主办方补贴档次", "host subsidy tier", "创业陪跑空间经评定的主办方补贴档次（5万元档/10万元档）？",
        "Host subsidy tier assigned to the accompaniment space (¥50,000 / ¥100,000)?")
    operates_gov_incubation_base: bool | None = fact(
        "第三方运营政府主办孵化基地", "third party running a government incubation base",
        "是否受引入运营政府主办创业孵化基地的第三方机构？",
        "Is the organisation a third party brought in to run a government incubation base?")
    municipal_incubation_demo_base: bool | None = fact(
        "市级创业孵化示范基地", "municipal incubation demonstration base", "是否被认定为市级创业孵化示范基地？",
        "Was it recognised as a municipal startup incubation demonstration base?")
    startup_loan_role: Literal["handling_bank", "guarantor", "none"] | None = fact(
        "创业担保贷款角色", "role in guaranteed loans", "在创业担保贷款中是经办银行、受托担保机构，还是都不是？",
        "Is it a handling bank, an entrusted guarantor, or neither for startup guaranteed loans?")
    municipal_internship_demo_base: bool | None = fact(
        "市级就业见习示范基地", "municipal internship demonstration base", "是否被认定为市级就业见习示范基地？",
        "Was it recognised as a municipal internship demonstration base?")
    pays_intern_allowance: bool | None = fact("按规定发放见习生活补助", "pays interns' living allowance",
                                              "是否按规定向见习学员发放生活补助？",
                                              "Does the base pay its interns a living allowance as required?")
    interns_count: int | None = fact("本月见习学员人数", "interns this month", "本月在岗见习学员人数？",
                                     "How many interns does the base have this month?", ge=0)
    internship_evaluation_passed: bool | None = fact("见习基地年度评估合格", "passed the annual evaluation",
                                                     "见习基地年度评估是否合格？",
                                                     "Did the internship base pass its annual evaluation?")
    interns_completed: int | None = fact("见习期满人数", "interns who completed", "本年度见习期满的学员人数？",
                                         "How many interns completed their internship this year?", ge=0)
    interns_retained: int | None = fact("留用见习学员人数", "interns retained", "见习期满后被正式录（聘）用的学员人数？",
                                        "How many interns were formally hired after the internship?", ge=0)
    retained_intern_pension_fen: int | None = fact(
        "为留用学员补缴见习期养老保险单位部分（分）", "back-paid pension, employer part (fen)",
        "为留用学员补缴见习期间养老保险费中单位缴纳部分的金额（元）？",
        "Employer part of the pension contributions back-paid for the internship period of retained interns?", ge=0)
    fulltime_university: bool | None = fact("全日制普通高校", "full-time regular university", "是否全日制普通高校？",
                                            "Is it a full-time regular university?")
    yrd_double_first_class: bool | None = fact(
        "长三角双一流高校", "double first-class university in the Yangtze River Delta",
        "是否长三角区域内的双一流全日制普通高校？",
        "Is it a double first-class full-time university in the Yangtze River Delta?")
    new_guidance_station: bool | None = fact(
        "新建大学生就业创业指导站", "new student employment guidance station", "是否在杭新建大学生就业创业指导站？",
        "Has it newly set up a student employment and startup guidance station (in Hangzhou)?")
    social_organisation: bool | None = fact("社会组织", "social organisation",
                                            "是否社会组织（社会团体、基金会、民办非企业单位）？",
                                            "Is it a social organisation (association, foundation, private non-enterprise)?")
    employee_model_housekeeping: bool | None = fact(
        "员工制家政服务民办非企业", "employee-model housekeeping (non-enterprise)",
        "是否独立核算的员工制家政服务民办非企业单位？",
        "Is it an independently accounted private non-enterprise unit running employee-model housekeeping?")
    public_training_sub_base: bool | None = fact(
        "承担公共实训职能的实训基地分基地", "public training sub-base", "是否新认定的承担公共实训职能的实训基地分基地？",
        "Is it a newly recognised training sub-base performing public training functions?")
    training_person_days: int | None = fact("技能实训人天数", "training person-days", "承担技能实训的人天数？",
                                            "Person-days of skills training delivered?", ge=0)
    competition_person_days: int | None = fact("技能竞赛人天数", "competition person-days", "承担技能竞赛的人天数？",
                                               "Person-days of skills competitions hosted?", ge=0)
    vocational_college: bool | None = fact("职业院校", "vocational college", "是否职业院校？",
                                           "Is it a vocational college?")
    social_training_person_times: int | None = fact("社会培训人次", "social training person-times",
                                                    "本年度开展社会培训的人次？",
                                                    "Person-times of social training this year?", ge=0)
    competition_organiser: bool | None = fact("职业技能竞赛组织单位", "skills competition organiser",
                                              "是否职业技能竞赛组织单位？", "Does it organise a skills competition?")
    competition_certified_junior: int | None = fact(
        "竞赛取证人数（初级、中级）", "competitors certified (junior, intermediate)",
        "竞赛中取得初级、中级（五级、四级）证书的人数？", "Competitors who obtained a level 5 or 4 certificate?", ge=0)
    competition_certified_senior: int | None = fact(
        "竞赛取证人数（高级及以上）", "competitors certified (senior and above)",
        "竞赛中取得高级及以上（三级至一级）证书的人数？", "Competitors who obtained a level 3, 2 or 1 certificate?", ge=0)
    brand_training_institution: bool | None = fact("市职业技能品牌培训机构", "municipal brand training institution",
                                                   "是否被评选为市职业技能品牌培训机构？",
                                                   "Was it selected as a municipal brand skills-training institution?")
    brand_training_projects: int | None = fact("市品牌培训项目数", "municipal brand training projects",
                                               "被评选为市品牌培训项目的项目数？",
                                               "How many of its projects were selected as municipal brand projects?", ge=0)
    municipal_master_studio: bool | None = fact("市级技能大师工作室", "municipal master craftsman studio",
                                                "是否市级技能大师工作室？", "Is it a municipal master craftsman studio?")
    master_studio_newly_recognised: bool | None = fact(
        "新认定的市级技能大师工作室", "newly recognised master studio", "是否新认定的市级技能大师工作室？",
        "Is it a newly recognised municipal master craftsman studio?")
    master_studio_rated_excellent: bool | None = fact(
        "考核优秀的市技能大师工作室", "master studio rated excellent", "是否考核为优秀的市技能大师工作室？",
        "Was the municipal master craftsman studio rated excellent?")
    private_hr_agency: bool | None = fact("民办人力资源服务机构", "private HR service agency",
                                          "是否民办人力资源服务机构？", "Is it a private HR service agency?")
    placed_flexible_workers: int | None = fact(
        "帮助灵活就业人员稳定就业人数", "flexible workers placed",
        "帮助灵活就业人员在杭州市企业稳定就业并连续缴纳社保3个月以上的人数？",
        "How many flexible workers did it place in Hangzhou firms, insured 3 months or more in a row?", ge=0)
    placement_subsidy_received_fen: int | None = fact(
        "本年度已领就业创业服务补贴（分）", "service subsidy already received this year (fen)",
        "本年度已领取的就业创业服务补贴（元）？", "Employment service subsidy already received this year?", ge=0)
    quality_employment_community: Literal["municipal", "county", "none"] | None = fact(
        "高质量就业社区（村）", "high-quality employment community", "是否被认定为高质量就业社区（村）（市级/区县级/否）？",
        "Was it recognised as a high-quality employment community (municipal / district-county / no)?")


class Organisation(_OrganisationHangzhou):
    """The validated organisation facts."""

    @model_validator(mode="after")
    def _check(self) -> Organisation:
        from ..ids import validate_uscc

        if self.uscc:
            self.uscc = validate_uscc(self.uscc, field="organisation.uscc").code
        check_adcode(self.adcode, "organisation.adcode")
        return self
