"""The bundled demo population of the simulation pages: a fixed ``jiuye synth`` (same seed, same
tables), written once on first use into a cache folder (``JIUYE_SIMULATION_DEMO_DIR``, default
a folder in the system's temporary directory), atomically, so concurrent first uses are safe."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..population.synth import SynthConfig, write_population

DEMO = SynthConfig(persons=20_000, enterprises=5_000, seed=2026, ref=date(2025, 6, 30), block_rows=10_000)
VERSION = "v1"
_lock = threading.Lock()


def demo_dir() -> Path:
    configured = os.environ.get("JIUYE_SIMULATION_DEMO_DIR")
    base = Path(configured) if configured else Path(tempfile.gettempdir()) / "jiuye-simulation-demo"
    return base / f"{VERSION}-{DEMO.persons}-{DEMO.enterprises}-{DEMO.seed}"


def demo_rows() -> int:
    return DEMO.persons + DEMO.enterprises


def ensure_demo(on_rows: Callable[[str, int], Any] | None = None) -> Path:
    """The demo population folder, written first if needed."""
    target = demo_dir()
    with _lock:
        if (target / "persons.parquet").exists() and (target / "enterprises.parquet").exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".demo-", dir=target.parent))
        try:
            write_population(DEMO, tmp, on_block=(lambda kind, n: on_rows(kind, n)) if on_rows else None)
            if target.exists():  # written meanwhile by another process
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.rename(target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return target
