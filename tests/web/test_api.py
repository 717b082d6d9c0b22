"""HTTP API v1: evaluate, provisions, documents, parameters, and errors (422 zh+en, 404)."""

from __future__ import annotations

import pytest

from jiuye.catalogue.registry import CATALOGUE
from jiuye.params.store import PARAMETERS

FLEX = {"work_adcode": "330802", "university_graduate": True, "graduation_date": "2023-06-30",
        "flexible_employed": True, "si_base_monthly_fen": 800000, "si_paid_monthly_fen": 160000}


def _by_id(body):
    return {r["provision_id"]: r for r in body["results"]}


def test_evaluate_flexible_worker_in_kecheng(client):
    """In Oct 2024 a 2023 graduate in flexible work in 柯城区 paying ¥1,600 on a ¥8,000 base gets
    two thirds: ¥1,066.67 a month (浙人社发〔2022〕46号 第21条)."""
    r = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": FLEX})
    assert r.status_code == 200
    body = r.json()
    assert body["as_of"] == "2024-10-01"
    art21 = _by_id(body)["zj_2022_46.art21"]
    assert art21["outcome"] == "eligible"
    assert art21["amount_yuan"] == "1066.67"
    assert art21["amount_fen"] == 106667
    assert art21["period"] == "monthly"
    assert art21["citation"] == "浙人社发〔2022〕46号 第21条"
    assert "三分之二" in art21["clause"]
    assert all(c["value"] is True for c in art21["conditions"])
    assert art21["conditions"][0]["explanation"]["name"]
    assert art21["amount_explanation"]["value"] == 106667
    assert body["summary"]["eligible"] >= 1
    assert sum(body["summary"].values()) == len(body["results"])


def test_unknown_outcomes_list_the_questions_still_to_ask(client):
    body = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": {}}).json()
    art21 = _by_id(body)["zj_2022_46.art21"]
    assert art21["outcome"] == "unknown"
    asked = {q["fact"] for q in art21["questions"]}
    assert {"person.work_adcode", "person.flexible_employed"} <= asked
    merged = body["questions"]
    assert merged and all("question_zh" in q and "question_en" in q and q["needed_by"] for q in merged)
    # place questions come first: one answer rules out whole documents
    assert merged[0]["jurisdiction"] is True
    assert [q["fact"] for q in merged].count("person.work_adcode") == 1


def test_amounts_are_yuan_strings_with_two_decimals(client):
    body = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": FLEX}).json()
    for r in body["results"]:
        if r["amount_fen"] is not None:
            whole, _, cents = r["amount_yuan"].partition(".")
            assert len(cents) == 2 and int(whole) * 100 + int(cents) == r["amount_fen"]


def test_explain_false_leaves_out_the_trees(client):
    body = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": FLEX, "explain": False}).json()
    art21 = _by_id(body)["zj_2022_46.art21"]
    assert "conditions" not in art21 and "amount_explanation" not in art21
    assert art21["amount_yuan"] == "1066.67"


def test_explanations_for_provisions_out_of_place_only_on_request(client):
    body = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": FLEX}).json()
    hz = _by_id(body)["hz_2022_draft.jiu.flexible_si_subsidy"]  # 柯城区 is not in Hangzhou
    assert hz["outcome"] == "not_eligible" and "conditions" not in hz
    assert hz["failed_conditions"][0]["id"] == "jurisdiction"
    full = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": FLEX, "explain": "all"}).json()
    assert "conditions" in _by_id(full)["hz_2022_draft.jiu.flexible_si_subsidy"]


def test_only_selected_provisions(client):
    body = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": FLEX,
                                                 "provisions": ["zj_2022_46.art21"]}).json()
    assert [r["provision_id"] for r in body["results"]] == ["zj_2022_46.art21"]


def test_expired_document_says_so(client):
    body = client.post("/api/v1/evaluate", json={"as_of": "2026-03-01", "person": FLEX}).json()
    art21 = _by_id(body)["zj_2022_46.art21"]
    assert art21["status"] == "expired" and art21["outcome"] == "not_eligible"
    assert art21["failed_conditions"][0]["id"] == "in_force"


def test_draft_results_are_marked(client):
    body = client.post("/api/v1/evaluate", json={"as_of": "2024-10-01", "person": {"hukou_adcode": "330106"}}).json()
    hz = [r for r in body["results"] if r["provision_id"].startswith("hz_2022_draft.")]
    assert hz and all(r["draft"] and r["status"] == "draft_no_date" for r in hz)
    assert body["draft"] is True


def test_overrides_set_the_draft_effective_date(client):
    body = client.post("/api/v1/evaluate", json={
        "as_of": "2024-10-01", "person": {"hukou_adcode": "330106"},
        "overrides": {"hz_2022_draft.effective_date": "2023-01-01"}}).json()
    hz = [r for r in body["results"] if r["provision_id"].startswith("hz_2022_draft.")]
    assert hz and all(r["status"] == "in_force" for r in hz)


def test_enterprise_stacking_quzhou_beats_province(client):
    body = client.post("/api/v1/evaluate", json={
        "as_of": "2024-10-01", "person": {"enrolled_student": True, "first_startup": True},
        "enterprise": {"adcode": "330825", "registered_on": "2023-03-01", "insured_hires_12m": 5,
                       "ecommerce": False, "leading_industry": False}}).json()
    res = _by_id(body)
    assert res["quzhou_2023_12.qi.startup_employment"]["amount_yuan"] == "25000.00"
    assert res["zj_2022_46.art24"]["outcome"] == "superseded"


# --- errors -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("body", "field"), [
    ({}, "as_of"),
    ({"as_of": "2024-13-01"}, "as_of"),
    ({"as_of": "2024-10-01", "person": {"graduation_date": "yesterday"}}, "person.graduation_date"),
    ({"as_of": "2024-10-01", "person": {"work_adcode": "123"}}, "person.work_adcode"),
    ({"as_of": "2024-10-01", "person": {"work_adcode": "330103"}}, "person.work_adcode"),  # 下城区, abolished
    ({"as_of": "2024-10-01", "person": {"id_number": "110101199003071234"}}, "person.id_number"),
    ({"as_of": "2024-10-01", "person": {"gender": "X"}}, "person.gender"),
    ({"as_of": "2024-10-01", "person": {"si_months": -1}}, "person.si_months"),
    ({"as_of": "2024-10-01", "person": {"nickname": "x"}}, "person.nickname"),
    ({"as_of": "2024-10-01", "enterprise": {"uscc": "91330000XXXXXXXXXX"}}, "enterprise.uscc"),
    ({"as_of": "2024-10-01", "person": {"birth_date": "9999-12-31"}}, "person.birth_date"),
    ({"as_of": "0001-01-01", "person": {}}, "as_of"),
    ({"as_of": "2024-10-01", "person": {"si_months": 10**30}}, "person.si_months"),
    ({"as_of": "2024-10-01", "provisions": ["no.such"]}, "provisions.0"),
    ({"as_of": "2024-10-01", "history": [{"provision_id": "no.such", "granted_on": "2024-01-01"}]},
     "history.0.provision_id"),
    ({"as_of": "2024-10-01", "overrides": {"no.such": 1}}, "overrides.no.such"),
    ({"as_of": "2024-10-01", "overrides": {"zj_2022_46.art24.annual_cap": "lots"}}, "overrides.zj_2022_46.art24.annual_cap"),
    ({"as_of": "2024-10-01", "surprise": 1}, "surprise"),
])
def test_bad_input_is_422_naming_the_field_in_chinese_and_english(client, body, field):
    r = client.post("/api/v1/evaluate", json=body)
    assert r.status_code == 422, r.text
    err = r.json()
    assert err["error"] == "invalid_input"
    assert err["field"] == field
    assert err["message_zh"] and err["message_en"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err["message_zh"])
    assert err["errors"][0]["field"] == field


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b"null", b"42", b'"x"', b""])
def test_a_body_that_is_not_an_object_is_422(client, raw):
    r = client.post("/api/v1/evaluate", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["field"] in ("body", "as_of")


def test_unknown_provision_is_404(client):
    r = client.get("/api/v1/provisions/no.such.thing")
    assert r.status_code == 404
    body = r.json()
    assert body["error"] == "unknown_provision" and "未找到" in body["message_zh"] and body["message_en"]


def test_unknown_document_and_parameter_are_404(client):
    assert client.get("/api/v1/documents/nope").status_code == 404
    assert client.get("/api/v1/parameters/nope.nothing").status_code == 404
    assert client.get("/api/v1/nothing-here").json()["error"] == "http_error"


def test_bad_as_of_in_a_query_is_422(client):
    r = client.get("/api/v1/parameters/external.lpr.one_year", params={"as_of": "2024-02-30"})
    assert r.status_code == 422 and r.json()["field"] == "as_of"


# --- catalogue reads ---------------------------------------------------------------------------------
def test_list_and_filter_provisions(client):
    body = client.get("/api/v1/provisions").json()
    assert body["count"] == len(CATALOGUE)
    hz = client.get("/api/v1/provisions", params={"city": "330100"}).json()["provisions"]
    assert hz and all(p["document"] == "hz_2022_draft" for p in hz)
    found = client.get("/api/v1/provisions", params={"q": "灵活就业"}).json()["provisions"]
    assert "zj_2022_46.art21" in {p["id"] for p in found}
    ent = client.get("/api/v1/provisions", params={"subject": "enterprise", "kind": "benefit"}).json()["provisions"]
    assert ent and all(p["subject"] == "enterprise" and p["kind"] == "benefit" for p in ent)
    expired = client.get("/api/v1/provisions", params={"status": "expired", "as_of": "2026-03-01"}).json()
    assert "zj_2022_46.art21" in {p["id"] for p in expired["provisions"]}


def test_one_provision(client):
    p = client.get("/api/v1/provisions/zj_2022_46.art21", params={"as_of": "2024-10-01"}).json()
    assert p["citation"] == "浙人社发〔2022〕46号 第21条"
    assert p["conditions"][0]["id"] == "jurisdiction"
    assert "person.flexible_employed" in {f["fact"] for f in p["facts"]}
    names = {x["name"] for x in p["parameters"]}
    assert "zj_2022_46.art21.subsidy_share" in names
    assert p["amount_formula"]["label"]
    assert p["status"] == "in_force"


def test_documents_literate_view(client):
    docs = client.get("/api/v1/documents").json()["documents"]
    assert {d["id"] for d in docs} >= {"zj_2022_46", "zj_2021_22", "quzhou_2023_12", "hz_2022_draft", "sx_2023_28"}
    hz = client.get("/api/v1/documents/hz_2022_draft").json()
    assert hz["draft"] is True and hz["status"] == "draft_no_date"
    placed = {pid for x in hz["passages"] for pid in x["provisions"]}
    assert "hz_2022_draft.san.startup_subsidy" in placed
    assert not hz["unplaced_provisions"]
    passage = next(x for x in hz["passages"] if "hz_2022_draft.san.startup_subsidy" in x["provisions"])
    assert "一次性创业补贴" in passage["text"]


def test_parameters(client):
    body = client.get("/api/v1/parameters").json()
    assert body["count"] == len(PARAMETERS.names())
    lpr = client.get("/api/v1/parameters/external.lpr.one_year", params={"as_of": "2024-10-01"}).json()
    assert lpr["unit"] == "bp" and lpr["value"] == 335 and lpr["from"] == "2024-07-22"
    assert all(v["source"] for v in lpr["values"])
    wage = client.get("/api/v1/parameters/external.minimum_wage.monthly", params={"as_of": "2024-10-01"}).json()
    assert wage["value"]["1"] == "2490.00"
    found = client.get("/api/v1/parameters", params={"q": "最低工资"}).json()["parameters"]
    assert "external.minimum_wage.monthly" in {p["name"] for p in found}


def test_facts_and_divisions(client):
    facts = client.get("/api/v1/facts").json()["facts"]
    names = {f["fact"]: f for f in facts}
    assert names["person.si_paid_monthly_fen"]["unit"] == "fen"
    assert names["person.gender"]["choices"] == ["M", "F"]
    divs = client.get("/api/v1/divisions").json()["divisions"]
    assert {"code": "330802", "name": "柯城区", "level": "county", "parent": "330800"} in divs


def test_openapi_documents_v1(client):
    spec = client.get("/openapi.json").json()
    assert "/api/v1/evaluate" in spec["paths"]
    assert "/api/v1/parameters/{name}" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_json_encoding_is_the_same_with_or_without_orjson(client, monkeypatch):
    import json

    from jiuye.web import api

    body = {"as_of": "2024-10-01", "person": FLEX}
    first = client.post("/api/v1/evaluate", json=body)
    monkeypatch.setattr(api, "orjson", None)
    second = client.post("/api/v1/evaluate", json=body)
    assert first.status_code == second.status_code == 200
    assert json.loads(first.content) == json.loads(second.content)
    assert "三分之二".encode() in second.content  # Chinese left readable, not \\u-escaped
