"""ASGI entry point for uvicorn: ``uvicorn jiuye.web.asgi:app`` (``JIUYE_DEMO=1`` loads demo data)."""

from __future__ import annotations

import os

from .app import create_app

app = create_app(demo=os.environ.get("JIUYE_DEMO") == "1")
