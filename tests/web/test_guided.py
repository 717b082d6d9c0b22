"""The guided calculator (/guide): life events and a county, then the question deciding the most money.

Each bundled persona reaches the result of all its facts in at most 8 answers; the pages speak
plain Chinese (no fen, no parameter ids, no English) and refuse impossible answers by the field's
name.
"""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import unquote

import pytest

from jiuye.web.forms import field_specs
from jiuye.web.guided import GuidedState, dump_token, evaluate, load_token, provisions_of
from jiuye.web.guided_ask import check_answer, next_question
from jiuye.web.guided_result import summarise

from .guided_personas import MAX_ANSWERS, personas, signature

PERSONAS = personas()
MAX_SHOWN = 12  # questions shown, "不清楚" included: a persona's description lacks most facts


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_every_bundled_persona_reaches_its_full_result_in_8_answers(persona):
    from .guided_personas import drive

    st, answered, shown = drive(persona)
    assert signature(st) == signature(persona.full()), persona.name
    assert answered <= MAX_ANSWERS, (persona.name, answered)
    assert shown <= MAX_SHOWN, (persona.name, shown)


# --- the pages, driven over HTTP -------------------------------------------------------------------
def _text(page: str) -> str:
    """The visible text of a page's main part (no tags, attributes, scripts or styles)."""
    main = page[page.index("<main"):page.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def _asked(page: str) -> list[str]:
    return re.findall(r'name="asked" value="([^"]+)"', page)


def _token(page: str) -> str:
    return html.unescape(re.search(r'name="t" value="([^"]+)"', page).group(1))


def start(client, events, place, as_of=None):
    data = {"op": "start", "event": events, "place": place}
    if as_of:
        data["as_of"] = as_of
    r = client.post("/guide", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return client.get(r.headers["location"])


def answer(client, page, values):
    asked = _asked(page.text)
    data = {"op": "answer", "t": _token(page.text), "asked": asked}
    data.update({name: values.get(name, "?") for name in asked})
    r = client.post("/guide", data=data, follow_redirects=False)
    if r.status_code != 303:
        return r
    return client.get(r.headers["location"])


def drive_http(client, persona, *, as_of=None, limit=30):
    page = start(client, persona.events, persona.place, as_of or persona.as_of.isoformat())
    pages, answered = [page], 0
    for _ in range(limit):
        asked = _asked(page.text)
        if not asked:
            break
        answered += any(a in persona.facts for a in asked)
        page = answer(client, page, persona.facts)
        assert page.status_code == 200, page.text[:2000]
        pages.append(page)
    return pages, answered


KECHENG = next(p for p in PERSONAS if p.name == "web:kecheng_graduate_founder")


@pytest.mark.parametrize("as_of", ["2025-06-01", None], ids=["while_46_in_force", "today"])
def test_2023_graduate_founder_in_kecheng_gets_the_full_result_in_8_answers(client, as_of):
    """A 2023 graduate who opened an individual business in 柯城区 (衢州) in March 2024."""
    pages, answered = drive_http(client, KECHENG, as_of=as_of or date.today().isoformat())
    assert answered <= MAX_ANSWERS
    full = KECHENG.full()
    full.as_of = date.fromisoformat(as_of) if as_of else date.today()
    chosen, other = provisions_of(full)
    expected = summarise(evaluate(full), "zh", other_count=len(other))
    last = pages[-1].text
    assert f'data-count="{expected.count}"' in last
    for card in expected.benefits:
        assert f'data-provision="{card.provision.id}"' in last
    if expected.total_fen:
        assert f"补贴合计{expected.total_fen // 100:,}" in _text(last).replace(" ", "")


def test_kecheng_founder_while_46_is_in_force_sees_the_startup_money_by_amount(client):
    """浙人社发〔2022〕46号 第22条-第24条 and 衢政发〔2023〕12号 as of 2025-06-01: several benefits, each in 元,
    ordered by what they are worth."""
    pages, _ = drive_http(client, KECHENG, as_of="2025-06-01")
    last = pages[-1].text
    ids = re.findall(r'<article class="benefit" id="[^"]+" data-provision="([^"]+)"', last)
    full = KECHENG.full()
    expected = summarise(evaluate(full), "zh")
    assert ids == [c.provision.id for c in expected.benefits] and len(ids) >= 2
    values = [c.value_fen for c in expected.benefits if c.provision.benefit_type not in ("loan", "guarantee")]
    assert values == sorted(values, reverse=True)


def test_no_result_cards_before_the_first_answer(client):
    page = start(client, ["graduate", "founder"], "330802")
    assert page.status_code == 200
    assert 'class="benefit' not in page.text and 'id="results"' not in page.text
    assert "回答第一个问题后显示结果" in page.text
    assert len(_asked(page.text)) >= 1
    after = answer(client, page, {})
    assert 'id="results"' in after.text


def test_start_names_the_missing_situation_and_county(client):
    r = client.post("/guide", data={"op": "start"})
    assert r.status_code == 422
    assert "请选择至少一项您的情况" in r.text and "请选择所在的县（市、区）" in r.text
    r = client.post("/guide", data={"op": "start", "event": ["graduate", "employer"], "place": "330802"})
    assert r.status_code == 422 and "单独选择" in r.text
    r = client.post("/guide", data={"op": "start", "event": ["graduate"], "place": "330800"})  # a city, not a county
    assert r.status_code == 422 and "请选择所在的县（市、区）" in r.text


def test_the_county_is_picked_by_name_never_typed_as_a_code(client):
    page = client.get("/guide")
    assert '<select id="f-place" name="place"' in page.text
    assert ">柯城区</option>" in page.text and '<optgroup label="衢州市">' in page.text
    assert 'type="text" name="place"' not in page.text


def test_benefits_are_counted_apart_from_statuses(client):
    """拱墅区, a woman of 46 registered unemployed for 9 months: 就业困难人员认定 and 重点人群 are statuses
    ("您属于"), not benefits; the count is of benefits only."""
    persona = next(p for p in PERSONAS if p.name == "web:hz_unemployed_46")
    pages, _ = drive_http(client, persona)
    text = _text(pages[-1].text)
    assert "您属于：" in text and "就业困难人员认定" in text.split("您属于：", 1)[1]
    st = persona.full()
    summary = summarise(evaluate(st), "zh")
    assert summary.statuses and all(r.provision.kind.value != "benefit" or r.provision.benefit_type == "status"
                                    for r in summary.statuses)
    count = int(re.search(r'data-count="(\d+)"', pages[-1].text).group(1))
    assert count == len(summary.benefits)
    assert all(c.provision.kind.value == "benefit" for c in summary.benefits)


def test_amounts_say_yuan_period_and_total(client):
    """柯城区 flexible worker, 浙人社发〔2022〕46号 第21条: 三分之二 of ¥1,600 a month = 1,066.67元 每月, for as
    long as the conditions hold (the article sets no maximum duration, so no total)."""
    persona = next(p for p in PERSONAS if p.name == "web:kecheng_flexible")
    pages, _ = drive_http(client, persona)
    text = _text(pages[-1].text).replace(" ", "")
    assert "每月1,066.67元，符合条件期间按期发放" in text
    kecheng, _ = drive_http(client, KECHENG, as_of="2025-06-01")
    text = _text(kecheng[-1].text).replace(" ", "")
    assert re.search(r"每年[\d,]+元，还可享受\d+个月，合计[\d,]+元", text), text[:1500]


# --- plain language -----------------------------------------------------------------------------
FEN = re.compile(r"（分[）/]|\(fen|\d\s*分(?!之|钟|类|别)|fen\b")
PARAM_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\.[a-z_][a-z0-9_.]*")
ENGLISH = re.compile(r"[A-Za-z]{2,}")
ACRONYMS = {"LPR", "BP"}  # written so in the documents' own Chinese text


def _scan_zh(text: str) -> list[str]:
    problems = [f"fen: {m.group(0)}" for m in FEN.finditer(text)]
    problems += [f"id: {m.group(0)}" for m in PARAM_ID.finditer(text)]
    problems += [f"english: {w}" for w in ENGLISH.findall(text) if w not in ACRONYMS]
    return problems


def test_the_scanner_finds_what_it_looks_for():
    assert _scan_zh("贷款金额（分）") and _scan_zh("1000000分") and _scan_zh("见 zj_2022_46.art21.amount")
    assert _scan_zh("amount needs more facts") and _scan_zh("history.0.provision_id")
    assert not _scan_zh("每月1,066.67元，三分之二；利率不超过LPR+50BP")


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_result_pages_in_chinese_show_no_fen_ids_or_english(client, persona):
    """Over HTTP too: at most 8 answers, and the last page lists the full-facts evaluation's benefits
    (a person starts without records of benefits already received: the page carries none)."""
    pages, answered = drive_http(client, persona)
    assert answered <= MAX_ANSWERS
    full = persona.full()
    full.history, full.spells = [], []
    expected = summarise(evaluate(full), "zh", other_count=len(provisions_of(full)[1]))
    last = pages[-1].text
    assert re.findall(r'<article class="benefit" id="[^"]+" data-provision="([^"]+)"', last) == \
        [c.provision.id for c in expected.benefits]
    for page in pages:
        problems = _scan_zh(_text(page.text))
        assert not problems, (persona.name, problems[:10])


def test_english_mode_stays_english(client):
    client.cookies.set("lang", "en")
    try:
        pages, _ = drive_http(client, KECHENG, as_of="2025-06-01")
        text = _text(pages[-1].text)
        assert "Your result" in text and "yuan" in text and "Why you qualify" in text
        assert "您的结果" not in text and "可享受" not in text
    finally:
        client.cookies.delete("lang")


# --- answers as people write them -----------------------------------------------------------------
def _state(**kw) -> GuidedState:
    return GuidedState(("graduate", "founder"), "330802", kw.pop("as_of", date(2026, 12, 6)), **kw)


@pytest.mark.parametrize("raw", ["5000元", "5,000", "５０００", "5000", " 5000 元 ", "0.5万", "5,000.00元"])
def test_money_as_written_reads_as_5000_yuan(raw):
    spec = field_specs()["person.loan_amount_fen"]
    value, error = check_answer(spec, raw, _state(), "zh")
    assert error is None and value == "5000.00"


def test_rates_and_months_in_their_units():
    specs = field_specs()
    assert check_answer(specs["person.loan_rate_bp"], "3.6%", _state(), "zh") == ("3.60", None)
    assert check_answer(specs["person.loan_term_months"], "24个月", _state(), "zh") == ("24", None)
    assert check_answer(specs["person.si_months"], "１４", _state(), "zh") == ("14", None)
    assert check_answer(specs["person.graduation_date"], "2023年6月30日", _state(), "zh") == ("2023-06-30", None)


@pytest.mark.parametrize("fact, raw, words", [
    ("enterprise.registered_on", "2027-01-05", "注册"),
    ("person.graduation_date", "2027-06-30", "毕业日期"),
    ("person.loan_rate_bp", "120%", "利率"),
    ("person.loan_term_months", "1200", "贷款期限"),
    ("person.si_months", "-3", "社保月数"),
    ("person.loan_amount_fen", "五千", "贷款金额（元）"),
])
def test_impossible_answers_are_refused_naming_the_field(fact, raw, words):
    value, error = check_answer(field_specs()[fact], raw, _state(), "zh")
    assert value is None and words in error
    assert "（分）" not in error and fact not in error and "history." not in error


def test_graduation_before_birth_is_refused():
    st = _state(answers={"person.birth_date": "2001-05-01"})
    value, error = check_answer(field_specs()["person.graduation_date"], "1999-06-30", st, "zh")
    assert value is None and error == "毕业日期：毕业日期不能早于出生日期"
    st = _state(answers={"person.graduation_date": "2023-06-30"})
    value, error = check_answer(field_specs()["person.birth_date"], "2024-01-01", st, "zh")
    assert value is None and "毕业日期不能早于出生日期" in error


def test_a_refused_answer_is_shown_on_the_page_by_name(client):
    pages, _ = drive_http(client, KECHENG, as_of="2025-06-01")
    token = unquote(re.search(r"\?t=([^&\"]+)&amp;edit=", pages[-1].text).group(1))
    page = client.get("/guide", params={"t": token, "edit": "enterprise.registered_on"})
    assert "enterprise.registered_on" in _asked(page.text)
    r = answer(client, page, {"enterprise.registered_on": "2099-01-01"})
    assert r.status_code == 422
    text = _text(r.text)
    assert "注册" in text and "不能晚于评估日期" in text
    assert "（分）" not in text and "enterprise.registered_on" not in text and "history." not in text


def test_an_answer_can_be_changed(client):
    pages, _ = drive_http(client, KECHENG, as_of="2025-06-01")
    last = pages[-1].text
    assert "修改" in _text(last)
    token = unquote(re.search(r"\?t=([^&\"]+)&amp;edit=", last).group(1))
    r = client.get("/guide", params={"t": token, "edit": "person.graduation_date"})
    assert r.status_code == 200 and "person.graduation_date" in _asked(r.text)
    changed = answer(client, r, {**KECHENG.facts, "person.graduation_date": "2010-06-30"})
    assert changed.status_code == 200
    assert "2010-06-30" in _text(changed.text)


def test_an_altered_token_starts_again_without_an_error_page(client):
    page = start(client, ["graduate"], "330802")
    token = _token(page.text)
    r = client.get("/guide", params={"t": token[:-4] + "AAAA"})
    assert r.status_code == 400 and "链接已失效" in r.text
    r = client.post("/guide", data={"op": "answer", "t": "nonsense"})
    assert r.status_code == 400


def test_the_token_carries_the_answers_for_the_application_form():
    st = _state(answers={"person.graduation_date": "2023-06-30"}, skipped=["person.hukou_adcode"])
    back = load_token(dump_token(st))
    assert back == st
    case = back.case_data()
    assert case["person"]["graduation_date"] == date(2023, 6, 30)
    assert case["person"]["work_adcode"] == "330802" and case["enterprise"]["adcode"] == "330802"
    assert load_token("x" + dump_token(st)) is None


def test_first_question_follows_the_money_not_a_script():
    """A founder's first question is about the business, an employee's about the job: the order comes
    from the engine's amounts over the provisions of the chosen life events."""
    founder = GuidedState(("founder",), "330802", date(2025, 6, 1))
    q = next_question(founder, evaluate(founder))
    assert q is not None and any(f.startswith(("enterprise.", "person.first_startup")) for f in q["facts"])
    employee = GuidedState(("employee",), "330802", date(2023, 10, 1))
    q = next_question(employee, evaluate(employee))
    assert q is not None and any(f.startswith("person.employer") for f in q["facts"])


def test_home_page_leads_to_the_guided_calculator(client):
    r = client.get("/")
    assert 'id="home-guide" href="/guide"' in r.text


@pytest.mark.parametrize("key", sorted(__import__("jiuye.web.examples", fromlist=["EXAMPLES"]).EXAMPLES))
def test_the_full_calculator_in_chinese_shows_no_fen_ids_or_english(client, key):
    r = client.get("/calculator", params={"example": key})
    assert r.status_code == 200
    assert not _scan_zh(_text(r.text)), _scan_zh(_text(r.text))[:10]


def test_the_full_calculator_names_bad_fields_in_the_users_words(client):
    r = client.post("/calculator", data={"subject": "person", "person.loan_amount_fen": "abc",
                                         "history_provision": "nope", "history_date": "x"})
    text = _text(r.text)
    assert "贷款金额（元）：请输入数字" in text and "已享受的政策 1" in text and "享受日期 1" in text
    assert not _scan_zh(text), _scan_zh(text)[:10]


@pytest.mark.parametrize("events", [["graduate"], ["founder"], ["unemployed"], ["difficulty"], ["employee"],
                                    ["employer"], ["agency"]], ids=lambda e: "+".join(e))
@pytest.mark.parametrize("place", ["330802", "330106", "330602"], ids=["柯城区", "西湖区", "越城区"])
def test_every_life_event_finishes_for_someone_who_knows_nothing(client, events, place):
    """"不清楚" to every question: the calculator still ends (no question twice) and shows a result."""
    page = start(client, events, place)
    seen: set[str] = set()
    for _ in range(45):
        asked = _asked(page.text)
        if not asked:
            break
        assert not seen & set(asked), asked
        seen |= set(asked)
        r = client.post("/guide", data={"op": "skip", "t": _token(page.text), "asked": asked})
        assert r.status_code == 200
        page = r
    assert not _asked(page.text) and 'id="results"' in page.text and 'id="guide-done"' in page.text
    assert not _scan_zh(_text(page.text))


def test_each_benefit_card_links_to_the_application_with_the_answers(client):
    """The card's 申请 link carries the session token; /apply reads the answers back (填报转确认)."""
    from jiuye.web.prefill import read_answers

    pages, _ = drive_http(client, KECHENG, as_of="2025-06-01")
    last = pages[-1].text
    links = re.findall(r'<a class="button primary apply" data-apply="([^"]+)" href="([^"]+)"', last)
    cards = re.findall(r'<article class="benefit" id="[^"]+" data-provision="([^"]+)"', last)
    assert links and [pid for pid, _ in links] == cards
    pid, href = links[0]
    href = html.unescape(href)
    assert href.startswith(f"/apply?provision={pid}&answers=")
    carried = read_answers(unquote(href.split("answers=", 1)[1]))
    assert carried is not None
    assert carried.raw["person.graduation_date"] == "2023-06-30" and carried.raw["enterprise.adcode"] == "330802"


def test_every_question_label_choice_title_and_reason_reads_plainly_in_chinese():
    """What the guided pages can show beyond the personas' paths: every question, field name, choice,
    provision title and condition label (the clause itself is quoted verbatim and not scanned)."""
    from jiuye.catalogue.registry import CATALOGUE
    from jiuye.ui import i18n
    from jiuye.web.guided_ask import plain_label

    texts = []
    for s in field_specs().values():
        texts += [s.question_zh, plain_label(s, "zh"), *(i18n.label(i18n.CHOICES, "zh", c) for c in s.choices)]
    for p in CATALOGUE:
        texts += [p.title_zh, *(c.label_zh for c in p.all_conditions())]
    problems = [(t, _scan_zh(t)) for t in texts if _scan_zh(t)]
    assert not problems, problems[:10]


def test_the_full_calculator_shows_no_result_cards_before_an_answer(client):
    r = client.get("/calculator")
    assert r.status_code == 200 and 'id="results"' in r.text
    assert "<article" not in r.text and "回答问题后显示结果" in r.text
    r = client.post("/calculator", data={"subject": "person", "has_business": "false", "person.work_adcode": "330802"})
    assert "<article" in r.text


def test_an_answer_the_models_refuse_is_asked_again_by_name(client):
    """A saved link whose answer is no longer a current county (下城区 330103, merged in 2021)."""
    st = GuidedState(("graduate",), "330802", date(2025, 6, 1), answers={"person.hukou_adcode": "330103"})
    r = client.get("/guide", params={"t": dump_token(st)})
    assert r.status_code == 422
    text = _text(r.text)
    assert "户籍所在县（市、区）：原来选择的县（市、区）已调整，请重新选择" in text
    assert "person.hukou_adcode" in _asked(r.text)
    assert "person.hukou_adcode" not in text and "330103" not in text
