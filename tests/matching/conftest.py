"""One Spark session (local mode, 2 cores) for every Spark test of the run; started on first use."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    pytest.importorskip("pandas")  # mapInArrow needs pyspark[sql]
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java")
    from jiuye.matching.spark import session

    s = session("local[2]", app_name="jiuye-test")
    yield s
    s.stop()
