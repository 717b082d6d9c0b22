"""Input models. Every field is optional: a missing fact is "not known", and the engine asks for
it only when it changes an outcome. Each field carries its labels and the question to ask, in
Chinese and English (``json_schema_extra``); :mod:`jiuye.facts.vars` turns them into rule facts.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import InputError


def fact(label_zh: str, label_en: str, q_zh: str, q_en: str, **kw: Any) -> Any:
    return Field(default=None, description=f"{label_zh} / {label_en}",
                 json_schema_extra={"label_zh": label_zh, "label_en": label_en,
                                    "question_zh": q_zh, "question_en": q_en}, **kw)


def _check_adcode(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    from ..refdata.divisions import require_division

    value = value.strip()
    require_division(value, field=field)  # raises InputError naming the field
    return value


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=False)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_unknown(cls, v: Any) -> Any:
        return None if v == "" else v


class Person(_Facts):
    """A person (自然人): identity, groups, employment, startup and claim facts."""

    person_id: str | None = Field(default=None, description="internal key for tables")
    id_number: str | None = fact("身份证号", "ID number", "请输入身份证号", "What is the ID number (身份证号)?")
    name: str | None = fact("姓名", "name", "姓名？", "Name?")
    birth_date: date | None = fact("出生日期", "birth date", "出生日期？", "Date of birth?")
    gender: Literal["M", "F"] | None = fact("性别", "gender", "性别（男/女）？", "Gender (M/F)?")
    female_category: Literal["worker", "cadre"] | None = fact(
        "女性退休类别", "female retirement category", "原法定退休年龄是50岁（工人）还是55岁（干部）？",
        "Was the original retirement age 50 (worker) or 55 (cadre)?")
    hukou_adcode: str | None = fact("户籍地区划代码", "household registration county", "户籍所在县（市、区）？",
                                    "County of household registration (hukou)?")
    residence_adcode: str | None = fact("常住地区划代码", "usual residence county", "常住县（市、区）？",
                                        "County of usual residence?")
    work_adcode: str | None = fact("就业地区划代码", "county of work", "在哪个县（市、区）就业或参保？",
                                   "In which county do you work or pay social insurance?")
    enrolled_student: bool | None = fact("在校大学生", "enrolled university student", "是否在校大学生？",
                                         "Are you an enrolled university student?")
    university_graduate: bool | None = fact("高校毕业生", "university graduate", "是否高校毕业生？",
                                            "Are you a university graduate?")
    graduation_date: date | None = fact("毕业日期", "graduation date", "毕业日期？", "Date of graduation?")
    registered_unemployed: bool | None = fact("登记失业", "registered unemployed", "目前是否登记失业？",
                                              "Are you registered as unemployed now?")
    unemployed_registered_on: date | None = fact(
        "连续登记失业起始日", "registered unemployed since", "本次连续登记失业从哪天开始？",
        "Since when have you been continuously registered as unemployed?")
    receiving_unemployment_insurance: bool | None = fact(
        "领取失业保险金", "receiving unemployment insurance", "是否正在领取失业保险金？",
        "Are you receiving unemployment insurance benefit?")
    difficulty_certified: bool | None = fact("就业困难人员", "person with employment difficulty (certified)",
                                             "是否经认定的就业困难人员？",
                                             "Are you a certified person with employment difficulty?")
    difficulty_certified_on: date | None = fact("就业困难认定日期", "difficulty certification date",
                                                "就业困难人员认定日期？", "When were you certified?")
    difficulty_first_subsidy_on: date | None = fact(
        "初次核定享受补贴日期", "first subsidy approval date", "初次核定享受社保/岗位补贴的日期？",
        "When was a social-insurance or post subsidy first approved for you?")
    difficulty_subsidy_exhausted: bool | None = fact(
        "补贴期限已满", "subsidy period exhausted", "社会保险补贴和岗位补贴期限是否已享受期满？",
        "Have you already used up the full social-insurance/post subsidy period?")
    original_urban_difficulty_2016: bool | None = fact(
        "2016年底前认定的原城镇就业困难人员", "certified as urban difficulty before 2017",
        "是否2016年12月31日前认定的原城镇就业困难人员？",
        "Were you certified as an urban person with employment difficulty before 2017-01-01?")
    disabled_certified: bool | None = fact("持证残疾人", "certified disabled", "是否持有残疾人证？",
                                           "Do you hold a disability certificate?")
    dibao_family: bool | None = fact("低保家庭成员", "minimum-living-allowance family", "是否低保家庭成员？",
                                     "Are you a member of a 低保 (minimum living allowance) family?")
    near_dibao_family: bool | None = fact("低边家庭成员", "near-allowance family", "是否低保边缘家庭成员？",
                                          "Are you a member of a near-allowance (低边) family?")
    zero_employment_household: bool | None = fact(
        "城镇零就业家庭", "urban zero-employment household", "是否城镇零就业家庭成员？",
        "Are you from an urban household where nobody is employed?")
    self_chosen_military_cadre: bool | None = fact(
        "自主择业军转干部", "self-chosen military cadre", "是否自主择业军队转业干部？",
        "Are you a demobilised officer who chose your own employment?")
    self_employed_veteran: bool | None = fact(
        "自主就业退役士兵", "self-employed veteran", "是否自主就业退役士兵？",
        "Are you a veteran who chose self-employment?")
    flexible_employed: bool | None = fact(
        "灵活就业并以灵活就业身份参保", "flexible employment, insured as such",
        "是否灵活就业，已办理灵活就业登记并以灵活就业人员身份缴纳社保？",
        "Are you in flexible employment, registered and paying social insurance as a flexible worker?")
    si_base_monthly_fen: int | None = fact("社保缴费基数（分/月）", "contribution base (fen/month)",
                                           "社会保险缴费基数（元/月）？", "Social insurance contribution base per month?",
                                           ge=0)
    si_paid_monthly_fen: int | None = fact("本人每月缴纳社保费（分）", "own contributions per month (fen)",
                                           "本人每月实际缴纳的社会保险费（元）？",
                                           "How much social insurance do you pay yourself per month?", ge=0)
    si_months: int | None = fact("已连续缴纳社保月数", "months of contributions",
                                 "创业后已依法连续缴纳社会保险费多少个月？",
                                 "How many months of social insurance have you paid since starting up?", ge=0)
    first_startup: bool | None = fact("初次创业", "first startup", "这是否您第一次创业（初次创办企业或个体工商户）？",
                                      "Is this your first business?")
    prior_startup_support: bool | None = fact(
        "曾享受创业扶持政策", "received startup support before", "以前是否享受过创业扶持政策？",
        "Have you received startup support before?")
    public_welfare_post: Literal["none", "full_time", "part_time"] | None = fact(
        "公益性岗位", "public-welfare post", "是否在公益性岗位就业（全日制/非全日制/否）？",
        "Are you employed in a public-welfare post (full-time / part-time / no)?")
    loan_amount_fen: int | None = fact("贷款金额（分）", "loan amount (fen)", "申请的创业担保贷款金额（元）？",
                                       "Amount of the guaranteed startup loan?", ge=0)
    loan_rate_bp: int | None = fact("合同利率（基点）", "contract rate (bp)", "贷款合同年利率（%）？",
                                    "Annual interest rate in the loan contract (%)?", ge=0)
    loan_contract_date: date | None = fact("贷款合同日期", "loan contract date", "贷款合同签订日期？",
                                           "Date of the loan contract?")
    loan_term_months: int | None = fact("贷款期限（月）", "loan term (months)", "贷款期限（月）？",
                                        "Loan term in months?", ge=0)
    in_accompaniment_space: bool | None = fact(
        "入驻创业陪跑空间", "inside a startup accompaniment space", "经营实体是否入驻创业陪跑空间？",
        "Is the business inside a startup accompaniment space (创业陪跑空间)?")
    rented_area_m2: int | None = fact("租赁面积（平方米）", "rented area (m²)", "经营场地租赁面积（平方米）？",
                                      "Rented floor area in m²?", ge=0)
    rent_daily_per_m2_fen: int | None = fact("租金（分/平方米·天）", "rent (fen per m² per day)",
                                             "实际租金（元/平方米·天）？", "Actual rent per m² per day?", ge=0)
    lease_start: date | None = fact("租赁起始日", "lease start", "租赁开始日期？", "When did the lease start?")
    certificate_kind: Literal["vocational", "special_ability"] | None = fact(
        "证书类别", "certificate kind", "取得的是职业资格/职业技能等级证书，还是专项职业能力证书？",
        "Is the certificate a vocational qualification/skill level certificate or a special-ability one?")
    certificate_level: int | None = fact("证书等级", "certificate level", "证书等级（一级至五级）？",
                                         "Certificate level (1 = highest, 5 = lowest)?", ge=1, le=5)
    certificate_occupation: str | None = fact("证书职业（工种）", "occupation", "证书的职业（工种）或项目？",
                                              "Occupation (trade) or project of the certificate?")
    certificate_no: str | None = fact("证书编号", "certificate number", "证书编号？", "Certificate number?")
    certificate_on: date | None = fact("取证日期", "certificate date", "取得证书日期？", "Date of the certificate?")
    trained_at_designated: bool | None = fact(
        "在定点机构培训", "trained at a designated institution", "是否在定点培训机构参加培训？",
        "Did you train at a designated (定点) institution?")

    # --- facts added for 浙人社发〔2022〕46号 / 〔2021〕22号 / 衢政发〔2023〕12号 (issue 3) ---

    # --- facts added for the Hangzhou draft (issue 3) ---

    @model_validator(mode="after")
    def _derive_from_id(self) -> Person:
        from ..ids import validate_id_number

        if self.id_number:
            info = validate_id_number(self.id_number, field="person.id_number")
            if self.birth_date is not None and self.birth_date != info.birth_date:
                raise ValueError("birth_date does not match the ID number / 出生日期与身份证号不符")
            if self.gender is not None and self.gender != info.gender:
                raise ValueError("gender does not match the ID number / 性别与身份证号不符")
            self.id_number = info.number
            self.birth_date = info.birth_date
            self.gender = info.gender  # type: ignore[assignment]
        for f in ("hukou_adcode", "residence_adcode", "work_adcode"):
            _check_adcode(getattr(self, f), f"person.{f}")
        return self


class Enterprise(_Facts):
    """An enterprise or individual business (企业 / 个体工商户); founder facts live on the Person."""

    enterprise_id: str | None = Field(default=None, description="internal key for tables")
    uscc: str | None = fact("统一社会信用代码", "unified social credit code", "统一社会信用代码？",
                            "Unified social credit code?")
    name: str | None = fact("名称", "name", "企业名称？", "Name of the enterprise?")
    adcode: str | None = fact("注册地区划代码", "county of registration", "经营主体注册在哪个县（市、区）？",
                              "In which county is the business registered?")
    kind: Literal["company", "individual"] | None = fact("主体类型", "kind", "企业还是个体工商户？",
                                                          "Company or individual business (个体工商户)?")
    size: Literal["micro", "small", "medium", "large"] | None = fact(
        "企业规模", "size", "企业规模（微型/小型/中型/大型）？", "Enterprise size (micro/small/medium/large)?")
    ownership: Literal["public", "non_public"] | None = fact("所有制", "ownership", "是否非公企业？",
                                                              "Public or non-public enterprise?")
    registered_on: date | None = fact("注册日期", "registration date", "注册（成立）日期？",
                                      "Date of registration?")
    operating_normally: bool | None = fact("正常经营", "operating normally", "目前是否正常经营？",
                                           "Is the business operating normally?")
    ecommerce: bool | None = fact("电子商务", "e-commerce", "是否从事电子商务？", "Is it an e-commerce business?")
    leading_industry: bool | None = fact("县主导产业", "county's leading industry",
                                         "是否属于所在山区县确定的主导产业？",
                                         "Is it in the county's designated leading industry?")
    insured_hires_12m: int | None = fact(
        "带动就业并参保满1年人数", "hires insured ≥ 1 year", "吸纳就业并已为其依法缴纳社会保险费1年以上的人数？",
        "How many people have you hired and insured for at least one year?", ge=0)
    key_group_hires: int | None = fact(
        "吸纳重点人群和登记失业半年以内人员人数", "key-group hires",
        "企业吸纳重点人群和登记失业半年以内人员就业的总人数？",
        "How many key-group or recently registered unemployed people do you employ?", ge=0)
    loan_amount_fen: int | None = fact("企业贷款金额（分）", "enterprise loan amount (fen)",
                                       "企业申请的创业担保贷款金额（元）？", "Amount of the enterprise's guaranteed loan?", ge=0)
    loan_rate_bp: int | None = fact("企业贷款合同利率（基点）", "enterprise loan rate (bp)", "企业贷款合同年利率（%）？",
                                    "Annual interest rate of the enterprise loan (%)?", ge=0)
    loan_contract_date: date | None = fact("企业贷款合同日期", "enterprise loan contract date", "企业贷款合同签订日期？",
                                           "Date of the enterprise loan contract?")
    in_startup_base: bool | None = fact("入驻符合条件的创业基地", "in a qualifying startup base",
                                        "是否入驻符合条件的创业基地？", "Is the firm in a qualifying startup base?")

    # --- facts added for 浙人社发〔2022〕46号 / 〔2021〕22号 / 衢政发〔2023〕12号 (issue 3) ---

    # --- facts added for the Hangzhou draft (issue 3) ---

    @model_validator(mode="after")
    def _check(self) -> Enterprise:
        from ..ids import validate_uscc

        if self.uscc:
            self.uscc = validate_uscc(self.uscc, field="enterprise.uscc").code
        _check_adcode(self.adcode, "enterprise.adcode")
        return self


class Organisation(_Facts):
    """A service organisation: HR agency, internship base, startup space, training body."""

    organisation_id: str | None = None
    uscc: str | None = fact("统一社会信用代码", "unified social credit code", "统一社会信用代码？",
                            "Unified social credit code?")
    name: str | None = fact("名称", "name", "机构名称？", "Name?")
    adcode: str | None = fact("所在地区划代码", "county", "机构所在县（市、区）？", "County?")
    kind: Literal["hr_agency", "internship_base", "accompaniment_space", "incubation_base",
                  "training_body", "school", "community", "other"] | None = fact(
        "机构类型", "kind", "机构类型？", "Kind of organisation?")

    # --- facts added for 浙人社发〔2022〕46号 / 〔2021〕22号 / 衢政发〔2023〕12号 (issue 3) ---

    # --- facts added for the Hangzhou draft (issue 3) ---

    @model_validator(mode="after")
    def _check(self) -> Organisation:
        from ..ids import validate_uscc

        if self.uscc:
            self.uscc = validate_uscc(self.uscc, field="organisation.uscc").code
        _check_adcode(self.adcode, "organisation.adcode")
        return self


class BenefitRecord(BaseModel):
    """A benefit already received (history), used for caps and "never twice" rules."""

    model_config = ConfigDict(extra="forbid")
    provision_id: str
    granted_on: date
    amount_fen: int | None = Field(default=None, ge=0)
    period_start: date | None = None
    period_end: date | None = None
    claimant: Literal["self", "employer"] = "self"
    occupation: str | None = None
    level: int | None = Field(default=None, ge=0, le=5, description="1–5; 0 = 专项职业能力 (no level)")
    certificate_no: str | None = None
    loan_term_months: int | None = Field(default=None, ge=0)


class Case(BaseModel):
    """What the engine evaluates: the subject's facts and benefit history."""

    model_config = ConfigDict(extra="forbid")
    person: Person | None = None
    enterprise: Enterprise | None = None
    organisation: Organisation | None = None
    history: list[BenefitRecord] = Field(default_factory=list)

    @classmethod
    def parse(cls, data: Any) -> Case:
        """Validate raw data; raise :class:`InputError` naming the first bad field (zh + en)."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise input_error_from(exc) from None


def input_error_from(exc: ValidationError) -> InputError:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "case"
    msg = str(err.get("msg", "invalid"))
    ctx_err = (err.get("ctx") or {}).get("error")
    if ctx_err is not None and hasattr(ctx_err, "message_zh"):
        return InputError(getattr(ctx_err, "field", field), ctx_err.message_zh, ctx_err.message_en)
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    zh = _ZH.get(err["type"], "输入无效")
    return InputError(field, f"{zh}：{msg}" if " / " not in msg else msg, msg)


_ZH = {
    "missing": "缺少必填项", "extra_forbidden": "不认识的字段", "date_from_datetime_parsing": "日期格式无效",
    "date_parsing": "日期格式无效", "int_parsing": "应为整数", "bool_parsing": "应为是/否",
    "literal_error": "取值不在允许范围内", "greater_than_equal": "数值过小", "less_than_equal": "数值过大",
    "string_type": "应为文本", "int_type": "应为整数", "date_type": "应为日期",
}
