"""The pages: a 上城区 caseworker imports, certifies, recommends a job, places; 柯城区 sees nothing;
the person sees their own status; the API answers the watch list and the figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from jiuye.assistance.models import Certification, RegisterPerson

from .conftest import login, woman_46, workbook


def _today() -> str:
    return date.today().isoformat()


def test_the_caseworkers_flow(web, world):
    csrf = login(web, world["shangcheng"])
    n = woman_46()
    data = workbook([[n, "王芳", "登记失业人员", "2026-05-01", "是", "是", "上城区"],
                     ["330102198005101234", "错号", "登记失业人员", "2026-05-01", "是", "是", "上城区"]])
    r = web.post("/assistance/import", data={"csrf": csrf}, files={"file": ("台账.xlsx", data)})
    assert r.status_code == 200 and "第3行" in r.text and "身份证号" in r.text
    pid = world.session.scalar(select(RegisterPerson.id).where(RegisterPerson.id_number == n))
    page = web.get("/assistance")
    assert page.status_code == 200 and "王*" in page.text and "已超期" in page.text and n not in page.text
    r = web.post(f"/assistance/people/{pid}/certify", data={
        "csrf": csrf, "via": "hukou", "unemployed_registered_on": "2026-05-01", "registered_unemployed": "是",
        "disabled_certified": "否", "dibao_family": "否", "near_dibao_family": "否", "zero_employment_household": "否",
        "receiving_unemployment_insurance": "否", "difficulty_subsidy_exhausted": "否", "female_category": "worker"})
    assert r.status_code == 303
    cert_url = r.headers["location"]
    page = web.get(cert_url).text
    assert "连续登记失业半年以上的女45、男55周岁以上人员" in page and "下列登记失业人员可在户籍地或常住地申请" in page
    r = web.post(cert_url + "/decide", data={"csrf": csrf, "decision": "approve", "reason": "符合", "decided_on": _today()})
    assert r.status_code == 303
    page = web.get(cert_url).text
    assert "法定退休年龄当月" in page and "2033-02" in page and "JYKN-330102-" in page
    r = web.post(f"/assistance/people/{pid}/service", data={"csrf": csrf, "kind": "job_referral", "service_date": _today(),
                                                          "job_title": "物业客服", "employer_name": "杭州某物业公司"})
    assert r.status_code == 303
    r = web.post(f"/assistance/people/{pid}/placement", data={"csrf": csrf, "employer_name": "杭州某物业公司",
                                                            "start": _today()})
    assert r.status_code == 303
    assert "名单已清零" in web.get("/assistance").text
    person = web.get(f"/assistance/people/{pid}").text
    assert "（经办人登记）" in person and "register）" not in person
    assert world.session.scalar(select(Certification.status)) == "cancelled"
    policies = web.get(f"/assistance/people/{pid}/policies")
    assert policies.status_code == 200


def test_a_bad_form_names_the_field(web, world):
    csrf = login(web, world["shangcheng"])
    r = web.post("/assistance/register/new", data={"csrf": csrf, "id_number": "330102198005101234", "name": "某",
                                                   "groups": "registered_unemployed"})
    assert r.status_code == 422 and "身份证号：" in r.text


def test_another_county_sees_none_of_it(web, world, registered):
    login(web, world["kecheng"])
    assert web.get(f"/assistance/people/{registered.id}").status_code == 404
    page = web.get("/assistance").text
    assert "王*" not in page
    assert web.get("/api/v1/assistance/watch").json()["total"] == 0


def test_the_api(web, world, registered):
    login(web, world["hz_manager"])
    body = web.get("/api/v1/assistance/watch").json()
    assert body["total"] == 1 and body["items"][0]["id_number"].count("*") == 8
    figures = web.get("/api/v1/assistance/figures", params={"period_start": "2026-01-01",
                                                            "period_end": "2026-12-31"}).json()
    assert {f["county_code"] for f in figures} >= {"330102", "330105"}
    login(web, world["kecheng"])
    r = web.get("/api/v1/assistance/figures", params={"period_start": "2026-01-01", "period_end": "2026-12-31",
                                                      "county_or_city": "330102"})
    assert r.status_code == 403


def test_the_person_sees_their_own_status(web, world):
    from jiuye.assistance import service

    from .conftest import entry

    zhang = world.ids["zhang"]  # 张三, 上城区 (an applicant user)
    service.add_person(world.session, world["shangcheng"], entry(zhang, groups="登记失业人员"))
    login(web, world["zhang"])
    r = web.get("/assistance")
    assert r.status_code == 303 and r.headers["location"] == "/assistance/me"
    page = web.get("/assistance/me").text
    assert "登记失业人员" in page and "在动态清零名单" in page
    login(web, world["li"])
    assert "不在重点群体台账中" in web.get("/assistance/me").text


def test_a_caseworkers_landing_page_is_the_watch_list(web, world):
    from tests.dbfixtures import PASSWORD

    r = web.post("/login", data={"username": "t_shangcheng", "password": PASSWORD})
    assert r.status_code == 303 and r.headers["location"] == "/assistance"
    r = web.post("/login", data={"username": "t_hz_manager", "password": PASSWORD})
    assert r.headers["location"] == "/applications"  # a city manager lands on the 申请总览 overview


def test_the_demo_register(db_session):
    from jiuye.assistance import watch
    from jiuye.demo import seed_demo

    assert seed_demo(db_session)
    rows = {s.county_code: s for s in watch.county_summaries(db_session, None)}
    assert (rows["330102"].people, rows["330102"].overdue) == (3, 1)
    assert rows["330802"].people == 2


def test_the_person_applies_for_certification_themself(web, world):
    from jiuye.assistance import service

    from .conftest import entry

    zhang = world.ids["zhang"]  # 张三, born 1990: no route (not 45, no other situation)
    p = service.add_person(world.session, world["shangcheng"], entry(zhang))
    csrf = login(web, world["zhang"])
    r = web.post(f"/assistance/people/{p.id}/certify", data={
        "csrf": csrf, "via": "hukou", "unemployed_registered_on": "2026-01-01", "registered_unemployed": "是",
        "disabled_certified": "否", "dibao_family": "否", "near_dibao_family": "否", "zero_employment_household": "否",
        "receiving_unemployment_insurance": "否", "difficulty_subsidy_exhausted": "否"})
    assert r.status_code == 303
    page = web.get(r.headers["location"]).text
    assert "不符合认定条件" in page and "符合认定情形之一" in page and "作出决定" not in page
    login(web, world["li"])  # another applicant does not see it
    assert web.get(r.headers["location"]).status_code == 404
