"""Which question to ask next, and reading the answer.

**The next question** is the unknown fact that blocks the most money. The engine lists, for every
provision it cannot decide yet (and for every eligible one whose amount needs a fact), the facts it
is missing. Each such provision is worth its potential amount (:func:`potential_fen`): the amount
the engine computes from what is known, over its period and maximum duration (a loan counts by
the interest it saves, about a twentieth of the principal; a right without an amount, a
definition or a check count little). Its worth is shared among the facts it misses; the fact with
the largest sum is asked first (ties: yes/no and choices before numbers and dates, then the
models' order). Nothing is written per persona: a new provision changes the order by itself.

**An answer** is read as a person writes it: "5000元", "5,000", "５０００" and "0.5万" are 5000;
"3.6%" is a rate; "24个月" is 24; "2023年6月30日" and "2023/6/30" are dates. Impossible answers are
refused, naming the field in the user's words: a date after the evaluation date (a registration or
a graduation in the future), a graduation before birth, a rate above 100 %, months beyond 50 years.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ..catalogue.registry import CATALOGUE
from ..dates import add_months
from ..engine.expr import Expr
from ..engine.place import env_at_place
from ..engine.provision import Kind, Period
from ..engine.results import ELIGIBLE, NOT_ELIGIBLE, UNKNOWN, CaseResult, ProvisionResult
from ..engine.single import case_env, evaluate_provision
from ..facts.models import Case
from ..params.store import PARAMETERS
from .forms import FieldSpec, convert, display_value, field_specs
from .guided import GuidedState, county_name
from .questions import fact_names

FALLBACK_FEN = 500_000  # a benefit whose amount still needs facts is worth 5,000 yuan meanwhile
MINOR_FEN = 10_000  # a right without an amount, a definition or a check: 100 yuan
LOAN_SHARE = 20  # a loan is worth about a twentieth of its principal (the interest it saves)
DRAFT_SHARE = 2  # a draft's benefit is indicative: half its amount
MAX_MONTHS = 600  # 50 years: no period of months in the documents is longer
MAX_RATE_BP = 10_000  # 100 %


def _total_of(r: ProvisionResult, amount: int, env: Any) -> int:
    p = r.provision
    months = r.max_duration_months
    if months is None and p.max_duration_months is not None:
        md = p.max_duration_months
        months = md if isinstance(md, int) else _safe_ev(md, env)
    if p.period == Period.MONTHLY:
        return amount * (months or 12)
    if p.period == Period.YEARLY:
        return amount * max(1, (months or 12) // 12)
    return amount


def _safe_ev(expr: Any, env: Any) -> Any:
    try:
        return expr.ev(env)
    except (TypeError, ValueError, ArithmeticError, KeyError):
        return None


def potential_fen(r: ProvisionResult, env: Any) -> int:
    """What an undecided provision may be worth, in fen, for ranking the questions."""
    p = r.provision
    if p.kind != Kind.BENEFIT or p.benefit_type == "status":
        return MINOR_FEN
    amount = r.amount_fen
    if amount is None and p.amount is not None:
        amount = _safe_ev(p.amount, env_at_place(p, env))
    if not isinstance(amount, int) or isinstance(amount, bool):
        amount = FALLBACK_FEN if p.amount is not None else MINOR_FEN
    value = _total_of(r, amount, env)
    if p.benefit_type in ("loan", "guarantee"):
        value //= LOAN_SHARE
    if p.document.draft:
        value //= DRAFT_SHARE
    return max(value, MINOR_FEN)


def _hypotheses(spec: FieldSpec, state: GuidedState) -> list[Any]:
    """A few answers a person might give, to see how much each would decide."""
    if spec.widget == "radio":
        return [True, False]
    if spec.widget == "select":
        return list(spec.choices)
    if spec.widget == "adcode":
        return [state.place, "330106" if not state.place.startswith("3301") else "330802"]
    if spec.dtype == "date":
        return [add_months(state.as_of, -6), add_months(state.as_of, -48), add_months(state.as_of, -240)]
    if spec.widget in ("money", "percent"):
        return [0, 100_000, 10_000_000]
    if spec.dtype == "int":
        return [0, 6, 40]
    return []


def done_facts(state: GuidedState) -> set[str]:
    """Facts not to ask again: answered, "不清楚", or given by the life events and the county."""
    return set(state.answers) | set(state.skipped) | set(state.implied_facts())


def _missing(r: ProvisionResult, env: Any) -> list[str]:
    """The facts an undecided provision still misses: its open questions, and for an eligible one
    the facts its maximum duration needs (the total payable depends on them)."""
    names = [q["fact"] for q in r.questions]
    md = r.provision.max_duration_months
    if r.outcome == ELIGIBLE and r.max_duration_months is None and isinstance(md, Expr):
        names += [f.name for f in md.facts() if not f.name.startswith("hist.") and f.ev(env) is None]
    return list(dict.fromkeys(names))


def _decided(r: ProvisionResult) -> bool:
    if r.outcome == NOT_ELIGIBLE:
        return True
    md = r.provision.max_duration_months
    return r.outcome == ELIGIBLE and not r.questions and (r.max_duration_months is not None or not isinstance(md, Expr))


def ranked_questions(state: GuidedState, result: CaseResult) -> list[dict[str, Any]]:
    """Every fact still worth asking, most money decided first, with ``worth_fen`` and ``needed_by``.

    A fact's worth is the money its answer would decide, averaged over a few likely answers (yes and
    no; each choice; a recent, a middling and an old date …): every undecided provision it reaches is
    re-evaluated with that answer, and its potential amount counts when the answer settles it. The
    money the fact blocks, shared among the facts each provision still misses, breaks ties."""
    specs = field_specs()
    done = done_facts(state)
    env = case_env(Case.parse(state.case_data()), state.as_of, PARAMETERS.snapshot(state.as_of))
    merged: dict[str, dict[str, Any]] = {}
    worth: dict[str, int] = {}
    for r in result.results:
        if r.outcome not in (UNKNOWN, ELIGIBLE):
            continue
        open_facts = [n for n in _missing(r, env) if n in specs and n not in done]
        if not state.has_business:
            open_facts = [f for f in open_facts if not f.startswith("enterprise.")]
        if not open_facts:
            continue
        worth[r.provision.id] = value = potential_fen(r, env)
        for name in open_facts:
            entry = merged.setdefault(name, {"fact": name, "blocked": 0.0, "decided": 0.0, "needed_by": []})
            entry["blocked"] += value / len(open_facts)
            entry["needed_by"].append(r)
    for name, entry in merged.items():
        guesses = _hypotheses(specs[name], state)
        total = 0
        for guess in guesses:
            trial = replace(env, values={**env.values, name: guess})
            total += sum(worth[r.provision.id] for r in entry["needed_by"]
                         if _decided(evaluate_provision(r.provision, trial, explain=False)))
        entry["decided"] = total / len(guesses) if guesses else 0.0
        entry["needed_by"] = [r.provision.id for r in entry["needed_by"]]

    def key(e: dict[str, Any]) -> tuple[Any, ...]:
        spec = specs[e["fact"]]
        return (-round(e["decided"] + e["blocked"] / 10), spec.widget not in ("radio", "select"), spec.order)

    out = sorted(merged.values(), key=key)
    for e in out:
        e["worth_fen"] = round(e.pop("decided"))
        e.pop("blocked")
    return out


#: Facts asked together, as one question about one thing (the loan: amount, rate, date, term).
#: A fact outside every group is a question of its own.
GROUPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("about", "关于您", "About you", ("person.birth_date", "person.gender", "person.female_category")),
    ("study", "学业", "Studies", ("person.enrolled_student", "person.university_graduate", "person.graduation_date",
                                 "person.university_kind")),
    ("unemployment", "失业登记", "Unemployment registration",
     ("person.registered_unemployed", "person.unemployed_registered_on", "person.receiving_unemployment_insurance")),
    ("difficulty", "就业困难人员认定", "Certification of employment difficulty",
     ("person.difficulty_certified", "person.difficulty_certified_on", "person.difficulty_first_subsidy_on",
      "person.difficulty_subsidy_exhausted", "person.difficulty_subsidy_months_used")),
    ("family", "家庭和身份", "Family and status",
     ("person.disabled_certified", "person.dibao_family", "person.near_dibao_family",
      "person.zero_employment_household", "person.self_chosen_military_cadre", "person.self_employed_veteran")),
    ("flexible", "灵活就业和社保", "Flexible work and social insurance",
     ("person.flexible_employed", "person.si_base_monthly_fen", "person.si_paid_monthly_fen")),
    ("startup", "创业经历", "Your business so far", ("person.first_startup", "person.prior_startup_support",
                                                  "person.si_months")),
    ("loan", "创业担保贷款", "Guaranteed startup loan",
     ("person.loan_amount_fen", "person.loan_rate_bp", "person.loan_contract_date", "person.loan_term_months")),
    ("premises", "经营场地", "Premises", ("person.in_accompaniment_space", "person.rented_area_m2",
                                        "person.rent_daily_per_m2_fen", "person.lease_start")),
    ("business", "经营主体", "Your business", ("enterprise.kind", "enterprise.size", "enterprise.ownership",
                                             "enterprise.registered_on", "enterprise.operating_normally")),
    ("sector", "行业", "Sector", ("enterprise.ecommerce", "enterprise.leading_industry", "enterprise.three_types_sector")),
    ("hires", "带动就业", "Jobs created", ("enterprise.insured_hires_12m", "enterprise.key_group_hires")),
    ("firm_loan", "企业贷款", "The business's loan",
     ("enterprise.loan_amount_fen", "enterprise.loan_rate_bp", "enterprise.loan_contract_date")),
    ("job", "现在的工作", "Your job", ("person.employer_ownership", "person.employer_size", "person.hired_on",
                                      "person.employee_si_months", "person.currently_insured")),
    ("home", "在衢购房", "Buying a home in Quzhou",
     ("person.no_home_in_quzhou", "person.home_purchased_on", "person.employer_hf_monthly_fen",
      "person.hf_months_quzhou")),
    ("certificate", "职业技能证书", "Skill certificate",
     ("person.certificate_kind", "person.certificate_level", "person.certificate_occupation", "person.certificate_on",
      "person.trained_at_designated")),
    ("postdoc", "博士后", "Postdoctoral research", ("person.postdoc_non_serving", "person.postdoc_left_station_on",
                                                "person.first_job_after_postdoc")),
    ("enclave", "人才“飞地”", "Talent enclave", ("person.enclave_talent", "person.enclave_home_adcode",
                                              "person.enclave_recognised")),
    ("pwp", "公益性岗位", "Public-welfare post", ("person.public_welfare_post", "person.pwp_monthly_pay_fen",
                                              "person.pwp_hourly_pay_fen", "person.pwp_expired_still_unemployed")),
    ("mentor", "创业导师", "Startup mentor", ("person.startup_mentor", "person.mentor_served", "person.mentor_pairings",
                                          "person.mentor_stable_businesses", "person.mentor_online_activities",
                                          "person.mentor_offline_activities")),
    ("startup_training", "创业培训", "Startup training", ("person.startup_training_certified",
                                                       "person.startup_training_project")),
    ("internship", "就业见习", "Internship", ("person.in_internship", "person.internship_term_months",
                                          "person.internship_extensions")),
    ("interns", "见习学员", "Interns", ("organisation.interns_count", "organisation.interns_completed",
                                     "organisation.interns_retained", "organisation.retained_intern_pension_fen")),
    ("startup_status", "创业载体", "Startup support status", ("enterprise.in_startup_base",
                                                          "enterprise.startup_entity_recognised")),
    ("firm_talent", "引才与监测", "Recruiting and monitoring",
     ("enterprise.postdoc_workstation", "enterprise.attends_provincial_job_fair",
      "enterprise.attends_provincial_talent_event", "enterprise.monitoring_enterprise", "enterprise.monitoring_reports")),
    ("firm_disabled", "残疾人就业", "Disabled employees", ("enterprise.disabled_employees",
                                                       "enterprise.disabled_quota_required",
                                                       "enterprise.disabled_over_quota")),
    ("firm_training", "职工培训", "Staff training", ("enterprise.organises_skill_training", "enterprise.new_apprenticeship",
                                                 "enterprise.conducts_skill_level_assessment",
                                                 "enterprise.employee_model_housekeeping")),
    ("org_kind", "机构类型", "Kind of organisation",
     ("organisation.kind", "organisation.private_hr_agency", "organisation.social_organisation",
      "organisation.private_school", "organisation.village_collective", "organisation.technical_school",
      "organisation.vocational_college", "organisation.fulltime_university", "organisation.education_training_unit",
      "organisation.newly_established", "organisation.yrd_double_first_class", "organisation.students_enrolled")),
    ("org_incubation", "创业孵化", "Startup incubation",
     ("organisation.operates_gov_incubation_base", "organisation.municipal_incubation_demo_base",
      "organisation.startup_growth_park", "organisation.startup_loan_role", "organisation.host_subsidy_tier")),
    ("org_internship", "见习基地", "Internship base", ("organisation.municipal_internship_demo_base",
                                                    "organisation.pays_intern_allowance",
                                                    "organisation.internship_evaluation_passed")),
    ("org_training", "培训评价", "Training and evaluation",
     ("organisation.training_evaluation_years", "organisation.training_evaluation_person_times",
      "organisation.min_occupation_person_times", "organisation.public_training_sub_base",
      "organisation.training_person_days", "organisation.competition_person_days",
      "organisation.social_training_person_times", "organisation.brand_training_institution",
      "organisation.brand_training_projects")),
    ("org_competition", "技能竞赛", "Skills competitions", ("organisation.competition_organiser",
                                                        "organisation.competition_certified_junior",
                                                        "organisation.competition_certified_senior")),
    ("org_studio", "技能大师工作室", "Master craftsman studio",
     ("organisation.municipal_master_studio", "organisation.master_studio_newly_recognised",
      "organisation.master_studio_rated_excellent")),
    ("org_community", "社区（村）与乡镇（街道）", "Community, village, township",
     ("organisation.population", "organisation.employment_staff_full_time", "organisation.provides_purchased_services",
      "organisation.township_or_street", "organisation.labour_security_officers",
      "organisation.high_quality_employment_community", "organisation.quality_employment_community",
      "organisation.new_guidance_station")),
    ("org_recruitment", "招引与就业服务", "Recruitment and placement",
     ("organisation.temporary_employment_recruitment", "organisation.out_of_city_recruits_insured",
      "organisation.organises_graduates_to_quzhou", "organisation.organises_villagers_to_quzhou",
      "organisation.placed_flexible_workers", "organisation.placement_subsidy_received_fen")),
    ("org_other", "其他情况", "Other", ("organisation.labour_brand_level", "organisation.youth_friendly_unit",
                                    "organisation.talent_apartment_residents", "organisation.culture_sports_facilities",
                                    "organisation.employee_model_housekeeping")),
)
_GROUP_OF = {name: g for g in GROUPS for name in g[3]}
MAX_FIELDS = 5  # a question shows at most this many fields


def next_question(state: GuidedState, result: CaseResult,
                  ranked: list[dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """The next question: the fact worth most, with the facts of its group that are still worth asking.

    ``{"key", "title_zh", "title_en", "facts": [names in the models' order], "worth_fen", "needed_by"}``;
    None when nothing left would change a result."""
    ranked = ranked_questions(state, result) if ranked is None else ranked
    if not ranked:
        return None
    top = ranked[0]
    group = _GROUP_OF.get(top["fact"])
    if group is None:
        spec = field_specs()[top["fact"]]
        return {"key": top["fact"], "title_zh": "", "title_en": "", "facts": [top["fact"]],
                "worth_fen": top["worth_fen"], "needed_by": top["needed_by"], "label": spec.label_zh}
    wanted = {e["fact"]: e for e in ranked}
    read = set().union(*(fact_names(CATALOGUE.provisions[pid]) for pid in top["needed_by"]))
    facts = [f for f in group[3] if f in wanted or (f in read and f not in done_facts(state))][:MAX_FIELDS]
    needed = list(dict.fromkeys(pid for f in facts for pid in wanted.get(f, {}).get("needed_by", [])))
    return {"key": group[0], "title_zh": group[1], "title_en": group[2], "facts": facts,
            "worth_fen": sum(wanted[f]["worth_fen"] for f in facts if f in wanted), "needed_by": needed}


def group_of(fact: str) -> tuple[str, tuple[str, ...]]:
    """(question key, its facts) of a fact: its group, or the fact alone."""
    g = _GROUP_OF.get(fact)
    return (g[0], g[3]) if g else (fact, (fact,))


def question_for(state: GuidedState, key: str) -> dict[str, Any] | None:
    """The question ``key`` (a group or a fact) again, for a person who changes an answer: its facts
    that the session's provisions read and that are not answered."""
    from .guided import provisions_of

    group = next((g for g in GROUPS if g[0] == key), None)
    facts = group[3] if group else ((key,) if key in field_specs() else ())
    read = set().union(*(fact_names(p) for p in provisions_of(state)[0]))
    done = done_facts(state)
    open_facts = [f for f in facts if f in read and f not in done][:MAX_FIELDS]
    if not open_facts:
        return None
    return {"key": key, "title_zh": group[1] if group else "", "title_en": group[2] if group else "",
            "facts": open_facts, "worth_fen": 0, "needed_by": []}


def remaining_questions(ranked: list[dict[str, Any]]) -> int:
    """How many questions (groups) of ``ranked`` could still change a result."""
    return len({group_of(e["fact"])[0] for e in ranked})


# --- reading an answer ---------------------------------------------------------------------------
_UNITS = ("元/平方米·天", "元/月", "元/年", "元/小时", "人民币", "万元", "元", "个月", "月", "年", "天", "平方米", "㎡",
          "m2", "次", "人", "个", "级", "名", "%", "％", "yuan", "months", "month")


def plain_label(spec: FieldSpec, lang: str) -> str:
    """The field's name in the user's words: money in 元, rates in %, places as counties (no 分, no codes)."""
    if lang == "en":
        text = spec.label_en
        for old, new in (("(fen/month)", "(yuan/month)"), ("(fen/year)", "(yuan/year)"), ("(fen/hour)", "(yuan/hour)"),
                         ("(fen per m² per day)", "(yuan per m² per day)"), ("(fen)", "(yuan)"), ("(bp)", "(%)")):
            text = text.replace(old, new)
        text = re.sub(r"\s*\(adcode\)|\s*division code", "", text)
        return text
    text = spec.label_zh
    for old, new in (("（分/月）", "（元/月）"), ("（分/年）", "（元/年）"), ("（分/小时）", "（元/小时）"),
                     ("（分/平方米·天）", "（元/平方米·天）"), ("（分）", "（元）"), ("（基点）", "（%）")):
        text = text.replace(old, new)
    text = text.replace("租金（分", "租金（元")
    if text.endswith("区划代码"):
        text = text.removesuffix("区划代码").removesuffix("地") + "所在县（市、区）"
    return text


def _normalise_number(raw: str) -> tuple[str, int]:
    """("5000", 1) from "5,000元"; ("0.5", 10000) from "0.5万"."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    factor = 1
    for unit in _UNITS:
        if text.lower().endswith(unit):
            if unit == "万元":
                factor = 10_000
            text = text[: -len(unit)]
            break
    if text.endswith("万"):
        factor, text = 10_000, text[:-1]
    text = text.lstrip("¥￥").replace(",", "").replace("，", "").replace("_", "")
    return text, factor


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _normalise_date(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    m = _DATE_RE.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            return text
    return text


def normalise(spec: FieldSpec, raw: str) -> str:
    """The answer as the form's converters read it (units, separators and full-width digits removed)."""
    raw = raw.strip()
    if spec.widget in ("money", "percent", "int"):
        text, factor = _normalise_number(raw)
        if factor != 1:
            try:
                return str(Decimal(text) * factor)
            except InvalidOperation:
                return text
        return text
    if spec.widget == "date":
        return _normalise_date(raw)
    return unicodedata.normalize("NFKC", raw) if spec.widget == "text" else raw


def _future_ok(spec: FieldSpec) -> bool:
    return spec.field.endswith("_until")


def check_answer(spec: FieldSpec, raw: str, state: GuidedState, lang: str) -> tuple[str | None, str | None]:
    """(the value as stored, None) or (None, the message naming the field)."""
    name = plain_label(spec, lang)
    en = lang == "en"
    text = normalise(spec, raw)
    if text == "":
        return None, (f"{name}: please answer, or choose “Not sure”" if en else f"{name}：请回答，或选择“不清楚”")
    if spec.widget == "int" and re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    value, error = convert(spec, text)
    if error is not None:
        return None, f"{name}: {error.message_en}" if en else f"{name}：{error.message_zh}"
    if spec.widget == "adcode" and not county_name(value):
        return None, (f"{name}: choose a county from the list" if en else f"{name}：请从列表中选择县（市、区）")
    if spec.widget == "percent" and value > MAX_RATE_BP:
        return None, (f"{name}: a rate is at most 100%" if en else f"{name}：比例或利率应在0至100%之间")
    if spec.widget == "int" and "months" in spec.field and value > MAX_MONTHS:
        return None, (f"{name}: at most {MAX_MONTHS} months" if en else f"{name}：不能超过{MAX_MONTHS}个月")
    if isinstance(value, date):
        message = _date_problem(spec, value, state, en)
        if message:
            return None, f"{name}: {message}" if en else f"{name}：{message}"
    return display_value(spec, value), None


def _date_problem(spec: FieldSpec, value: date, state: GuidedState, en: bool) -> str | None:
    if value > state.as_of and not _future_ok(spec):
        when = state.as_of.isoformat()
        return f"cannot be after the evaluation date ({when})" if en else f"不能晚于评估日期（{when}），请核对"
    facts = state.facts()
    birth = value if spec.name == "person.birth_date" else facts.get("person.birth_date")
    if isinstance(birth, date):
        for other in ("person.graduation_date", "person.hired_on", "person.unemployed_registered_on"):
            when = value if spec.name == other else facts.get(other)
            if isinstance(when, date) and when <= birth and spec.name in (other, "person.birth_date"):
                if other == "person.graduation_date":
                    return "graduation cannot be before birth" if en else "毕业日期不能早于出生日期"
                return "cannot be before the date of birth" if en else "不能早于出生日期"
    return None
