"""Every local-standards test starts and ends with no maintained values laid over the bundled ones."""

from __future__ import annotations

import pytest

from jiuye.params.store import PARAMETERS


@pytest.fixture(autouse=True)
def _clean_overlay():
    PARAMETERS.set_local_values([])
    yield
    PARAMETERS.set_local_values([])
