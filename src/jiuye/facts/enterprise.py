"""Input facts about an enterprise: core fields, then those added per document (issue 3).

A linear chain of classes keeps field (and question) order: core, provincial and Quzhou, Hangzhou.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from .base import Facts, check_adcode, fact


class _EnterpriseCore(Facts):
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


class _EnterpriseProvincial(_EnterpriseCore):
    """Facts added for 浙人社发〔2022〕46号 / 〔2021〕22号 / 衢政发〔2023〕12号."""

    postdoc_workstation: bool | None = fact("设立博士后工作站", "has set up a postdoctoral workstation",
                                            "是否已设立博士后工作站？", "Has the firm set up a postdoctoral workstation?")
    attends_provincial_job_fair: bool | None = fact(
        "参加省级部门现场招聘会", "attends a provincial on-site job fair",
        "是否参加省级部门举办的现场招聘会？", "Does the firm take part in an on-site job fair held by a provincial department?")
    attends_provincial_talent_event: bool | None = fact(
        "参加省人才市场引才活动", "attends a provincial talent-market event",
        "是否参加省人才市场组织的引才活动？", "Does the firm take part in a recruitment event of the provincial talent market?")
    disabled_over_quota: int | None = fact(
        "超比例安排残疾人就业人数", "disabled employees above the quota",
        "超过规定比例安排残疾人就业的人数？", "How many disabled employees do you employ above the statutory quota?", ge=0)
    employees_on_maternity_leave: int | None = fact(
        "产假期间女职工人数", "employees on maternity leave", "目前有几名女职工在产假期间？",
        "How many of your employees are on maternity leave?", ge=0)
    guarantee_requested_fen: int | None = fact(
        "申请的政府性融资担保金额（分）", "government financing guarantee requested (fen)",
        "申请的政府性融资担保金额（元）？", "How much government financing guarantee do you apply for?", ge=0)
    startup_entity_recognised: bool | None = fact(
        "符合条件的初创实体", "qualifying start-up entity", "是否经认定符合条件的初创实体？",
        "Is the firm a qualifying start-up entity?")


class _EnterpriseHangzhou(_EnterpriseProvincial):
    """Facts added for the Hangzhou draft."""

    three_types_sector: Literal["elderly_care", "housekeeping", "modern_agriculture", "none"] | None = fact(
        "三类企业行业", "three-types sector", "是否经行业主管部门认定的养老、家政服务或现代农业企业（是哪一类）？",
        "Is the firm recognised by its sector authority as elderly-care, housekeeping or modern-agriculture (which)?")
    employee_model_housekeeping: bool | None = fact(
        "员工制家政服务企业", "employee-model housekeeping firm", "是否独立核算的员工制家政服务企业？",
        "Is it an independently accounted employee-model housekeeping enterprise?")
    organises_skill_training: bool | None = fact(
        "组织开展技能培训或自主评价", "organises skills training or self-assessment",
        "是否组织开展岗前技能培训、岗位技能提升培训或企业技能人才自主评价？",
        "Does the firm run pre-job or upskilling training, or its own skills assessment?")
    new_apprenticeship: bool | None = fact("开展新型学徒制培训", "runs the new apprenticeship", "是否开展新型学徒制培训？",
                                           "Does the firm run new-apprenticeship training?")
    conducts_skill_level_assessment: bool | None = fact(
        "开展职业技能等级认定", "runs skill-level assessment", "是否开展职业技能等级认定？",
        "Does the firm carry out skill-level assessment (职业技能等级认定)?")
    disabled_employees: int | None = fact("安排残疾人就业人数", "disabled employees", "安排残疾人就业的人数？",
                                          "How many disabled people does the firm employ?", ge=0)
    disabled_quota_required: int | None = fact(
        "按比例应安排残疾人数", "disabled employees required by the quota", "按规定比例应安排残疾人就业的人数？",
        "How many disabled employees does the quota require of the firm?", ge=0)
    monitoring_enterprise: bool | None = fact("用工和失业动态监测企业", "employment monitoring enterprise",
                                              "是否企业用工和失业动态监测企业？",
                                              "Is the firm an employment and unemployment monitoring enterprise?")
    monitoring_reports: int | None = fact("本年度提供监测数据次数", "monitoring reports this year",
                                          "本年度提供监测服务（报送数据）的次数？",
                                          "How many monitoring reports has the firm provided this year?", ge=0)


class Enterprise(_EnterpriseHangzhou):
    """The validated enterprise facts."""

    @model_validator(mode="after")
    def _check(self) -> Enterprise:
        from ..ids import validate_uscc

        if self.uscc:
            self.uscc = validate_uscc(self.uscc, field="enterprise.uscc").code
        check_adcode(self.adcode, "enterprise.adcode")
        return self
