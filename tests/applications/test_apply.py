"""填报转确认: applying from a calculator result. The answers arrive in the form (signed, not as
JSON), only what the benefit still needs is asked, evidence is uploaded with the application, and
the benefit list holds only what is in force, not a draft, in the applicant's county."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest

from jiuye.applications import evidence
from jiuye.applications.models import Application
from jiuye.web import apply as apply_page
from jiuye.web import prefill
from jiuye.web.guided import GuidedState, dump_token
from tests.applications.test_evidence import FAKE_PDF, PDF, png_bytes
from tests.dbfixtures import login_cookie, without_hz_effective_date

TODAY = date(2026, 12, 6)
GRAD_SI = "quzhou_2023_12.san.graduate_si_subsidy"  # 衢政发〔2023〕12号 二（三）: 第一年2400元的社会保险补贴
STARTUP_EMPLOYMENT = "quzhou_2023_12.qi.startup_employment"
GRADUATE = {"person.work_adcode": "330802", "person.university_graduate": True,
            "person.graduation_date": date(2023, 6, 30), "person.first_startup": True}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(apply_page, "today", lambda: TODAY)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def section(html: str, sid: str) -> str:
    start = html.index(f'id="{sid}"')
    return html[start:html.index("</section>", start)]


def offered(html: str) -> list[str]:
    choose = html[html.index('id="apply-choose"'):html.index("</form>", html.index('id="apply-choose"'))]
    block = choose[choose.index('name="provision"'):]
    return re.findall(r'<option value="([^"]+)"', block)


# --- the answers arrive, only the missing ones are asked ---------------------------------------------

def test_the_calculator_card_links_to_the_prefilled_application(client, world):
    """A 2023 graduate founder in 柯城区 answers the calculator; the 申请 link on the result card
    carries the answers signed, and the application page shows them to confirm."""
    form = {"subject": "person", "has_business": "true", "person.work_adcode": "330802",
            "person.university_graduate": "true", "person.graduation_date": "2023-06-30",
            "person.first_startup": "true"}
    page = client.post("/calculator", data=form).text
    link = re.search(rf'href="(/apply\?provision={re.escape(GRAD_SI)}&amp;answers=[^"]+)"', page)
    assert link is not None, "the card of 二（三） has a 申请 link"
    href = link.group(1).replace("&amp;", "&")
    assert "2023-06-30" not in href and "{" not in href  # the answers are signed, not readable JSON
    assert client.get(href).status_code == 303  # not logged in: to the login page, and back
    assert client.get(href).headers["location"].startswith("/login?next=%2Fapply%3Fprovision%3D")
    login_cookie(client, world["li"])
    html = client.get(href).text
    confirm = section(html, "apply-confirm")
    assert "就业地（县、市、区）" in confirm and "柯城区" in confirm and "2023-06-30" in confirm
    assert "区划代码" not in html and "330802" not in re.sub(r'value="330802"', "", html)


def test_only_the_facts_still_missing_are_asked(client, world):
    login_cookie(client, world["li"])
    html = client.get(prefill.apply_href(GRAD_SI, facts=GRADUATE)).text
    asked = re.findall(r'data-fact="([^"]+)"', section(html, "apply-missing"))
    # 二（三）: “在衢非公企业就业并依法缴纳社会保险费的高校毕业生” … “第一年” — the employer, the insurance, whether
    # it is the first job and the hiring date are unknown
    assert asked == ["person.employer_ownership", "person.currently_insured", "person.first_employment",
                     "person.hired_on"]
    assert not set(asked) & set(GRADUATE)
    assert 'name="facts"' not in html and "JSON" not in html and "<textarea" not in html
    assert re.search(rf'<option value="{re.escape(GRAD_SI)}"\s+selected', html)


def test_the_guided_calculators_token_arrives_too(client, world):
    """/guide's cards link to the same entry point with their session token: 我是高校毕业生 + 我要创业 in 柯城区."""
    state = GuidedState(events=("graduate", "founder"), place="330802",
                        answers={"person.graduation_date": "2023-06-30", "person.employer_ownership": "private"})
    login_cookie(client, world["li"])
    html = client.get("/apply", params={"provision": GRAD_SI, "answers": dump_token(state)}).text
    confirm = section(html, "apply-confirm")
    assert "柯城区" in confirm and "2023-06-30" in confirm and "民营" in confirm
    asked = re.findall(r'data-fact="([^"]+)"', section(html, "apply-missing"))
    assert "person.graduation_date" not in asked and "person.work_adcode" not in asked
    assert "person.currently_insured" in asked


def test_a_forged_or_expired_token_is_ignored_and_said(client, world):
    login_cookie(client, world["li"])
    good = prefill.answers_token(subject="person", facts=GRADUATE)
    html = client.get("/apply", params={"provision": GRAD_SI, "answers": good[:-3] + "AAA"}).text
    assert "回答已过期" in html and 'id="apply-confirm"' not in html
    assert "person.university_graduate" in section(html, "apply-missing")


# --- submitting, with evidence ---------------------------------------------------------------------

def _form_of(html: str) -> dict[str, str]:
    names = ("csrf", "idempotency_key", "provision_id", "county_code", "asked", "answers")
    return {k: hidden(html, k) for k in names if f'name="{k}"' in html}


def test_a_graduate_confirms_answers_the_rest_uploads_and_submits(client, world):
    login_cookie(client, world["li"])
    html = client.get(prefill.apply_href(GRAD_SI, facts=GRADUATE)).text
    data = {**_form_of(html), "person.work_adcode": "330802", "person.university_graduate": "true",
            "person.graduation_date": "2023-06-30", "person.first_startup": "true",
            "person.employer_ownership": "private", "person.currently_insured": "true",
            "person.first_employment": "true", "person.hired_on": "2024-03-01"}
    files = [("evidence", ("毕业证书.pdf", PDF, "application/pdf")), ("evidence", ("参保证明.png", png_bytes(), "image/png"))]
    r = client.post("/apply", data=data, files=files)
    assert r.status_code == 303, r.text
    app = world.session.get(Application, int(r.headers["location"].rsplit("/", 1)[1]))
    person = app.input_snapshot["case"]["person"]
    assert person["graduation_date"] == "2023-06-30" and person["hired_on"] == "2024-03-01"
    assert app.county_code == "330802" and app.person_id == world["li"].person_id
    # 二（三）: “给予第一年2400元的社会保险补贴”
    assert (app.engine_outcome, app.engine_amount_fen) == ("eligible", 240_000)
    files = evidence.evidence_for(world.session, app.id)
    assert [(f["filename"], f["sha256"]) for f in files] == [
        ("毕业证书.pdf", hashlib.sha256(PDF).hexdigest()), ("参保证明.png", hashlib.sha256(png_bytes()).hexdigest())]
    login_cookie(client, world["kecheng"])  # the county's caseworker downloads them
    assert client.get(files[1]["url"]).content == png_bytes()


def test_a_fake_pdf_is_refused_with_the_field_named_and_nothing_filed(client, world):
    login_cookie(client, world["li"])
    html = client.get(prefill.apply_href(GRAD_SI, facts=GRADUATE)).text
    data = {**_form_of(html), "person.work_adcode": "330802", "person.university_graduate": "true",
            "person.graduation_date": "2023-06-30"}
    r = client.post("/apply", data=data, files=[("evidence", ("毕业证书.pdf", FAKE_PDF, "application/pdf"))])
    assert r.status_code == 422
    assert "<strong>证明材料</strong>：证明材料“毕业证书.pdf”不是 PDF、JPG 或 PNG 文件" in r.text
    assert world.session.query(Application).count() == 0


def test_answers_that_open_new_questions_are_asked_before_filing(client, world):
    login_cookie(client, world["li"])
    html = client.get(prefill.apply_href(GRAD_SI, facts=GRADUATE)).text
    data = {**_form_of(html), "asked": "", "person.work_adcode": "330802", "person.university_graduate": "true"}
    r = client.post("/apply", data=data)
    assert r.status_code == 200 and "根据您的回答，还需补充以下信息" in r.text
    assert world.session.query(Application).count() == 0


def test_a_bad_answer_is_named_in_words(client, world):
    login_cookie(client, world["li"])
    html = client.get(prefill.apply_href(GRAD_SI, facts=GRADUATE)).text
    r = client.post("/apply", data={**_form_of(html), "person.hired_on": "2024-13-45"})
    assert r.status_code == 422
    assert "<strong>入职现单位日期</strong>：日期格式应为 年-月-日（YYYY-MM-DD）" in r.text
    assert "person.hired_on</code>" not in r.text


# --- the benefit list --------------------------------------------------------------------------------

def test_the_list_offers_what_is_in_force_here_and_not_drafts(client, world):
    login_cookie(client, world["li"])  # 柯城区 (衢州), from the profile
    html = client.get("/apply").text
    ids = offered(html)
    assert GRAD_SI in ids and "quzhou_2023_12.wu.flexible_si_subsidy" in ids
    assert "zj_2022_46.art21" not in ids  # 浙人社发〔2022〕46号: in force until 2025-12-31
    assert not [i for i in ids if i.startswith("hz_2022_draft.")]  # 杭州征求意见稿: no effective date
    assert not [i for i in ids if i.startswith("zj_2022_46.")]
    assert STARTUP_EMPLOYMENT not in ids  # an enterprise benefit
    # 上城区 (杭州): no Quzhou benefit
    hz = offered(client.get("/apply", params={"county": "330102"}).text)
    assert not [i for i in hz if i.startswith("quzhou_2023_12.")]


def test_a_draft_or_expired_benefit_says_why_and_cannot_be_filed(client, world):
    without_hz_effective_date(world)  # the Hangzhou draft as published: 2022年*月*日 left blank
    login_cookie(client, world["zhang"])  # 上城区 (杭州)
    html = client.get("/apply", params={"provision": "hz_2022_draft.san.startup_subsidy"}).text
    refused = html[html.index('id="apply-refused"'):html.index('id="apply-choose"')]
    assert "所属文件为征求意见稿，尚未确定施行日期，暂不能申请" in refused
    assert 'id="apply-form"' not in html
    assert not [i for i in offered(html) if i.startswith("hz_2022_draft.")]
    login_cookie(client, world["li"])
    html = client.get("/apply", params={"provision": "zj_2022_46.art21"}).text
    assert "已失效" in html and 'id="apply-form"' not in html
    good = client.get(prefill.apply_href(GRAD_SI, facts=GRADUATE)).text
    r = client.post("/apply", data={**_form_of(good), "provision_id": "zj_2022_46.art21"})
    assert r.status_code == 422 and "所属政策已失效" in r.text
    assert world.session.query(Application).count() == 0


def test_the_enterprise_applies_for_itself_without_typing_its_code(client, world):
    login_cookie(client, world["firm"])
    html = client.get("/apply", params={"provision": STARTUP_EMPLOYMENT}).text
    ids = offered(html)
    assert STARTUP_EMPLOYMENT in ids and GRAD_SI not in ids
    assert "柯城区" in section(html, "apply-confirm")  # the registration county, from its record
    asked = re.findall(r'data-fact="([^"]+)"', section(html, "apply-missing"))
    assert "enterprise.adcode" not in asked and 'name="uscc"' not in html
    data = {**_form_of(html), "enterprise.adcode": "330802", "person.first_startup": "true",
            "person.university_graduate": "true", "person.graduation_date": "2021-06-30",
            "enterprise.insured_hires_12m": "3", "enterprise.registered_on": "2023-03-01"}
    r = client.post("/apply", data=data, files=[("evidence", ("营业执照.jpg", b"\xff\xd8\xff\xe0" + b"1" * 64, "image/jpeg"))])
    assert r.status_code == 303, r.text
    app = world.session.get(Application, int(r.headers["location"].rsplit("/", 1)[1]))
    assert app.enterprise_id == world["firm"].enterprise_id and app.subject_kind == "enterprise"
    assert app.input_snapshot["case"]["enterprise"]["uscc"] == world.ids["firm"]
    assert [f["content_type"] for f in evidence.evidence_for(world.session, app.id)] == ["image/jpeg"]


def test_a_caseworker_files_for_an_enterprise_and_a_bad_credit_code_is_named(client, world):
    login_cookie(client, world["kecheng"])
    html = client.get("/apply", params={"provision": STARTUP_EMPLOYMENT}).text
    assert 'name="uscc"' in html and "柯城区" in html
    data = {**_form_of(html), "uscc": world.ids["firm"][:-1] + ("0" if world.ids["firm"][-1] != "0" else "1"),
            "enterprise_name": "衢州测试电商有限公司", "enterprise.adcode": "330802", "person.first_startup": "true",
            "enterprise.insured_hires_12m": "2"}
    r = client.post("/apply", data=data)
    assert r.status_code == 422 and "<strong>统一社会信用代码</strong>" in r.text
    assert "校验" in r.text
    r = client.post("/apply", data={**data, "uscc": world.ids["firm"]})
    assert r.status_code == 303
    again = client.post("/apply", data={**data, "uscc": world.ids["firm"]})  # a double click: the same one
    assert again.headers["location"] == r.headers["location"]


def test_the_old_address_is_the_same_page(client, world):
    login_cookie(client, world["li"])
    html = client.get("/applications/new", params={"provision_id": GRAD_SI}).text
    assert 'id="apply-form"' in html and "JSON" not in html


def test_once_the_drafts_effective_date_is_recorded_hangzhou_benefits_are_offered(client, world):
    """The test world's administrators recorded the Hangzhou draft's effective date (2022-07-01)."""
    login_cookie(client, world["zhang"])  # 上城区 (杭州)
    ids = offered(client.get("/apply").text)
    assert "hz_2022_draft.san.startup_subsidy" in ids and "hz_2022_draft.si.personal_loan" in ids
    assert not [i for i in ids if i.startswith("quzhou_2023_12.")]


def test_a_draft_card_has_no_apply_link(client, world):
    """杭州征求意见稿 （三）: a graduate founder in 西湖区 is eligible, but the draft has no effective date."""
    without_hz_effective_date(world)
    form = {"subject": "person", "has_business": "true", "person.work_adcode": "330106",
            "person.university_graduate": "true", "person.graduation_date": "2022-06-30", "person.first_startup": "true",
            "enterprise.adcode": "330106", "enterprise.kind": "individual", "enterprise.registered_on": "2023-03-01",
            "as_of": "2025-06-01"}
    page = client.post("/calculator", data=form).text
    assert 'data-provision="hz_2022_draft.san.startup_subsidy"' in page
    assert 'data-apply="hz_2022_draft.' not in page


def test_the_page_speaks_english(client, world):
    client.cookies.set("lang", "en")
    login_cookie(client, world["li"])
    html = client.get(prefill.apply_href(GRAD_SI, facts=GRADUATE)).text
    assert "Apply for a benefit" in html and "Please check what you told us" in html
    assert "申请待遇" not in html


def test_a_person_asking_for_their_firms_benefit_can_switch_account(client, world):
    """二（七） is the enterprise's: a founder logged in as a person is told so and offered the other login."""
    login_cookie(client, world["li"])
    href = prefill.apply_href(STARTUP_EMPLOYMENT, facts=GRADUATE)
    html = client.get(href).text
    assert "企业类待遇请以企业账号申请" in html and 'id="apply-form"' not in html
    here = re.search(r'name="next" value="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert here == href
    r = client.post("/logout", data={"next": here})
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=%2Fapply%3Fprovision%3D")


def test_a_monthly_claim_names_its_period_with_a_month_picker(client, world):
    """衢政发〔2023〕12号 二（五）, monthly: the claim names the months it is for (a month picker, not a typed date)."""
    flexible = "quzhou_2023_12.wu.flexible_si_subsidy"
    login_cookie(client, world["li"])
    html = client.get(prefill.apply_href(flexible, facts=GRADUATE)).text
    assert 'type="month" max="2026-12" value="2026-12"' in html
    data = {**_form_of(html), "person.work_adcode": "330802", "person.university_graduate": "true",
            "person.graduation_date": "2023-06-30", "person.first_startup": "true",
            "person.difficulty_certified": "false", "person.flexible_employed": "true"}
    r = client.post("/apply", data={**data, "claim_period_start": "2099-01"})
    assert r.status_code == 422 and "<strong>申请期间</strong>：申请期间尚未开始" in r.text
    r = client.post("/apply", data={**data, "claim_period_start": "2026-10", "months": "2"})
    assert r.status_code == 303, r.text
    app = world.session.get(Application, int(r.headers["location"].rsplit("/", 1)[1]))
    assert (app.claim_period_start, app.claim_period_end) == (date(2026, 10, 1), date(2026, 11, 30))
