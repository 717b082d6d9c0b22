"""What a batch process loads and how Polars' allocator is set (fresh interpreters: what other tests
imported must not hide it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jiuye

BATCH = """
import json, os, sys
from datetime import date
import jiuye
import polars as pl
from jiuye.catalogue.registry import CATALOGUE, evaluate_frame
p = CATALOGUE.provisions["hz_2022_draft.jiu.flexible_si_subsidy"]
frame = pl.DataFrame({"person.person_id": ["a", "b"], "person.work_adcode": ["330102"] * 2,
                      "person.flexible_employed": [True, False]})
out = evaluate_frame(frame, date(2024, 6, 30), provisions=[p], key="person.person_id")
print(json.dumps({"numpy": "numpy" in sys.modules, "conf": os.environ.get("_RJEM_MALLOC_CONF"),
                  "outcomes": out[f"{p.id}:outcome"].to_list()}))
"""


def run(env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", BATCH], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_table_path_without_a_ledger_or_spells_does_not_load_numpy():
    got = run({k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"})
    assert got["outcomes"][1] == "not_eligible"
    assert got["numpy"] is False  # NumPy (≈ 14 MiB) is loaded only for a ledger or spells


def test_jiuye_imported_first_sets_polars_allocator_unless_told_otherwise():
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    conf = run(env)["conf"].split(",")
    assert jiuye.MALLOC_CONF in conf  # (Polars puts its own defaults before it)
    chosen = run(env | {"_RJEM_MALLOC_CONF": "narenas:4"})["conf"].split(",")
    assert "narenas:4" in chosen and jiuye.MALLOC_CONF not in chosen
