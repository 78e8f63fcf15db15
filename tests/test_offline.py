"""Offline viewing: opening every page of the built site makes no request beyond localhost, and no page's HTML
loads a script, style sheet or font from elsewhere. (Links that leave the site, such as the launch buttons, are not
requests; the README lists them.)"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.site_browser import crawl, is_local

pytestmark = pytest.mark.slow

# src= on scripts/images/iframes, href= on style sheets, preloads and icons: what a browser fetches by itself.
FETCHED = re.compile(r'<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc="([^"]+)"'
                     r'|<link\b[^>]*\brel="(?:stylesheet|preload|icon|modulepreload)"[^>]*\bhref="([^"]+)"'
                     r'|<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|preload|icon|modulepreload)"')


def test_no_request_leaves_localhost(built_site):
    site = crawl(str(built_site))
    requests = [url for r in site.pages.values() for url in r.requests]
    assert len(requests) > 100, "the crawl recorded almost no requests: is the request log wired up?"
    remote = Counter(f"{r.page}: {url}" for r in site.pages.values() for url in r.requests if not is_local(url))
    assert not remote, "requests beyond localhost:\n" + "\n".join(remote)


def test_no_page_refers_to_a_remote_script_or_style(built_site):
    remote = []
    for page in sorted(built_site.rglob("*.html")):
        for match in FETCHED.finditer(page.read_text(errors="ignore")):
            url = next(g for g in match.groups() if g)
            if re.match(r"(https?:)?//", url):
                remote.append(f"{page.relative_to(built_site)}: {url}")
    assert not remote, "\n".join(remote)


def test_bundled_javascript_is_in_the_site_with_its_licences(built_site):
    vendor = built_site / "_static" / "vendor"
    for name in ("vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js",
                 "mathjax/tex-mml-chtml.js", "vega/LICENSE-vega.txt", "vega/LICENSE-vega-lite.txt",
                 "vega/LICENSE-vega-embed.txt", "mathjax/LICENSE-mathjax.txt"):
        assert (vendor / name).exists(), name
