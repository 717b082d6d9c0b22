"""Input facts about a person: core fields, then those added per document (issue 3).

A linear chain of classes keeps field (and question) order: core, provincial and Quzhou, Hangzhou.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from .base import Facts, check_adcode, fact, outside_zhejiang


class _PersonCore(Facts):
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


class _PersonProvincial(_PersonCore):
    """Facts added for 浙人社发〔2022〕46号 / 〔2021〕22号 / 衢政发〔2023〕12号."""

    employer_ownership: Literal["private", "other_non_public", "public"] | None = fact(
        "用人单位所有制", "employer's ownership",
        "用人单位是民营企业、其他非公企业（外资、港澳台资等），还是国有企业、机关事业单位等公有单位？",
        "Is your employer a private (民营) firm, another non-public firm (foreign, HK/Macao/Taiwan) or public?")
    employer_size: Literal["micro", "small", "medium", "large"] | None = fact(
        "用人单位规模", "employer's size", "用人单位规模（微型/小型/中型/大型）？",
        "Size of your employer (micro/small/medium/large)?")
    hired_on: date | None = fact("入职现单位日期", "hired on", "哪一天入职现在的单位？",
                                 "When did you start at your current employer?")
    employee_si_months: int | None = fact(
        "在现单位参保月数", "months insured by the current employer",
        "现单位已为您依法缴纳社会保险费多少个月？",
        "For how many months has your current employer paid your social insurance?", ge=0)
    currently_insured: bool | None = fact("目前在参保", "currently insured", "目前是否正在参保缴费？",
                                          "Is your social insurance being paid now?")
    first_job_in_quzhou: bool | None = fact(
        "首次到衢就业", "first job in Quzhou", "现在的工作是否您第一次到衢州就业？",
        "Is this your first job in Quzhou?")
    came_from_outside_city: bool | None = fact(
        "市外来衢就业", "came to Quzhou from outside the city", "您是否从衢州市外来衢就业？",
        "Did you come to work in Quzhou from outside the city?")
    postdoc_left_station_on: date | None = fact(
        "博士后出站日期", "left the postdoctoral station on", "博士后出站日期？",
        "When did you leave the postdoctoral station?")
    postdoc_non_serving: bool | None = fact(
        "非在职博士后研究人员", "non-serving postdoctoral researcher",
        "您在站期间是否为非在职博士后研究人员（不是由原工作单位派出在职做博士后）？",
        "Were you a non-serving postdoc (not seconded by an employer) during the station?")
    first_job_after_postdoc: bool | None = fact(
        "出站后首次就业", "first job after the station", "现在的工作是否出站后首次就业？",
        "Is your current job your first after leaving the station?")
    startup_mentor: bool | None = fact("创业导师", "startup mentor", "您是否入库的创业导师？",
                                       "Are you a startup mentor on the official roster?")
    mentor_served: bool | None = fact(
        "提供了创业服务", "provided startup services", "本年度是否为创业者提供了创业服务？",
        "Have you provided startup services to entrepreneurs this year?")
    provincial_talent_programme: bool | None = fact(
        "省级人才工程入选人员", "selected for a provincial talent programme", "是否省级人才工程入选人员？",
        "Were you selected for a provincial talent programme?")
    mountain_services_in_cycle: int | None = fact(
        "本培养周期服务山区县次数", "mountain-county service activities this cycle",
        "本培养周期内参加服务山区县活动多少次？",
        "How many mountain-county service activities have you taken part in this cultivation cycle?", ge=0)
    enclave_talent: bool | None = fact("“飞地”人才", "enclave talent", "您是否山区县人才“飞地”的人才？",
                                       "Do you work in a mountain county's talent enclave (飞地)?")
    enclave_home_adcode: str | None = fact(
        "“飞地”所属山区县", "county the enclave belongs to", "该人才“飞地”由哪个县（市、区）建设（飞出地）？",
        "Which county built the talent enclave?")
    enclave_recognised: bool | None = fact(
        "经“飞入地”认定", "recognised by the host place", "是否已经“飞入地”认定为“飞地”人才？",
        "Has the host place (飞入地) recognised you as enclave talent?")
    pwp_monthly_pay_fen: int | None = fact(
        "全日制公益性岗位月劳动报酬（分）", "full-time public-welfare post pay (fen/month)",
        "全日制公益性岗位每月劳动报酬（元）？", "Monthly pay in the full-time public-welfare post?", ge=0)
    pwp_hourly_pay_fen: int | None = fact(
        "非全日制公益性岗位小时劳动报酬（分）", "part-time public-welfare post pay (fen/hour)",
        "非全日制公益性岗位每小时劳动报酬（元）？", "Hourly pay in the part-time public-welfare post?", ge=0)
    pwp_expired_still_unemployed: bool | None = fact(
        "公益性岗位政策期满仍未就业", "post period over, still without work",
        "公益性岗位政策享受期满后，是否仍难以实现就业？",
        "Has your public-welfare post period ended while you still cannot find work?")
    child_first_enrolled_on: date | None = fact(
        "子女初次在衢入学日期", "child first enrolled in Quzhou on",
        "子女初次在衢州学校入读学前或义务教育阶段的日期？",
        "When did your child first enrol in a Quzhou pre-school or compulsory-education school?")
    family_members_in_quzhou: int | None = fact(
        "在衢家庭人口", "family members in Quzhou", "在衢州的家庭人口有几人？",
        "How many members of your family live in Quzhou?", ge=0)
    university_kind: Literal["quzhou", "in_quzhou", "partner", "other"] | None = fact(
        "毕业高校类别", "kind of university graduated from",
        "毕业于衢州高校（衢州学院、衢州职业技术学院、衢州市技师学院）、在衢高校（浙大衢州“两院”、电子科大长三角研究院）、"
        "与衢州建立合作关系的市外高校，还是其他高校？",
        "Did you graduate from a Quzhou university, a university institute in Quzhou, a partner university "
        "outside Quzhou, or another university?")
    rural_transfer_worker: bool | None = fact(
        "农村转移劳动力", "rural labour moving to work", "是否农村转移劳动力（农村转移人口）？",
        "Are you rural labour moving to non-farm work?")
    employed: bool | None = fact("在职就业", "employed", "目前是否在职就业（含返聘）？",
                                 "Are you employed now (including re-hired after retirement)?")
    retired_rehired: bool | None = fact("退休返聘", "retired and re-hired", "是否企业退休后返聘人员？",
                                        "Are you retired and re-hired by an employer?")
    no_home_in_quzhou: bool | None = fact("购房前在衢无房", "no home in Quzhou before buying",
                                          "购房前您在衢州是否无房？",
                                          "Did you own no home in Quzhou before this purchase?")
    home_purchased_on: date | None = fact("在衢购房日期", "home bought in Quzhou on", "在衢州购房的日期（合同备案日期）？",
                                          "When did you buy the home in Quzhou?")
    employer_hf_monthly_fen: int | None = fact(
        "住房公积金单位缴存额（分/月）", "employer's housing-fund contribution (fen/month)",
        "住房公积金企业（单位）缴存部分每月多少元？",
        "How much does your employer pay into your housing fund each month?", ge=0)
    hf_months_quzhou: int | None = fact(
        "在衢缴存住房公积金月数", "months of housing-fund contributions in Quzhou",
        "在衢州已缴存住房公积金多少个月？", "For how many months have you paid into the housing fund in Quzhou?", ge=0)
    employer_prepaid_rent_fen: int | None = fact(
        "企业提前支付的租房补贴（分）", "rent subsidy prepaid by the employer (fen)",
        "非公企业提前支付给您的租房补贴共多少元？", "How much rent subsidy has your employer prepaid to you?", ge=0)
    prepaid_rent_used_for_purchase: bool | None = fact(
        "提前支付的租房补贴用于购房", "prepaid rent subsidy used for the purchase",
        "企业提前支付的租房补贴是否用于您在衢购房？", "Was the prepaid rent subsidy used to buy your home in Quzhou?")
    rent_subsidy_balance_fen: int | None = fact(
        "租房补贴余额（分）", "rent subsidy balance (fen)", "您的租房补贴余额是多少元？",
        "What is the balance of your rent subsidy?", ge=0)


class _PersonHangzhou(_PersonProvincial):
    """Facts added for the Hangzhou draft."""

    hangzhou_origin: bool | None = fact("杭州市生源", "Hangzhou-origin student", "是否杭州市生源（入学前户籍在杭州市）？",
                                        "Are you a Hangzhou-origin student (杭州市生源)?")
    in_internship: bool | None = fact("正在见习", "in an internship", "目前是否在杭州市就业见习基地参加见习训练？",
                                      "Are you doing an internship at a Hangzhou internship base now?")
    internship_term_months: int | None = fact("见习期限（月，不含延期）", "internship term (months, no extension)",
                                              "见习协议约定的见习期限（月，不含延期）？",
                                              "Internship term in the agreement (months, without extension)?", ge=0)
    internship_extensions: int | None = fact("见习已延期次数", "internship extensions so far", "见习已延期几次？",
                                             "How many times has the internship been extended?", ge=0)
    hardship_family: bool | None = fact(
        "困难家庭高校毕业生", "graduate from a hardship family",
        "是否困难家庭（低保、低边、城镇零就业、特困供养、残疾人家庭等）的高校毕业生？",
        "Are you a graduate from a hardship family (低保, 低边, zero-employment, disabled...)?")
    employer_three_types: bool | None = fact(
        "用人单位为三类企业", "employer is a three-types enterprise",
        "用人单位是否经行业主管部门认定的养老、家政服务或现代农业企业？",
        "Is your employer recognised as an elderly-care, housekeeping or modern-agriculture enterprise?")
    first_employment: bool | None = fact("首次就业", "first job", "这份工作是否您毕业后的首次就业？",
                                         "Is this your first job after graduation?")
    wage_meets_local_condition: bool | None = fact(
        "工资收入符合规定条件", "wage meets the local condition", "工资收入是否符合当地实施办法规定的条件？",
        "Does your wage meet the condition set by the local implementing rules?")
    employer_si_three_fen: int | None = fact(
        "单位为其缴纳的社保三费（分/月）", "employer's three contributions (fen/month)",
        "用人单位每月为其实际缴纳的基本养老、基本医疗、失业保险费（单位部分，元）？",
        "Employer's monthly pension, medical and unemployment contributions for this person (employer part)?", ge=0)
    labour_contract_months: int | None = fact("劳动合同期限（月）", "labour contract term (months)", "劳动合同期限（月）？",
                                              "Term of the labour contract in months?", ge=0)
    dispatched_housekeeping: bool | None = fact(
        "派遣提供家政服务", "dispatched for housekeeping", "是否被派遣到家庭、医院、养老及残疾人照料机构提供家政服务？",
        "Are you dispatched to households, hospitals, elderly or disability care facilities for housekeeping?")
    mentor_pairings: int | None = fact(
        "安排结对的重点人群创业者（团队）数", "key-group entrepreneurs paired", "经人力社保部门安排结对的重点人群创业者（团队）有几个？",
        "How many key-group entrepreneurs (teams) has the HR department paired you with?", ge=0)
    mentor_stable_businesses: int | None = fact(
        "指导创办并稳定经营满12个月的实体数", "guided businesses stable 12 months",
        "结对指导的创业者中，已创办企业或个体工商户并稳定经营满12个月的有几个？",
        "How many of your paired entrepreneurs have a business operating stably for 12 months?", ge=0)
    mentor_online_activities: int | None = fact(
        "参加线上服务次数", "online service activities", "参加人力社保部门组织的线上宣讲咨询、赛事评审、职业指导等服务几次？",
        "How many online activities organised by the HR department did you serve in?", ge=0)
    mentor_offline_activities: int | None = fact(
        "参加线下服务次数", "offline service activities", "参加人力社保部门组织的线下宣讲咨询、赛事评审、职业指导等服务几次？",
        "How many offline activities organised by the HR department did you serve in?", ge=0)
    institution_technical_staff: bool | None = fact(
        "事业单位专业技术人员", "technical staff of a public institution", "是否高校、科研院所等事业单位的专业技术人员？",
        "Are you technical staff of a university, research institute or other public institution?")
    left_post_on: date | None = fact("离岗创业日期", "left the post to start up on", "离岗创业的日期？",
                                     "When did you leave your post to start a business?")
    leave_consented: bool | None = fact("原单位同意离岗创业", "employer consented to the leave", "原单位是否同意离岗创业？",
                                        "Did your institution consent to the leave?")
    leave_contract_signed: bool | None = fact(
        "原单位已签订或变更聘用合同", "appointment contract signed or amended", "原单位是否已与您签订或变更聘用合同？",
        "Has your institution signed or amended your appointment contract?")
    assistance_card_valid_until: date | None = fact(
        "就业援助卡有效期至", "employment assistance card valid until", "《就业创业证》就业援助卡有效期至哪天？",
        "Until when is the employment assistance card (就业援助卡) valid?")
    recertified_after_card: bool | None = fact(
        "援助卡期满后重新认定", "re-certified after the card expired",
        "就业援助卡有效期满后，是否已重新办理就业困难人员认定？",
        "After the assistance card expired, were you certified again as a person with employment difficulty?")
    difficulty_subsidy_months_used: int | None = fact(
        "已享受社保补贴和岗位补贴月数", "subsidy months used", "已享受就业困难人员社会保险补贴和岗位补贴多少个月？",
        "How many months of social-insurance/post subsidy have you already received?", ge=0)
    project_certificate: Literal["special_operation", "training_qualified"] | None = fact(
        "项目制培训证书", "project-based training certificate", "项目制培训取得的是特种作业操作证书还是培训合格证书？",
        "Is the project-based training certificate a special-operation certificate or a training certificate?")
    project_training_days: int | None = fact("项目制培训天数", "project training days", "培训合格证书项目的培训天数？",
                                             "How many days of training for the training-certificate project?", ge=0)
    trained_online: bool | None = fact("线上培训", "trained online", "培训是否在线上进行？", "Was the training online?")
    online_platform_recognised: bool | None = fact(
        "经认可的线上培训平台", "recognised online platform", "线上培训是否通过工匠学堂等经人社部门认可的平台开展？",
        "Was the online training on a platform recognised by the HR department (e.g. 工匠学堂)?")
    startup_training_project: str | None = fact("创业培训项目", "startup training project", "参加的创业培训项目？",
                                                "Which startup training project did you attend?")
    startup_training_certified: bool | None = fact(
        "取得创业培训合格证书", "startup training certificate obtained", "是否在定点机构参加创业培训并取得合格证书？",
        "Did you obtain a startup training certificate from a designated institution?")
    apprentice_kind: Literal["employee", "trainee"] | None = fact(
        "新型学徒制学徒类别", "new-apprenticeship type", "新型学徒制学徒类别（职工学徒/实习学徒）？",
        "Apprentice type under the new apprenticeship (employee apprentice / trainee apprentice)?")
    apprentice_fee_paid_fen: int | None = fact(
        "企业支付的学徒培训费（分/年）", "apprentice training fee paid by the firm (fen/year)",
        "本年度企业为该学徒支付给培训机构的培训费用（元）？",
        "Training fee the firm paid the training institution for this apprentice this year?", ge=0)
    trained_by_claimant: bool | None = fact(
        "由申请单位培养", "trained by the claiming unit", "该高技能人才是否由申请单位按规定直接培养或输送培养？",
        "Was this highly skilled worker trained (directly or by referral) by the claiming unit?")
    hangzhou_school_student: bool | None = fact(
        "在杭高校、技工院校学生", "student of a Hangzhou university or technical school",
        "是否在杭高校或技工院校的学生（毕业生）？", "Are you a student (graduate) of a university or technical school in Hangzhou?")
    municipal_competition_rank: int | None = fact("市级职业技能竞赛名次", "municipal skills competition rank",
                                                  "在市级职业技能竞赛中获得第几名？", "Your rank in a municipal skills competition?",
                                                  ge=0)
    upper_award_fen: int | None = fact(
        "省级以上竞赛上级奖励（分）", "provincial-or-higher award (fen)",
        "获得省级以上职业技能竞赛奖项，上级人力社保部门的奖励标准（元）？",
        "Award from the provincial-or-higher HR department for a skills competition prize?", ge=0)
    master_studio_leader: bool | None = fact("技能大师工作室领衔人", "master studio leader", "是否市级技能大师工作室领衔人？",
                                             "Do you lead a municipal master craftsman studio?")
    studio_service_activities: int | None = fact(
        "参加社会服务活动次数", "social service activities", "参加市人力社保部门组织的社会服务活动几次？",
        "How many social service activities organised by the municipal HR bureau did you take part in?", ge=0)
    public_welfare_post_applicant: bool | None = fact(
        "申请公益性岗位", "applying for a public-welfare post", "是否申请政府开发的公益性岗位？",
        "Are you applying for a government public-welfare post?")
    lump_sum_ui_startup_request: bool | None = fact(
        "申请一次性领取失业保险金作创业资金", "asks for lump-sum UI as startup money",
        "是否申请一次性领取未领完的失业保险金作为创业扶持资金？",
        "Are you asking to draw the rest of your unemployment insurance at once as startup money?")


class Person(_PersonHangzhou):
    """The validated person facts."""

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
        for f in ("residence_adcode", "work_adcode"):
            check_adcode(getattr(self, f), f"person.{f}")
        # 户籍 may be in another province (a migrant worker): a 6-digit code with a known province
        # prefix is accepted; inside Zhejiang it must be a current code.
        hukou = self.hukou_adcode
        if hukou is not None and not outside_zhejiang(hukou):
            check_adcode(hukou, "person.hukou_adcode")
        return self
