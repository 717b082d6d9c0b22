"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) without a CDN: their scripts, style sheet and icon
come from the ``fastapi-offline`` package (a dependency) and are served by the app under
``/docs-assets/``, so the API documentation works on a network without the internet.

The pages' one inline script carries the response's CSP nonce; the Content-Security-Policy of
these pages allows only the app's own origin (no ``https:`` source at all), plus ``blob:``
workers (ReDoc's search runs in one). ReDoc's script is served with its one CDN address (the
Redocly logo in its sidebar footer) replaced by the app's icon.
"""

from __future__ import annotations

import functools
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs-assets"
TITLE = "浙江就业创业政策 API / Zhejiang employment policy API"


def _with_nonce(response: HTMLResponse, request: Request) -> HTMLResponse:
    """The inline scripts of the page, allowed by the response's CSP nonce."""
    nonce = request.scope.get("state", {}).get("csp_nonce", "")
    body = bytes(response.body).decode("utf-8").replace("<script>", f'<script nonce="{nonce}">')
    return HTMLResponse(body, status_code=response.status_code)


#: ReDoc's sidebar footer shows a logo from Redocly's CDN; the app's own icon stands in for it
REDOC_CDN_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


@functools.cache
def redoc_script() -> bytes:
    return (ASSETS / "redoc.standalone.js").read_bytes().replace(REDOC_CDN_LOGO, f"{ASSETS_URL}/favicon.png".encode())


def install_docs(app: FastAPI) -> None:
    """Mount the assets and the two documentation pages (the app is built with docs_url=None)."""

    @app.get(f"{ASSETS_URL}/redoc.standalone.js", include_in_schema=False)
    def redoc_js() -> Response:  # (before the mount: this route answers for the file)
        return Response(redoc_script(), media_type="text/javascript; charset=utf-8",
                        headers={"cache-control": "public, max-age=86400"})

    app.mount(ASSETS_URL, StaticFiles(directory=str(ASSETS)), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url, title=TITLE, oauth2_redirect_url="/docs/oauth2-redirect",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js", swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None})  # no call to the online validator either
        return _with_nonce(page, request)

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_ui_redirect(request: Request) -> HTMLResponse:
        return _with_nonce(get_swagger_ui_oauth2_redirect_html(), request)

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        page = get_redoc_html(openapi_url=openapi_url, title=TITLE, redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
                              redoc_favicon_url=f"{ASSETS_URL}/favicon.png", with_google_fonts=False)
        return _with_nonce(page, request)
