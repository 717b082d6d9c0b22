"""ASGI entry point for uvicorn: ``uvicorn jiuye.web.asgi:app`` (``JIUYE_DEMO=1`` loads demo data).

After the app is built (catalogue, parameters and templates loaded) the long-lived objects are
moved out of the garbage collector's reach (``gc.freeze``): an evaluation creates many small
objects, and without this every full collection walks the whole catalogue again (measured: mean
CPU per evaluation with explanations and JSON 20 → 14 ms, p99 60 → 24 ms).
"""

from __future__ import annotations

import gc
import os

from ..params.store import PARAMETERS
from .app import create_app

app = create_app(demo=os.environ.get("JIUYE_DEMO") == "1")
PARAMETERS.names()  # load the parameter files now, not on the first request
gc.collect()
gc.freeze()
