"""``jiuye.schema`` reaches every domain's models through the composition root alone (issue 9: a new
domain is wired in ``web/app.py`` and nowhere else by name)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "jiuye"


def test_every_models_module_is_reached_from_the_schema():
    # a fresh interpreter: what other tests imported must not hide a missing domain
    code = ("import sys, jiuye.schema as s; "
            "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('jiuye.') and m.endswith('.models'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    expected = sorted(f"jiuye.{p.parent.name}.models" for p in PACKAGE.glob("*/models.py"))
    assert len(expected) >= 8
    assert [m for m in expected if m not in out] == []


def test_every_table_is_in_the_metadata_and_unmanaged_objects_are_declared():
    schema = importlib.import_module("jiuye.schema")
    tables = set(schema.metadata.tables)
    assert {"applications", "payments", "audit_events", "job_postings", "local_values", "campaigns"} <= tables
    assert "job_postings_fts" in schema.UNMANAGED
