"""Languages of the pages: Chinese by default, English by choice (a ``lang`` cookie).

Interface strings live in :data:`MESSAGES` as ``key: (中文, English)``; data (provision titles,
labels, questions) carries its own ``*_zh`` / ``*_en`` fields and is picked with :func:`pick`.
A test checks that every key used by a template exists here.
"""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

MESSAGES: dict[str, tuple[str, str]] = {
    # frame
    "site.name": ("浙江就业创业政策", "Zhejiang employment policies"),
    "site.tagline": ("就业创业政策计算器、政策库与参数", "Policy calculator, policy library and parameters"),
    "nav.label": ("主导航", "Main navigation"),
    "nav.home": ("首页", "Home"),
    "nav.calculator": ("政策计算器", "Policy calculator"),
    "nav.library": ("政策库", "Policy library"),
    "nav.parameters": ("参数", "Parameters"),
    "nav.api": ("接口文档", "API docs"),
    "lang.label": ("语言", "Language"),
    "skip": ("跳到主要内容", "Skip to main content"),
    "footer.note": ("结果依据政策原文与公开参数计算，仅供参考，以经办机构审核为准。",
                    "Results follow the policy texts and published parameters; they are indicative and "
                    "subject to review by the local bureau."),
    "print": ("打印", "Print"),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "unsure": ("不清楚", "Not sure"),
    "choose": ("请选择", "Please choose"),
    "search": ("搜索", "Search"),
    "apply": ("筛选", "Filter"),
    "all": ("全部", "All"),
    "back": ("返回", "Back"),
    "error.title": ("出错了", "Something went wrong"),
    "error.404": ("未找到该页面或条目", "Page or item not found"),
    "error.422": ("输入有误", "Invalid input"),
    "error.500": ("服务器内部错误，请稍后再试", "Internal error; please try again later"),
    # home
    "home.intro": ("输入您的情况，按评估日期查看可享受的就业创业补贴、金额和政策依据。",
                   "Enter your situation to see the employment and startup benefits you can claim as of a date, "
                   "with amounts and the clauses they come from."),
    "home.start": ("开始计算", "Start"),
    # calculator
    "calc.title": ("政策计算器", "Policy calculator"),
    "calc.intro": ("只问对结果有影响的问题。不清楚的可以留空，结果会标明还需要哪些信息。",
                   "Only questions that still change a result are asked. Leave blank what you do not know: "
                   "the results say what is still needed."),
    "calc.who": ("谁来查询", "Who is asking"),
    "calc.subject.person": ("个人", "A person"),
    "calc.subject.enterprise": ("企业或个体工商户", "An enterprise or individual business"),
    "calc.subject.organisation": ("服务机构", "A service organisation"),
    "calc.as_of": ("评估日期", "Evaluation date (as of)"),
    "calc.as_of_help": ("按哪一天的政策和参数计算；可改为过去或将来的日期。",
                        "The day whose policies and parameters apply; past or future dates are allowed."),
    "calc.has_business": ("您是否已创办企业或个体工商户？", "Have you started a company or an individual business?"),
    "calc.questions": ("请回答以下问题", "Please answer these questions"),
    "calc.answered": ("已填写的信息", "Your answers"),
    "calc.founder": ("创办人", "Founder"),
    "calc.business": ("经营主体", "Business"),
    "calc.continue": ("继续", "Continue"),
    "calc.show_all": ("一次显示全部问题", "Show all questions at once"),
    "calc.reset": ("重新开始", "Start over"),
    "calc.no_more": ("没有需要补充的问题了。", "No more questions: every outcome is decided."),
    "calc.more_left": ("还有 {n} 个问题可能影响结果，请继续。", "{n} more questions may change a result; continue."),
    "calc.examples": ("试试示例", "Try an example"),
    "calc.jump": ("查看计算结果", "Jump to the results"),
    "calc.results": ("计算结果", "Results"),
    "calc.results_as_of": ("以下结果按 {date} 的政策和参数计算", "Results as of {date}"),
    "calc.summary": ("可享受 {e} 项 · 可能可享受 {u} 项 · 暂不符合 {n} 项",
                     "{e} eligible · {u} possibly eligible · {n} not eligible"),
    "calc.group.eligible": ("可享受", "Eligible"),
    "calc.group.unknown": ("可能可享受（需补充信息）", "Possibly eligible (more information needed)"),
    "calc.group.not_eligible": ("暂不符合", "Not eligible for now"),
    "calc.group.empty": ("暂无", "None"),
    "calc.other_places": ("另有 {n} 项政策因地区、有效期或主体不适用", "{n} more provisions do not apply here "
                          "(place, validity or who they are for)"),
    "calc.draft_banner": ("部分结果依据征求意见稿：施行日期未定，结果仅供参考。",
                          "Some results come from a consultation draft whose effective date is not set: "
                          "they are indicative only."),
    "calc.amount": ("金额", "Amount"),
    "calc.amount_up_to": ("最高", "up to"),
    "calc.amount_unknown": ("金额需补充信息", "amount needs more information"),
    "calc.max_duration": ("最长 {n} 个月", "up to {n} months"),
    "calc.payee_employer": ("补贴发放给用人单位", "paid to the employer"),
    "calc.payee_enterprise": ("补贴发放给经营主体", "paid to the business"),
    "calc.superseded": ("从优从高不重复：已改按「{other}」享受", "Not stacked (从优从高不重复): "
                        "“{other}” is paid instead"),
    "calc.supersedes": ("从优从高不重复：优于「{other}」", "Not stacked: chosen over “{other}”"),
    "calc.needs": ("还需要了解", "Still needed"),
    "calc.and_more": ("…等 {n} 项", "… {n} in all"),
    "calc.depends_on_params": ("结果取决于尚未设定的参数（如文件留空的日期或地方标准），请咨询经办机构。",
                               "The outcome depends on a parameter not set yet (a date the document leaves blank, "
                               "or a local standard): ask the local bureau."),
    "calc.why_not": ("不符合的条件", "Conditions not met"),
    "calc.change": ("怎样可以符合", "What would change it"),
    "calc.only_missing": ("只差这一项条件", "Only this condition is missing"),
    "calc.not_here": ("所在地区不适用（非本人可改变）", "Not available where you are (nothing you can change)"),
    "calc.needs_business": ("仅适用于已创办企业或个体工商户的创业者", "Only for people who run a company or "
                            "individual business"),
    "calc.details": ("条款原文与判断依据", "Clause text and reasoning"),
    "calc.clause": ("条款原文", "Clause"),
    "calc.conditions": ("逐项条件", "Conditions"),
    "calc.amount_calc": ("金额计算", "How the amount is computed"),
    "calc.notes": ("说明", "Notes"),
    "calc.history": ("已享受过的补贴（可选）", "Benefits already received (optional)"),
    "calc.history_provision": ("已享受的政策", "Benefit received"),
    "calc.history_date": ("享受日期", "Date granted"),
    "calc.errors": ("请修改标出的项目", "Please correct the marked fields"),
    "calc.kind.definition": ("资格认定", "status"),
    "calc.kind.relaxation": ("放宽条件", "relaxation"),
    "calc.kind.check": ("核验", "check"),
    "calc.value.true": ("符合", "met"),
    "calc.value.false": ("不符合", "not met"),
    "calc.value.none": ("待确认", "not known yet"),
    "unit.yuan": ("元", "yuan"),
    "unit.percent": ("%", "%"),
    # badges
    "badge.draft": ("征求意见稿", "Draft"),
    "badge.expired": ("已失效", "Expired"),
    "badge.not_yet": ("尚未施行", "Not yet in force"),
    "badge.in_force": ("有效", "In force"),
    "badge.superseded": ("已被替代", "Superseded"),
    # library
    "lib.title": ("政策库", "Policy library"),
    "lib.intro": ("五份政策文件的原文条款，以及据此编码的规则。", "The clauses of the five policy documents, "
                  "beside the rules that encode them."),
    "lib.documents": ("政策文件", "Documents"),
    "lib.provisions": ("已编码的规则", "Encoded rules"),
    "lib.search_label": ("搜索条款（支持中文）", "Search clauses (Chinese or English)"),
    "lib.search_placeholder": ("例如：灵活就业、创业补贴、毕业", "e.g. 灵活就业, startup subsidy"),
    "lib.city": ("地区", "Place"),
    "lib.subject": ("对象", "For"),
    "lib.kind": ("类型", "Kind"),
    "lib.status": ("状态", "Status"),
    "lib.results": ("找到 {n} 条规则、{m} 段原文", "{n} rules and {m} passages found"),
    "lib.no_results": ("没有找到匹配的条款", "No matching clause"),
    "lib.passages": ("原文段落", "Passages"),
    "lib.number": ("文号", "Number"),
    "lib.issuer": ("发文单位", "Issued by"),
    "lib.validity": ("有效期", "In force"),
    "lib.validity_clause": ("效力条款", "Validity clause"),
    "lib.encoded_by": ("编码规则", "Encoded by"),
    "lib.not_encoded": ("本段无需计算或尚未编码", "No rule for this passage (nothing to compute, or not yet encoded)"),
    "lib.full_text": ("全文与规则对照", "Full text beside the rules"),
    "lib.conditions": ("条件", "Conditions"),
    "lib.amount": ("金额公式", "Amount formula"),
    "lib.period": ("周期", "Period"),
    "lib.stacking": ("不重复享受组", "Stacking group"),
    "par.by.adcode": ("按县（市、区）", "by county"),
    "par.by.tier": ("按最低工资档次", "by minimum-wage tier"),
    "par.by.group": ("按人员类别", "by group"),
    "par.by.level": ("按等级", "by level"),
    "par.by.project": ("按项目", "by project"),
    "par.by.year": ("按年度", "by year"),
    "lib.stacking_text": ("与同组其他补贴从优从高、不重复享受", "Not stacked with the other subsidies of its group: the higher one is paid"),
    "lib.parameters_used": ("使用的参数", "Parameters used"),
    "lib.facts_used": ("需要的信息", "Facts used"),
    "lib.readings": ("解读选择", "Readings chosen"),
    "lib.reading.chosen": ("采用", "Chosen"),
    "lib.reading.alternative": ("另一种理解", "Alternative"),
    "lib.reading.switch": ("可由参数切换", "Can be switched by the setting"),
    "lib.count": ("{n} 条规则", "{n} rules"),
    "lib.open_calc": ("用计算器试一试", "Try it in the calculator"),
    # parameters
    "par.title": ("参数", "Parameters"),
    "par.intro": ("规则中的金额、比例和期限都是带日期和来源的参数。", "Amounts, rates and periods used by the rules "
                  "are parameters with dated values and sources."),
    "par.name": ("参数", "Parameter"),
    "par.value_as_of": ("{date} 的取值", "Value as of {date}"),
    "par.unit": ("单位", "Unit"),
    "par.values": ("历次取值", "Values over time"),
    "par.from": ("起始日期", "From"),
    "par.value": ("取值", "Value"),
    "par.source": ("来源", "Source"),
    "par.confidence": ("可信度", "Confidence"),
    "par.confidence.high": ("高", "high"),
    "par.confidence.medium": ("中", "medium"),
    "par.confidence.low": ("低", "low"),
    "par.note": ("备注", "Note"),
    "par.chart": ("走势图", "Chart"),
    "par.local_standard": ("地方标准，待设定", "local standard, to be set"),
    "par.not_known": ("未知", "not known"),
    "par.reference": ("依据", "Reference"),
    "par.filter": ("筛选参数", "Filter parameters"),
    "par.featured": ("常用序列", "Key series"),
}

PERIODS = {"one_time": ("一次性", "one-time"), "monthly": ("每月", "per month"), "yearly": ("每年", "per year"),
           "none": ("—", "—")}
SUBJECTS = {"person": ("个人", "person"), "enterprise": ("企业", "enterprise"), "organisation": ("机构", "organisation")}
KINDS = {"benefit": ("补贴与扶持", "benefit"), "definition": ("资格认定", "definition"),
         "relaxation": ("放宽条件", "relaxation"), "check": ("核验", "check"), "target": ("目标", "target"),
         "measure": ("工作举措", "measure"), "procedure": ("程序性条款", "procedure")}
STATUSES = {"in_force": ("有效", "in force"), "expired": ("已失效", "expired"),
            "not_yet_in_force": ("尚未施行", "not yet in force"),
            "draft_no_date": ("征求意见稿，施行日期未定", "draft; effective date not set")}
UNITS = {"yuan": ("元", "yuan"), "fen": ("分", "fen"), "bp": ("基点", "bp"), "rate": ("比例", "rate"),
         "count": ("个", "count"), "days": ("天", "days"), "months": ("个月", "months"), "years": ("年", "years"), "date": ("日期", "date"),
         "bool": ("是/否", "yes/no"), "adcodes": ("区划代码", "division codes"), "text": ("文本", "text")}
CHOICES: dict[str, tuple[str, str]] = {
    "M": ("男", "male"), "F": ("女", "female"),
    "worker": ("工人（原50岁退休）", "worker (originally 50)"), "cadre": ("干部（原55岁退休）", "cadre (originally 55)"),
    "none": ("否", "no"), "full_time": ("全日制", "full-time"), "part_time": ("非全日制", "part-time"),
    "company": ("企业", "company"), "individual": ("个体工商户", "individual business"),
    "micro": ("微型", "micro"), "small": ("小型", "small"), "medium": ("中型", "medium"), "large": ("大型", "large"),
    "public": ("公有制", "public"), "non_public": ("非公企业", "non-public"),
    "vocational": ("职业资格/职业技能等级证书", "vocational or skill-level certificate"),
    "special_ability": ("专项职业能力证书", "special-ability certificate"),
    "hr_agency": ("人力资源服务机构", "HR agency"), "internship_base": ("见习基地", "internship base"),
    "accompaniment_space": ("创业陪跑空间", "startup accompaniment space"),
    "incubation_base": ("孵化基地", "incubation base"), "training_body": ("培训机构", "training body"),
    "school": ("学校", "school"), "community": ("社区", "community"), "other": ("其他", "other"),
    "private": ("民营企业", "private firm"), "other_non_public": ("其他非公企业（外资、港澳台资等）", "other non-public firm"),
    "quzhou": ("衢州高校", "a Quzhou university"), "in_quzhou": ("在衢高校", "a university located in Quzhou"),
    "partner": ("与衢州合作的市外高校", "a partner university"),
    "special_operation": ("特种作业操作证书", "special-operation certificate"),
    "training_qualified": ("培训合格证书", "training certificate"),
    "employee": ("职工学徒", "employee apprentice"), "trainee": ("实习学徒", "trainee apprentice"),
    "elderly_care": ("养老", "elderly care"), "housekeeping": ("家政服务", "housekeeping"),
    "modern_agriculture": ("现代农业", "modern agriculture"),
    "provincial": ("省级", "provincial"), "city": ("市级", "city"), "county": ("县级", "county"),
    "municipal": ("市级", "municipal"), "district": ("区县级", "district or county"),
    "lower": ("5万元档", "¥50,000 tier"), "higher": ("10万元档", "¥100,000 tier"),
    "handling_bank": ("经办银行", "handling bank"), "guarantor": ("受托担保机构", "guarantor"),
}


def normalise(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def lang_of(request: Any) -> str:
    """The page language of a request: the ``lang`` cookie, else Chinese."""
    if request is None:
        return DEFAULT_LANG
    state = getattr(request, "state", None)
    forced = getattr(state, "lang", None) if state is not None else None
    if forced in LANGS:
        return forced
    return normalise(request.cookies.get(COOKIE))


def gettext(lang: str, key: str, **kw: Any) -> str:
    zh, en = MESSAGES.get(key, (key, key))
    text = en if lang == "en" else zh
    return text.format(**kw) if kw else text


def pick(lang: str, obj: Any, field: str) -> Any:
    """``obj.field_zh`` or ``obj.field_en`` (attribute or mapping key), falling back to Chinese."""
    suffix = "_en" if lang == "en" else "_zh"
    getter = obj.get if isinstance(obj, dict) else (lambda k, d=None: getattr(obj, k, d))
    value = getter(field + suffix)
    return value if value not in (None, "") else getter(field + "_zh")


def label(table: dict[str, tuple[str, str]], lang: str, key: Any) -> str:
    pair = table.get(str(key))
    if pair is None:
        return str(key).replace("_", " ")
    return pair[1] if lang == "en" else pair[0]
