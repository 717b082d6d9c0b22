"""The gig market's router: the API (:mod:`.api`) and the pages (:mod:`.pages`), and its navigation entry."""

from __future__ import annotations

from fastapi import APIRouter

from .api import api
from .pages import router as pages_router

router = APIRouter()
router.include_router(api)
router.include_router(pages_router)
NAV = [("/jobs", "零工市场", "Gig market")]
