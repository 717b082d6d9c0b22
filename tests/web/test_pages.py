"""Server-rendered pages, without a browser: language, calculator steps, library, parameters."""

from __future__ import annotations

import re
import types
from pathlib import Path

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from jiuye.ui import i18n
from jiuye.ui.templating import templates
from jiuye.web.calculator import BATCH

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "jiuye" / "web" / "templates"

FLEX_FORM = {
    "subject": "person", "as_of": "2024-10-01", "has_business": "false", "person.work_adcode": "330802",
    "person.university_graduate": "true", "person.graduation_date": "2023-06-30", "person.flexible_employed": "true",
    "person.si_base_monthly_fen": "8000", "person.si_paid_monthly_fen": "1,600.00",
}


def test_home_is_chinese_by_default(client):
    r = client.get("/")
    assert r.status_code == 200
    assert '<html lang="zh-CN">' in r.text
    assert "政策计算器" in r.text and "政策库" in r.text


def test_english_by_cookie(client):
    client.cookies.set("lang", "en")
    r = client.get("/calculator")
    assert '<html lang="en">' in r.text and "Policy calculator" in r.text


def test_language_switch_sets_a_cookie_and_goes_back(client):
    r = client.get("/lang/en", params={"next": "/library?q=x"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/library?q=x"
    assert "lang=en" in r.headers["set-cookie"]
    for evil in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        r = client.get("/lang/zh", params={"next": evil}, follow_redirects=False)
        assert r.headers["location"] == "/"


def test_calculator_first_step_asks_place_first(client):
    r = client.get("/calculator")
    assert r.status_code == 200
    facts = re.findall(r'data-fact="([^"]+)"', r.text)
    assert facts[0] == "has_business"
    assert facts[1].endswith("adcode")
    assert len(facts) <= 1 + BATCH  # the business question plus one batch


def test_calculator_result_step(client):
    r = client.post("/calculator", data=FLEX_FORM)
    assert r.status_code == 200
    html = r.text
    assert "¥1,066.67" in html
    assert "浙人社发〔2022〕46号 第21条" in html
    assert "以下结果按 2024-10-01 的政策和参数计算" in html
    assert 'data-provision="zj_2022_46.art21"' in html


def test_htmx_step_returns_only_the_panel(client):
    r = client.post("/calculator", data=FLEX_FORM, headers={"HX-Request": "true"})
    assert r.text.lstrip().startswith('<div id="calculator"')
    assert "<html" not in r.text


def test_calculator_reports_bad_fields_and_keeps_going(client):
    form = {**FLEX_FORM, "person.si_paid_monthly_fen": "abc", "person.graduation_date": "2023-02-30"}
    r = client.post("/calculator", data=form)
    assert r.status_code == 422  # a validation error, as the other forms answer it; the page still renders
    assert 'role="alert"' in r.text
    assert "请输入数字" in r.text and "日期格式应为" in r.text
    assert 'aria-invalid="true"' in r.text
    r = client.post("/calculator", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 422 and r.text.lstrip().startswith('<div id="calculator"')
    assert r.text.count('class="field-error"') == 2


def test_calculator_bad_date_is_422_with_the_error_beside_the_field(client):
    r = client.post("/calculator", data={**FLEX_FORM, "as_of": "2024-13-45"})
    assert r.status_code == 422
    assert re.search(r'id="f-as_of"[^>]*aria-invalid="true"', r.text)
    assert '<p class="field-error" id="f-as_of-err">评估日期应为' in r.text
    assert client.post("/calculator", data=FLEX_FORM).status_code == 200  # a good form is still a 200


def test_calculator_never_answers_500_on_bad_input(client):
    bad = [{"as_of": "x" * 300}, {"subject": "robot"}, {"person.work_adcode": "999999"},
           {"person.work_adcode": "330185"}, {"person.birth_date": "1800-01-01"}, {"person.si_paid_monthly_fen": "-5"},
           {"person.si_paid_monthly_fen": "1e400"}, {"history_provision": "nope", "history_date": "2024-02-30"},
           {"history_provision": "zj_2022_46.art21", "history_date": ""}, {"asked": "person.nope"},
           {"person.graduation_date": "0000-00-00"}, {"has_business": "maybe"}]
    for extra in bad:
        for headers in ({}, {"HX-Request": "true"}):
            r = client.post("/calculator", data={**FLEX_FORM, **extra}, headers=headers)
            assert r.status_code in (200, 422), (extra, r.status_code)
            assert "Traceback" not in r.text and "fen" not in re.sub(r"<[^>]+>", "", r.text).lower().replace(
                "fen_", ""), extra


def test_calculator_set_lang_keeps_answers(client):
    r = client.post("/calculator", data={**FLEX_FORM, "set_lang": "en"})
    assert '<html lang="en">' in r.text and "¥1,066.67" in r.text and "per month" in r.text
    assert "lang=en" in r.headers["set-cookie"]


def test_enterprise_calculator_labels_founder_questions(client):
    r = client.post("/calculator", data={"subject": "enterprise", "as_of": "2024-10-01", "enterprise.adcode": "330825",
                                         "show_all": "1"})
    assert "创办人" in r.text
    assert 'name="person.first_startup"' in r.text


def test_library_search_highlights(client):
    r = client.get("/library", params={"q": "灵活就业"})
    assert r.status_code == 200
    assert "<mark>灵活就业</mark>" in r.text
    assert 'href="/library/provisions/zj_2022_46.art21"' in r.text
    partial = client.get("/library", params={"q": "灵活就业", "city": "330100"}, headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="lib-results"')
    assert "zj_2022_46.art21" not in partial.text


def test_library_document_and_provision_pages(client):
    r = client.get("/library/documents/hz_2022_draft")
    assert r.status_code == 200 and "征求意见稿" in r.text and "一次性创业补贴（3000元）" in r.text
    r = client.get("/library/provisions/zj_2022_46.art21", params={"as_of": "2024-10-01"})
    assert "三分之二" in r.text and "灵活就业社保补贴比例" in r.text  # the parameter by its label
    assert "zj_2022_46.art21.subsidy_share" not in r.text  # never by its id
    assert client.get("/library/provisions/nope").status_code == 404
    assert client.get("/library/documents/nope").status_code == 404


def test_parameters_pages(client):
    r = client.get("/parameters")
    assert r.status_code == 200 and "echarts.min.js" in r.text and 'data-chart="chart-1"' in r.text
    r = client.get("/parameters/external.lpr.one_year")
    assert "2019-08-20" in r.text and "425 BP (4.25%)" in r.text and "chart-data" in r.text
    r = client.get("/parameters/external.minimum_wage.monthly", params={"as_of": "2024-10-01"})
    assert "¥2,490.00" in r.text
    assert client.get("/parameters/nope").status_code == 404


def test_not_found_page_is_html(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "<html" in r.text and "未找到" in r.text


def test_static_assets_are_vendored(client):
    for path in ("/static/vendor/htmx.min.js", "/static/vendor/echarts.min.js", "/static/app.js", "/static/app.css"):
        assert client.get(path).status_code == 200, path
    assert "cdn" not in (TEMPLATES / "base.html").read_text().lower()


def test_every_interface_string_is_translated():
    used = set()
    mine = [TEMPLATES / n for n in ("base.html", "home.html", "error.html")]
    for folder in ("calculator", "library", "parameters"):
        mine += sorted((TEMPLATES / folder).glob("*.html"))
    for path in mine:
        used |= set(re.findall(r"_\('([a-z_.0-9]+)'", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if not k.endswith(".") and k not in i18n.MESSAGES)
    missing += sorted(k for k in used if k.endswith(".") and not any(m.startswith(k) for m in i18n.MESSAGES))
    assert not missing, missing
    assert all(zh and en for zh, en in i18n.MESSAGES.values())


def test_other_domains_can_extend_base():
    html = templates.env.from_string(
        '{% extends "base.html" %}{% block title %}申请{% endblock %}{% block content %}<p>hello</p>{% endblock %}'
    ).render(request=_FakeRequest(), lang="zh")
    assert "<p>hello</p>" in html and "申请 ·" in html and 'data-lang-switch="en"' in html


class _FakeRequest:
    cookies: dict = {}

    class url:  # noqa: N801
        path = "/x"
        query = ""

    class app:  # noqa: N801
        class state:  # noqa: N801
            nav: list = []


def test_a_domain_is_mounted_from_its_module_alone(tmp_path):
    """What a new domain needs: a views module with ``router`` (and optionally ``NAV``,
    ``TEMPLATE_GLOBALS`` and a ``templates/`` folder beside it), listed in ``web.app.DOMAINS``."""
    import warnings

    from jiuye.ui.templating import render
    from jiuye.web.app import create_app, mount

    (tmp_path / "templates" / "gigs").mkdir(parents=True)
    (tmp_path / "templates" / "gigs" / "index.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>{{ gig_word() }}</p>{% endblock %}', encoding="utf-8")
    module = types.ModuleType("jiuye.gigs.views")
    module.__file__ = str(tmp_path / "views.py")
    router = APIRouter()

    @router.get("/gigs")
    def gigs(request: Request) -> HTMLResponse:
        return render(request, "gigs/index.html")

    module.router = router
    module.NAV = [("/gigs", "零工市场", "Gig market")]
    module.TEMPLATE_GLOBALS = {"gig_word": lambda: "jobs here"}
    app = create_app(database=False)
    mount(app, module)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    c = TestClient(app)
    assert "<p>jobs here</p>" in c.get("/gigs").text
    assert "零工市场" in c.get("/").text


def test_every_domain_router_is_mounted_by_the_composition_root(client):
    from jiuye.web.app import DOMAINS

    assert [m.__name__ for m in DOMAINS] == ["jiuye.accounts.views", "jiuye.oversight.views", "jiuye.applications.views",
                                             "jiuye.payments.views", "jiuye.campaigns.views",
                                             "jiuye.assistance.views", "jiuye.targets.views",
                                             "jiuye.jobs.views",
                                             "jiuye.simulation.views", "jiuye.localstd.views"]
    assert client.get("/login").status_code == 200  # accounts
    assert client.get("/api/v1/audit/events").status_code == 401  # audit: a login is needed
    assert client.get("/api/v1/benefits").status_code == 200  # applications
    assert client.get("/api/v1/payments").status_code == 401  # payments
    assert client.get("/api/v1/local-values").status_code == 401  # local standards
    assert client.get("/campaigns/me", follow_redirects=False).status_code in (303, 401)  # campaigns: a login


def test_examples_fill_the_calculator(client):
    from jiuye.web.examples import EXAMPLES

    expected = {"hz_graduate_founder": "¥3,000.00", "kecheng_flexible": "¥1,066.67", "quzhou_home_buyer": "¥20,000.00",
                "quzhou_founder": "¥25,000.00", "hz_unemployed_46": "就业困难人员认定",
                "kecheng_graduate_founder": "¥20,000.00"}
    assert set(expected) == set(EXAMPLES)
    for key, text in expected.items():
        r = client.get("/calculator", params={"example": key})
        assert r.status_code == 200 and text in r.text, key
    assert client.get("/calculator", params={"example": "nope"}).status_code == 200


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from jiuye.cli import app as cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--demo", "--workers"):
        assert option in result.output


# 浙人社发〔2022〕46号 第19条 “有条件的地区可放宽至毕业 5年以内高校毕业生”: a county that has not
# adopted the option reads 本县未采用 / not adopted by this county, never "unknown".
WIDENED_FORM = {"subject": "person", "as_of": "2024-11-30", "has_business": "false", "person.work_adcode": "330802",
                "person.university_graduate": "true", "person.graduation_date": "2020-06-30",
                "person.hired_on": "2023-09-01", "person.employer_size": "small", "person.employee_si_months": "14",
                "person.currently_insured": "true"}


def test_a_county_option_not_adopted_reads_so_in_both_languages(client):
    from jiuye.ui.i18n import COOKIE

    html = client.post("/calculator", data=WIDENED_FORM).text
    card = html[html.index('data-provision="zj_2022_46.art19.widened_window"'):]
    card = card[:card.index("</article>")]
    assert "本县未采用" in card and "本地区不适用" not in card
    client.cookies.set(COOKIE, "en")
    html = client.post("/calculator", data=WIDENED_FORM).text
    card = html[html.index('data-provision="zj_2022_46.art19.widened_window"'):]
    assert "not adopted by this county" in card[:card.index("</article>")]


def test_a_county_option_not_taken_is_not_reported_as_what_would_change_it(client):
    # 46号 第19条 有条件的地区可放宽至毕业 5年以内: 柯城区 has not opted in — nothing the person can change, so the card
    # says so (所在地区不适用) instead of "only this condition is missing / what would change it"
    html = client.post("/calculator", data=WIDENED_FORM).text
    card = html[html.index('data-provision="zj_2022_46.art19.widened_window"'):]
    card = card[:card.index("</article>")]
    assert i18n.gettext("zh", "calc.not_here") in card
    assert i18n.gettext("zh", "calc.only_missing") not in card and i18n.gettext("zh", "calc.change") not in card
