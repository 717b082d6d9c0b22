"""Never a 500 for anything a client can send: generated bodies and queries (Hypothesis)."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiuye.catalogue.registry import CATALOGUE
from jiuye.facts.models import Enterprise, Organisation, Person

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
adcodes = st.sampled_from(["330106", "330802", "330825", "330105", "330103", "331102", "110101", "999999", "33"])
scalars = (st.none() | st.booleans() | st.integers(min_value=-(10**20), max_value=10**20) | dates | adcodes
           | st.text(max_size=12) | st.sampled_from(["M", "F", "worker", "cadre", "full_time", "company", "micro"]))


def facts_of(model) -> st.SearchStrategy:
    names = [n for n in model.model_fields if not n.endswith("_id")]
    return st.dictionaries(st.sampled_from(names), scalars, max_size=12)


pids = st.sampled_from([p.id for p in CATALOGUE] + ["no.such"])
history = st.lists(st.fixed_dictionaries(
    {"provision_id": pids, "granted_on": dates},
    optional={"amount_fen": st.integers(min_value=-5, max_value=10**15), "level": st.integers(-1, 7),
              "claimant": st.sampled_from(["self", "employer", "x"]), "loan_term_months": st.integers(-1, 10**6),
              "occupation": st.text(max_size=5), "certificate_no": st.text(max_size=5)}), max_size=4)

bodies = st.fixed_dictionaries(
    {"as_of": dates},
    optional={"person": facts_of(Person), "enterprise": facts_of(Enterprise),
              "organisation": facts_of(Organisation), "history": history,
              "explain": st.booleans(), "provisions": st.lists(pids, max_size=3),
              "overrides": st.dictionaries(st.sampled_from(["hz_2022_draft.effective_date", "zj_2022_46.art24.annual_cap",
                                                             "external.lpr.one_year", "zj_2021_22.mountain_counties"]),
                                           scalars, max_size=2)},
)


def _ok(r) -> None:
    assert r.status_code in (200, 422), (r.status_code, r.text[:500])
    body = r.json()
    if r.status_code == 422:
        assert body["field"] and body["message_zh"] and body["message_en"]


@SETTINGS
@given(body=bodies)
def test_structured_bodies_never_500(client, body):
    _ok(client.post("/api/v1/evaluate", json=body))


@SETTINGS
@given(body=json_values)
def test_any_json_never_500(client, body):
    _ok(client.post("/api/v1/evaluate", content=json.dumps(body), headers={"content-type": "application/json"}))


@SETTINGS
@given(raw=st.binary(max_size=64))
def test_any_bytes_never_500(client, raw):
    _ok(client.post("/api/v1/evaluate", content=raw, headers={"content-type": "application/json"}))


@SETTINGS
@given(path=st.sampled_from(["/api/v1/provisions", "/api/v1/parameters", "/api/v1/documents",
                             "/api/v1/parameters/external.lpr.one_year", "/api/v1/provisions/zj_2022_46.art21",
                             "/api/v1/documents/hz_2022_draft"]),
       params=st.dictionaries(st.sampled_from(["as_of", "q", "city", "subject", "kind", "status", "document",
                                               "namespace"]), st.text(max_size=12) | dates, max_size=4))
def test_queries_never_500(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code in (200, 422), (r.status_code, r.text[:300])


@SETTINGS
@given(form=st.dictionaries(st.sampled_from(["subject", "as_of", "has_business", "asked", "show_all", "restart",
                                             "set_lang", "person.si_months", "person.birth_date", "person.gender",
                                             "person.work_adcode", "person.si_paid_monthly_fen", "enterprise.adcode",
                                             "person.loan_rate_bp", "history_provision", "history_date",
                                             "person.university_graduate"]),
                            st.text(max_size=12) | dates | adcodes, max_size=8))
def test_calculator_form_never_500(client, form):
    r = client.post("/calculator", data=form)
    has_nul = any("\x00" in k or "\x00" in v for k, v in form.items())  # refused at the edge (jiuye.web.security)
    assert r.status_code in (200, 422), r.text[:300]
    if not has_nul:  # a 422 is the form again, its errors listed; a 200 has none
        assert ('id="error-summary"' in r.text) == (r.status_code == 422), r.text[:300]
