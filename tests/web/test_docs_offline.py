"""Issue 13, item 6: ``/docs`` and ``/redoc`` work offline. Their pages reference only the app's own
URLs (no CDN, no Google Fonts, no online validator), every asset they load is served by the app
(200), and their Content-Security-Policy names no other origin."""

from __future__ import annotations

import re

import pytest

URL_ATTR = re.compile(r"""(?:src|href|spec-url)\s*=\s*["']([^"']+)["']|url:\s*'([^']+)'""")


@pytest.mark.parametrize("page", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_docs_pages_reference_only_local_urls(client, page):
    r = client.get(page)
    assert r.status_code == 200
    html = r.text
    assert "http://" not in html and "https://" not in html and "//cdn" not in html, html
    csp = r.headers["content-security-policy"]
    assert "http" not in csp and "cdn" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]  # inline scripts by nonce only
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    for script in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        assert f'nonce="{nonce}"' in script


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_every_asset_the_docs_load_is_served_by_the_app(client, page):
    html = client.get(page).text
    urls = [a or b for a, b in URL_ATTR.findall(html)]
    assert urls, html
    for url in urls:
        assert url.startswith("/"), url
        r = client.get(url)
        assert r.status_code == 200, url
        if url.startswith("/docs-assets/"):
            assert r.headers.get("cache-control") != "no-store"  # no personal data: may be cached
            assert b"cdn." not in r.content and b"fonts.googleapis" not in r.content
    if page == "/docs":
        assert "/docs-assets/swagger-ui-bundle.js" in urls and "/docs-assets/swagger-ui.css" in urls
    else:
        assert "/docs-assets/redoc.standalone.js" in urls
