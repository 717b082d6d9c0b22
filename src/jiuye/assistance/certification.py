"""就业困难人员 certification as a workflow, decided by the engine's certification routes.

杭州征求意见稿（九）: "下列登记失业人员可在户籍地或常住地申请就业困难人员认定：……经认定的就业困难人员实现
就业后，按规定给予政策享受，并注销其就业困难人员身份。" The engine evaluates
``hz_2022_draft.jiu.certification`` as of the application (and again at the decision) and
``hz_2022_draft.jiu.subsidy_period`` for the period (≤ 3 years, or to the statutory retirement
month for women 45+ / men 55+ at the first approval, via :mod:`jiuye.standards.retirement`).

A certification is a spell: certified from ``valid_from``, it opens the person's 就业困难人员 group
spell; cancellation on employment (注销) or exit when the conditions lapse ends both on one date.

Reading (``BLANK_CUTOFF_READING``): the draft leaves blank the cut-off date from which its new
period rules apply (2022年*月*日后认定的…). With the parameter ``hz_2022_draft.certification_cutoff``
unset, a certification made in this system is evaluated under the new rules ("new_rules", the
default: the system certifies under the document it implements); "unknown" leaves the period not
known until an administrator sets the date — for a certification during 2022 only, since the printed
year already places any other date (reading hz-cutoff-year). Listed in docs/ambiguities.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import Role, User
from ..audit import service as audit
from ..catalogue.registry import CATALOGUE
from ..dates import add_months, month_label
from ..db.ruleset import ruleset_version
from ..engine.results import ELIGIBLE
from ..engine.single import evaluate_case
from ..errors import Forbidden, InputError, InvalidTransition, NotFound
from ..params.store import PARAMETERS
from ..refdata.divisions import city_of, get_division
from ..standards.retirement import retirement_month
from .access import as_actor, get_person
from .models import CERT_OPEN, CertEvent, Certification, Evidence, GroupSpell, RegisterPerson
from .watch import refresh_person

CERTIFICATION = "hz_2022_draft.jiu.certification"
SUBSIDY_PERIOD = "hz_2022_draft.jiu.subsidy_period"
CUTOFF_PARAM = "hz_2022_draft.certification_cutoff"
BLANK_CUTOFF_READING = "new_rules"  # or "unknown"; see the module docstring
EXIT_CLAUSE = "经认定的就业困难人员实现就业后，按规定给予政策享受，并注销其就业困难人员身份。"

# facts a caseworker states on the application (the rest come from the register entry)
BOOL_FACTS = ("registered_unemployed", "receiving_unemployment_insurance", "disabled_certified", "dibao_family",
              "near_dibao_family", "zero_employment_household", "difficulty_subsidy_exhausted")
FACT_LABELS = {
    "registered_unemployed": "登记失业", "unemployed_registered_on": "连续登记失业起始日",
    "receiving_unemployment_insurance": "正在领取失业保险金", "disabled_certified": "持证残疾人",
    "dibao_family": "低保家庭成员", "near_dibao_family": "低边家庭成员", "zero_employment_household": "城镇零就业家庭",
    "difficulty_subsidy_exhausted": "社保补贴和岗位补贴期限已享受期满", "female_category": "女职工类别",
}


def _zh(text: str | None) -> str:
    return (text or "").partition(" / ")[0]


def person_facts(p: RegisterPerson, stated: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {"id_number": p.id_number, "name": p.name, "hukou_adcode": p.hukou_adcode,
                             "residence_adcode": p.residence_adcode, "female_category": p.female_category}
    for k in (*BOOL_FACTS, "unemployed_registered_on", "female_category"):
        if stated.get(k) is not None:
            facts[k] = stated[k]
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in facts.items() if v is not None}


def evaluate(facts: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The engine's certification result, in plain Chinese: outcome, the route(s) met, each
    condition with its clause, the questions left."""
    p = CATALOGUE.provisions[CERTIFICATION]
    res = evaluate_case({"person": facts}, as_of, provisions=[p]).results[0]
    routes: list[str] = []
    for c in res.conditions:
        if c.id == "route" and c.trace is not None:
            routes = [_zh(t.name) for t in c.trace.children if t.value is True]
    return {"provision_id": p.id, "citation": p.citation, "title": p.title_zh, "clause": p.clause,
            "as_of": as_of.isoformat(), "outcome": res.outcome, "routes": routes, "draft": p.document.draft,
            "conditions": [{"label": c.label_zh, "value": c.value, "clause": c.clause} for c in res.conditions],
            "questions": [q["question_zh"] for q in res.questions], "notes": [_zh(n) for n in res.notes]}


def subsidy_period(facts: dict[str, Any], certified_on: date) -> dict[str, Any]:
    """The subsidy period from the engine (months, last month) with the reading used."""
    p = CATALOGUE.provisions[SUBSIDY_PERIOD]
    # the period is fixed at certification, which is the first approval of the subsidy policy
    # (杭州（九）“初次核定享受补贴政策时”): the engine asks for that date rather than assume it
    facts = {"difficulty_first_subsidy_on": certified_on.isoformat(), **facts, "difficulty_certified": True,
             "difficulty_certified_on": certified_on.isoformat()}
    overrides, reading = None, None
    if PARAMETERS.snapshot(certified_on).get(CUTOFF_PARAM) is None and BLANK_CUTOFF_READING == "new_rules":
        overrides = {CUTOFF_PARAM: certified_on - timedelta(days=1)}
        reading = ("征求意见稿未定新旧划分日期（2022年*月*日），本系统按新规则计算补贴期限 / the draft's cut-off "
                   "date is blank: the period follows the new rules")
    res = evaluate_case({"person": facts}, certified_on, provisions=[p], overrides=overrides).results[0]
    months = res.max_duration_months if res.outcome == ELIGIBLE else None
    out: dict[str, Any] = {"provision_id": p.id, "citation": p.citation, "clause": p.clause, "months": months,
                           "reading": _zh(reading) if reading else None,
                           "questions": [q["question_zh"] for q in res.questions], "until_month": None,
                           "retirement_month": None, "to_retirement": False}
    if months is not None and months > 0:
        out["until_month"] = month_label(certified_on.year * 12 + certified_on.month - 1 + months - 1)
    gender = facts.get("gender")
    birth = facts.get("birth_date")
    if gender and birth and (gender == "M" or facts.get("female_category")):
        y, m = retirement_month(date.fromisoformat(birth), gender, facts.get("female_category") or "cadre")
        out["retirement_month"] = f"{y:04d}-{m:02d}"
        out["to_retirement"] = out["until_month"] == out["retirement_month"]
    return out


def _event(session: Session, cert: Certification, kind: str, on: date, user: Any, note: str | None = None) -> None:
    session.add(CertEvent(certification_id=cert.id, kind=kind, on_date=on, actor_user_id=getattr(user, "id", None),
                          actor=getattr(user, "username", "system")[:64], note=note))


def get(session: Session, user: User, cert_id: int) -> tuple[Certification, RegisterPerson]:
    cert = session.get(Certification, cert_id)
    if cert is None:
        raise NotFound("认定", "certification", cert_id)
    try:
        p = get_person(session, user, cert.register_id)
    except NotFound:
        raise NotFound("认定", "certification", cert_id) from None
    return cert, p


def _caseworker_of(user: User, cert: Certification) -> None:
    if user.role_enum != Role.CASEWORKER or user.county_code != cert.county_code:
        raise Forbidden("只有受理地县（市、区）经办人可以办理", "only a caseworker of the county that received it")


def apply(session: Session, user: User, register_id: int, *, via: str, stated: dict[str, Any],
          applied_on: date | None = None, today: date | None = None) -> Certification:
    """Apply (the person, or a caseworker of the hukou or residence county): the engine evaluates."""
    today = today or date.today()
    applied_on = applied_on or today
    with audit.audited_write(session, actor=user, action="assistance.cert_apply", object_type="certification",
                             county_code=user.county_code):
        p = get_person(session, user, register_id, for_update=True)
        if via not in ("hukou", "residence"):
            raise InputError("via", "受理地：请选择户籍地或常住地", "where: hukou or residence county")
        if applied_on > today:
            raise InputError("applied_on", "申请日期：不能晚于今天", "date: cannot be in the future")
        county = p.hukou_adcode if via == "hukou" else p.residence_adcode
        if not county or (d := get_division(county)) is None or d.level != "county":
            raise InputError("via", "受理地：台账中未登记该人员的户籍地/常住地县（市、区）",
                             "where: the register has no hukou / residence county for the person")
        if user.role_enum == Role.CASEWORKER:
            if user.county_code != county:
                raise Forbidden("只能在申请人户籍地或常住地的县（市、区）受理", "only the hukou or residence county receives it")
        elif not (user.role_enum == Role.APPLICANT and user.person_id == p.person_id):
            raise Forbidden("只有本人或经办人可以申请", "only the person or a caseworker can apply")
        if session.scalar(select(Certification.id).where(Certification.register_id == p.id,
                                                         Certification.status.in_(CERT_OPEN))):
            raise InvalidTransition("已有在办或有效的就业困难人员认定", "an application or certification is already open",
                                    field="status")
        facts = person_facts(p, stated)
        result = evaluate(facts, applied_on)
        cert = Certification(register_id=p.id, county_code=county, city_code=city_of(county) or county,
                             applied_via=via, applied_on=applied_on, applied_by_user_id=user.id, status="applied",
                             facts=facts, provision_id=CERTIFICATION, engine_outcome=result["outcome"],
                             engine={"application": result}, ruleset_version=ruleset_version())
        session.add(cert)
        session.flush()
        _event(session, cert, "applied", applied_on, user,
               f"{'户籍地' if via == 'hukou' else '常住地'}受理；引擎预审：{ {'eligible': '符合', 'not_eligible': '不符合', 'unknown': '需补充信息'}[result['outcome']] }")
        audit.record(session, actor=user, action="assistance.cert_applied", object_type="certification",
                     object_id=cert.id, county_code=county,
                     details={"register_id": p.id, "engine_outcome": result["outcome"], "routes": result["routes"]})
    return cert


def add_evidence(session: Session, user: User, cert_id: int, *, kind: str, reference: str | None,
                 received_on: date) -> Evidence:
    with audit.audited_write(session, actor=user, action="assistance.cert_evidence", object_type="certification",
                             object_id=cert_id, county_code=user.county_code):
        cert, _ = get(session, user, cert_id)
        _caseworker_of(user, cert)
        kind = (kind or "").strip()
        if not kind:
            raise InputError("kind", "材料名称：必填", "document: required")
        if received_on > date.today():
            raise InputError("received_on", "收到日期：不能晚于今天", "received: cannot be in the future")
        ev = Evidence(certification_id=cert.id, kind=kind[:64], reference=(reference or "").strip()[:128] or None,
                      received_on=received_on, recorded_by_user_id=user.id)
        session.add(ev)
        _event(session, cert, "evidence", received_on, user, kind[:64])
        session.flush()
        audit.record(session, actor=user, action="assistance.cert_evidence_added", object_type="certification",
                     object_id=cert.id, county_code=cert.county_code, details={"kind": kind[:64]})
    return ev


def decide(session: Session, user: User, cert_id: int, *, approve: bool, reason: str | None,
           decided_on: date | None = None, next_review_on: date | None = None,
           today: date | None = None) -> Certification:
    """认定 or 不予认定, with a reason. Approval re-runs the engine as of the decision date (it must
    find the person eligible), numbers the certificate, sets the validity and subsidy period from
    the engine, and opens the 就业困难人员 group spell."""
    today = today or date.today()
    decided_on = decided_on or today
    with audit.audited_write(session, actor=user, action="assistance.cert_decide", object_type="certification",
                             object_id=cert_id, county_code=user.county_code):
        cert, p = get(session, user, cert_id)
        _caseworker_of(user, cert)
        if cert.status != "applied":
            raise InvalidTransition("该认定已作出决定", "already decided", field="status")
        why = (reason or "").strip()
        if not why:
            raise InputError("reason", "理由：必填", "reason: required")
        if decided_on < cert.applied_on or decided_on > today:
            raise InputError("decided_on", "认定日期：应在申请日之后、今天之前", "date: after the application, not in the future")
        cert.decided_on, cert.decided_by_user_id, cert.decision_reason = decided_on, user.id, why[:2000]
        if not approve:
            cert.status = "rejected"
            _event(session, cert, "rejected", decided_on, user, why[:500])
        else:
            result = evaluate(cert.facts, decided_on)
            if result["outcome"] != ELIGIBLE:
                missing = "；".join(result["questions"]) or "；".join(
                    c["label"] for c in result["conditions"] if c["value"] is False)
                raise InvalidTransition(f"引擎复核不符合认定条件：{missing}", "the engine does not find the person eligible",
                                        field="facts")
            facts = {**cert.facts, "birth_date": p.birth_date.isoformat(), "gender": p.gender}
            period = subsidy_period(facts, decided_on)
            cert.engine = {**cert.engine, "decision": result, "period": period}
            cert.status, cert.valid_from = "certified", decided_on
            cert.subsidy_months, cert.subsidy_until_month = period["months"], period["until_month"]
            if period["until_month"]:
                y, m = map(int, period["until_month"].split("-"))
                cert.valid_until = add_months(date(y, m, 1), 1) - timedelta(days=1)
            cert.next_review_on = next_review_on
            cert.certificate_no = f"JYKN-{cert.county_code}-{decided_on.year}-{cert.id:06d}"
            session.add(GroupSpell(register_id=p.id, county_code=p.county_code, group_code="difficulty",
                                   start_date=decided_on, source="certification", note=cert.certificate_no))
            _event(session, cert, "certified", decided_on, user, why[:500])
            refresh_person(session, p, today)
        session.flush()
        audit.record(session, actor=user, action=f"assistance.cert_{cert.status}", object_type="certification",
                     object_id=cert.id, county_code=cert.county_code,
                     details={"register_id": p.id, "reason": why[:200], "certificate_no": cert.certificate_no,
                              "subsidy_months": cert.subsidy_months, "until": cert.subsidy_until_month})
    return cert


def review(session: Session, user: User, cert_id: int, *, reviewed_on: date, note: str | None,
           next_review_on: date | None, stated: dict[str, Any] | None = None) -> dict[str, Any]:
    """Periodic review: the engine evaluates the routes again as of the review date with the facts
    now stated; the outcome is recorded (an exit for lapse is the caseworker's separate decision)."""
    with audit.audited_write(session, actor=user, action="assistance.cert_review", object_type="certification",
                             object_id=cert_id, county_code=user.county_code):
        cert, p = get(session, user, cert_id)
        _caseworker_of(user, cert)
        if cert.status != "certified":
            raise InvalidTransition("只有有效的认定可以复核", "only a current certification is reviewed", field="status")
        if reviewed_on < (cert.valid_from or cert.applied_on) or reviewed_on > date.today():
            raise InputError("reviewed_on", "复核日期：应在认定之后、今天之前", "date: after certification, not in the future")
        facts = {**cert.facts, **person_facts(p, stated or {})}
        result = evaluate(facts, reviewed_on)
        reviews = list(cert.engine.get("reviews", []))
        reviews.append(result)
        cert.engine = {**cert.engine, "reviews": reviews}
        cert.next_review_on = next_review_on
        verdict = {"eligible": "仍符合认定条件", "not_eligible": "已不符合认定条件", "unknown": "需补充信息"}[result["outcome"]]
        _event(session, cert, "reviewed", reviewed_on, user, f"{verdict}{'；' + note.strip() if note and note.strip() else ''}")
        session.flush()
        audit.record(session, actor=user, action="assistance.cert_reviewed", object_type="certification",
                     object_id=cert.id, county_code=cert.county_code, details={"outcome": result["outcome"]})
    return result


def _close(session: Session, cert: Certification, *, status: str, on: date, reason: str, user: Any) -> None:
    cert.status, cert.ended_on, cert.end_reason = status, max(on, cert.valid_from or on), reason[:2000]
    spell = session.scalar(select(GroupSpell).where(GroupSpell.register_id == cert.register_id,
                                                    GroupSpell.group_code == "difficulty", GroupSpell.end_date.is_(None)))
    if spell is not None:
        spell.end_date = max(cert.ended_on, spell.start_date)
    _event(session, cert, status, cert.ended_on, user, reason[:500])


def close_on_employment(session: Session, p: RegisterPerson, *, on: date, actor: Any, spell: Any) -> bool:
    """注销 on employment (called by ``record_placement``); True if a certification was cancelled.
    An application still undecided is closed too: the person is no longer unemployed."""
    cert = session.scalar(select(Certification).where(Certification.register_id == p.id,
                                                      Certification.status.in_(CERT_OPEN)).with_for_update())
    if cert is None:
        return False
    if cert.status == "applied":
        cert.status, cert.decided_on, cert.decision_reason = "rejected", max(on, cert.applied_on), "申请期间已实现就业"
        _event(session, cert, "rejected", cert.decided_on, actor, "申请期间已实现就业，不再认定")
        return False
    _close(session, cert, status="cancelled", on=on, user=actor,
           reason=f"实现就业（{spell.employer_name}，{spell.start_date.isoformat()}起）：{EXIT_CLAUSE}")
    session.flush()
    audit.record(session, actor=as_actor(actor), action="assistance.cert_cancelled", object_type="certification",
                 object_id=cert.id, county_code=cert.county_code, details={"on": on, "reason": "employment"})
    return True


def exit_lapse(session: Session, user: User, cert_id: int, *, on: date, reason: str | None,
               today: date | None = None) -> Certification:
    """Exit when the conditions lapse (or the subsidy period is over): a dated event closing the spell."""
    today = today or date.today()
    with audit.audited_write(session, actor=user, action="assistance.cert_exit", object_type="certification",
                             object_id=cert_id, county_code=user.county_code):
        cert, p = get(session, user, cert_id)
        _caseworker_of(user, cert)
        if cert.status != "certified":
            raise InvalidTransition("只有有效的认定可以退出", "only a current certification can end", field="status")
        why = (reason or "").strip()
        if not why:
            raise InputError("reason", "退出理由：必填", "reason: required")
        if on < (cert.valid_from or on) or on > today:
            raise InputError("on", "退出日期：应在认定之后、今天之前", "date: after certification, not in the future")
        _close(session, cert, status="lapsed", on=on, reason=why, user=user)
        refresh_person(session, p, today)
        session.flush()
        audit.record(session, actor=user, action="assistance.cert_lapsed", object_type="certification",
                     object_id=cert.id, county_code=cert.county_code, details={"on": on, "reason": why[:200]})
    return cert


def history(session: Session, register_id: int) -> list[tuple[Certification, list[CertEvent], list[Evidence]]]:
    certs = session.scalars(select(Certification).where(Certification.register_id == register_id)
                            .order_by(Certification.applied_on.desc(), Certification.id.desc())).all()
    out = []
    for c in certs:
        events = session.scalars(select(CertEvent).where(CertEvent.certification_id == c.id)
                                 .order_by(CertEvent.on_date, CertEvent.id)).all()
        evidence = session.scalars(select(Evidence).where(Evidence.certification_id == c.id)
                                   .order_by(Evidence.received_on, Evidence.id)).all()
        out.append((c, list(events), list(evidence)))
    return out


def reviews_due(session: Session, user: User, today: date, *, within_days: int = 14,
                limit: int = 50) -> list[tuple[Certification, RegisterPerson]]:
    """Current certifications of the user's scope whose periodic review falls due by ``today +
    within_days``, the earliest first (the caseworker's landing page lists them)."""
    from .access import scoped

    rows = session.execute(
        select(Certification, RegisterPerson).join(RegisterPerson, RegisterPerson.id == Certification.register_id)
        .where(scoped(user), Certification.status == "certified", Certification.next_review_on.is_not(None),
               Certification.next_review_on <= today + timedelta(days=within_days))
        .order_by(Certification.next_review_on, Certification.id).limit(limit)).all()
    return [(c, p) for c, p in rows]
