"""What the database already holds about an application's subject, beside what the application
claims: the subject's other applications (within the reviewer's jurisdiction) with their
entitlements, payments and overdue instalments, every fact an earlier application stated
otherwise (a graduation date, a certificate, a county…), and what the key-group register records
about the person (registered unemployment, 就业困难人员 certification, birth date, counties), so the
review screen can highlight each difference with where it comes from."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..accounts.service import scope
from ..applications.models import STATUS_LABELS, Application, Entitlement, Payment, PersonRecord, Status
from ..applications.overdue import overdue_by_application
from ..assistance.models import Certification, GroupSpell, RegisterPerson
from ..catalogue.registry import CATALOGUE
from .forms import display_stored, field_specs

PARTS = ("person", "enterprise")


def _facts(app: Application) -> dict[str, Any]:
    case = (app.input_snapshot or {}).get("case") or {}
    return {f"{part}.{k}": v for part in PARTS for k, v in (case.get(part) or {}).items() if v is not None}


def subject_records(db_session: Session, user: User, app: Application) -> dict[str, Any]:
    """The subject's other applications the user may see, newest first, and the facts they
    stated differently from this application (``{fact: [{"value", "application_id", "date",
    "title_zh", "title_en"}]}``)."""
    visible = scope(user, county_col=Application.county_code, city_col=Application.city_code,
                    person_col=Application.person_id, enterprise_col=Application.enterprise_id,
                    kind_col=Application.subject_kind)
    others = list(db_session.scalars(
        select(Application).where(Application.subject_key == app.subject_key, Application.id != app.id, visible)
        .order_by(Application.application_date.desc(), Application.id.desc()).limit(50)))
    ids = [o.id for o in others]
    ents = {e.application_id: e for e in db_session.scalars(
        select(Entitlement).where(Entitlement.application_id.in_(ids)))} if ids else {}
    paid = {a: (n, int(t or 0)) for a, n, t in db_session.execute(
        select(Payment.application_id, func.count(), func.sum(Payment.amount_fen))
        .where(Payment.application_id.in_(ids), Payment.status == "paid").group_by(Payment.application_id))} if ids else {}
    late = overdue_by_application(db_session, ids)
    mine = CATALOGUE.provisions.get(app.provision_id)
    specs = field_specs()
    here = _facts(app)
    elsewhere: dict[str, list[dict[str, Any]]] = {}
    rows = []
    for o in others:
        p = CATALOGUE.provisions.get(o.provision_id)
        zh, en = STATUS_LABELS[Status(o.status)]
        ent = ents.get(o.id)
        same_group = bool(mine and p and mine.stacking_group and mine.stacking_group == p.stacking_group)
        rows.append({"id": o.id, "title_zh": p.title_zh if p else o.provision_id,
                     "title_en": p.title_en if p else o.provision_id, "status": o.status, "status_zh": zh,
                     "status_en": en, "application_date": o.application_date,
                     "same_provision": o.provision_id == app.provision_id, "same_group": same_group,
                     "entitlement": None if ent is None else {"period": ent.period, "amount_fen": ent.amount_fen,
                                                              "months": ent.months, "start_date": ent.start_date,
                                                              "status": ent.status},
                     "paid_count": paid.get(o.id, (0, 0))[0], "paid_fen": paid.get(o.id, (0, 0))[1],
                     "overdue_count": len(late.get(o.id, []))})
        for name, v in _facts(o).items():
            spec = specs.get(name)
            if spec is None or name not in here or here[name] == v:
                continue
            elsewhere.setdefault(name, []).append({
                "value": display_stored(spec, v), "href": f"/applications/{o.id}",
                "source_zh": f"第{o.id}号申请（{o.application_date}，{rows[-1]['title_zh']}）",
                "source_en": f"application {o.id} ({o.application_date}, {rows[-1]['title_en']})",
                "verb_zh": "填报为", "verb_en": "stated"})
    for name, value in register_facts(db_session, user, app).items():
        spec = specs.get(name)
        if spec is None or name not in here or _same(here[name], value):
            continue
        elsewhere.setdefault(name, []).append({
            "value": display_stored(spec, value), "href": None, "source_zh": "重点群体台账", "source_en": "the key-group register",
            "verb_zh": "记为", "verb_en": "records"})
    return {"others": rows, "elsewhere": elsewhere,
            "flagged": [r for r in rows if (r["same_provision"] or r["same_group"])
                        and r["status"] in ("approved", "pending_review", "objection")]}


def _same(claimed: Any, recorded: Any) -> bool:
    return str(claimed) == str(recorded) if isinstance(recorded, date) else claimed == recorded


def register_facts(db_session: Session, user: User, app: Application) -> dict[str, Any]:
    """What the key-group register (重点群体台账) records about the applicant for the claim's period,
    as facts of the application form: birth date, gender, household and residence county,
    registered unemployment (and since when), 就业困难人员 certification (and its date). Only an
    entry in the user's jurisdiction is read; nothing for an enterprise."""
    if app.person_id is None:
        return {}
    person = db_session.get(PersonRecord, app.person_id)
    if person is None:
        return {}
    visible = scope(user, county_col=RegisterPerson.county_code, city_col=RegisterPerson.city_code)
    rp = db_session.scalar(select(RegisterPerson).where(RegisterPerson.id_number == person.id_number, visible))
    if rp is None:
        return {}
    on = app.period_start
    out: dict[str, Any] = {"person.birth_date": rp.birth_date, "person.gender": rp.gender}
    if rp.hukou_adcode:
        out["person.hukou_adcode"] = rp.hukou_adcode
    if rp.residence_adcode:
        out["person.residence_adcode"] = rp.residence_adcode
    spells = db_session.scalars(select(GroupSpell).where(
        GroupSpell.register_id == rp.id, GroupSpell.group_code == "registered_unemployed",
        GroupSpell.start_date <= on, or_(GroupSpell.end_date.is_(None), GroupSpell.end_date >= on))
        .order_by(GroupSpell.start_date)).all()
    out["person.registered_unemployed"] = bool(spells)
    if spells:
        out["person.unemployed_registered_on"] = spells[-1].start_date
    cert = db_session.scalar(select(Certification).where(
        Certification.register_id == rp.id, Certification.status.in_(("certified", "cancelled", "lapsed")),
        Certification.valid_from <= on, or_(Certification.ended_on.is_(None), Certification.ended_on > on))
        .order_by(Certification.valid_from.desc()).limit(1))
    out["person.difficulty_certified"] = cert is not None
    if cert is not None:
        out["person.difficulty_certified_on"] = cert.valid_from
    return out


def claimed_facts(app: Application, records: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The facts the application states, in the form's order and words: ``{"spec", "value",
    "differs", "elsewhere"}``; identity (ID number, name) is shown apart, masked."""
    specs = field_specs()
    elsewhere = (records or {}).get("elsewhere", {})
    rows = []
    for name, v in _facts(app).items():
        spec = specs.get(name)
        if spec is None:
            continue
        rows.append({"spec": spec, "value": display_stored(spec, v), "differs": name in elsewhere,
                     "elsewhere": elsewhere.get(name, [])})
    return sorted(rows, key=lambda r: r["spec"].order)
