"""A small synthetic population shared by the simulation tests (written once per session)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jiuye.population.synth import SynthConfig, write_population

ROOT = Path(__file__).resolve().parents[2]
REFORMS = ROOT / "examples" / "reforms"


@pytest.fixture(scope="session")
def population_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sim-pop")
    write_population(SynthConfig(persons=4_000, enterprises=4_000, seed=11, ref=date(2025, 6, 30),
                                 block_rows=2_000), out)
    return out
