"""HTTP API v2: compact explanations by default, the static trees served once (ETag, immutable);
v1 unchanged by default and compact on request."""

from __future__ import annotations

from jiuye.engine.compact import FORMAT, expand

FLEX = {"work_adcode": "330802", "university_graduate": True, "graduation_date": "2023-06-30",
        "flexible_employed": True, "si_base_monthly_fen": 800000, "si_paid_monthly_fen": 160000}
BODY = {"as_of": "2024-10-01", "person": FLEX}


def _fetch_trees(client, answer):
    trees = {}
    for r in answer["results"]:
        if "tree" in r:
            h = r["tree"]
            if h not in trees:
                got = client.get(answer["explanation_trees"].format(tree=h))
                assert got.status_code == 200
                assert got.headers["etag"] == f'"{h}"'
                assert "immutable" in got.headers["cache-control"]
                trees[h] = got.json()
    return trees


def test_v2_answers_compact_by_default_and_expands_to_v1(client):
    v1 = client.post("/api/v1/evaluate", json=BODY)
    v2 = client.post("/api/v2/evaluate", json=BODY)
    assert v1.status_code == v2.status_code == 200
    answer = v2.json()
    assert answer["explanation_format"] == FORMAT
    art21 = {r["provision_id"]: r for r in answer["results"]}["zj_2022_46.art21"]
    assert art21["amount_yuan"] == "1066.67" and "conditions" not in art21
    assert "clause" not in art21 and "title_zh" not in art21  # in the tree
    assert art21["explanation"]["amount"][0] == 106667
    assert expand(answer, _fetch_trees(client, answer)) == v1.json()
    assert len(v2.content) < len(v1.content) * 0.3
    assert "explanation_format" not in v1.json()  # v1's default is unchanged


def test_v1_compact_on_request_and_v2_full_on_request(client):
    v1 = client.post("/api/v1/evaluate", json={**BODY, "explain": "compact"}).json()
    v2 = client.post("/api/v2/evaluate", json=BODY).json()
    assert v1 == v2
    full = client.post("/api/v2/evaluate", json={**BODY, "explain": True}).json()
    assert full == client.post("/api/v1/evaluate", json=BODY).json()
    none = client.post("/api/v2/evaluate", json={**BODY, "explain": False}).json()
    assert all("conditions" not in r and "explanation" not in r for r in none["results"])


def test_tree_etag_revalidation_and_by_provision(client):
    r = client.get("/api/v2/provisions/zj_2022_46.art21/explanation-tree")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-cache"
    h = r.json()["tree"]
    assert r.headers["etag"] == f'"{h}"'
    again = client.get("/api/v2/provisions/zj_2022_46.art21/explanation-tree", headers={"if-none-match": f'"{h}"'})
    assert again.status_code == 304
    by_hash = client.get(f"/api/v2/explanations/{h}", headers={"if-none-match": f'"{h}"'})
    assert by_hash.status_code == 304
    assert client.get(f"/api/v2/explanations/{h}").json() == r.json()


def test_unknown_tree_and_provision_are_404(client):
    r = client.get("/api/v2/explanations/" + "0" * 32)
    assert r.status_code == 404 and r.json()["message_en"]
    assert client.get("/api/v2/provisions/no.such/explanation-tree").status_code == 404


def test_v2_bad_input_is_422_naming_the_field(client):
    r = client.post("/api/v2/evaluate", json={"as_of": "2024-10-01", "explain": "some"})
    assert r.status_code == 422 and r.json()["field"].startswith("explain")
    r = client.post("/api/v2/evaluate", json={"as_of": "2024-10-01", "provisions": ["no.such"]})
    assert r.status_code == 422 and r.json()["field"] == "provisions.0"


def test_openapi_lists_v2(client):
    spec = client.get("/openapi.json").json()
    assert "/api/v2/evaluate" in spec["paths"] and "/api/v2/explanations/{tree}" in spec["paths"]
