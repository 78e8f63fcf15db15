"""The built site in a real browser: serve it on localhost, open every page once in headless Chromium, and record what
the browser tests assert on (console errors, requests, images, charts, headings, axe-core results).

One crawl per test session, shared by tests/test_browser.py, tests/test_accessibility.py and tests/test_offline.py.
Chromium is Debian's (/usr/bin/chromium, or BOOTCAMP_CHROMIUM); playwright only drives it (never `playwright install`).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                 "--no-default-browser-check", "--disable-features=Translate,OptimizationHints,MediaRouter"]
# Pages Sphinx writes that are not pages of the book (the index of terms and search are checked too).
SCREENSHOT_PAGES = ("book/intro.html", "book/intermediate/i3_probabilistic.html", "book/reference/glossary.html")
PHONE = {"width": 390, "height": 844}  # wide tables and code must scroll inside the column here too
AXE_IMPACTS_THAT_FAIL = ("serious", "critical")


def chromium_path() -> str | None:
    path = os.environ.get("BOOTCAMP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and Path(path).exists() else None


def require_browser() -> str:
    """The Chromium to drive, or skip (outside CI) / fail (in CI) when there is none."""
    path = chromium_path()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        message = "headless Chromium and playwright are needed (apt-get install chromium; pip install playwright)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def artefacts_dir() -> Path:
    from bootcamp.paths import ROOT

    folder = Path(os.environ.get("BOOTCAMP_ARTEFACTS") or ROOT / "_build" / "test-artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


class LocalSite:
    """The built site served by a thread on 127.0.0.1 (an ephemeral port), as a context manager."""

    def __init__(self, root: Path):
        self.root = Path(root)
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root (sorted; _static and _sources left out)."""
    pages = [p.relative_to(root).as_posix() for p in Path(root).rglob("*.html")]
    return sorted(p for p in pages if not p.startswith(("_static/", "_sources/", "_images/")))


def is_local(url: str) -> bool:
    scheme = urlparse(url).scheme
    if scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return urlparse(url).hostname in ("127.0.0.1", "localhost", "::1")


@dataclass
class PageReport:
    page: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    images: int = 0
    images_without_alt: list[str] = field(default_factory=list)
    charts: int = 0
    charts_drawn: int = 0
    charts_without_name: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    sideways: int = 0  # how far the page scrolls sideways (pixels): 0 when nothing runs past the column
    violations: list[dict] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Crawl:
    pages: dict[str, PageReport]
    search_hits: list[str]
    keyboard: dict
    explorer: dict
    screenshots: list[Path]
    seconds: float
    solutions: dict = field(default_factory=dict)
    phone_sideways: dict = field(default_factory=dict)

    def serious_violations(self) -> list[str]:
        return [f"{r.page}: {v['id']} ({v['impact']}) on {len(v['nodes'])} element(s): {v['help']} — "
                f"{'; '.join(' '.join(map(str, n['target'])) for n in v['nodes'][:3])}"
                for r in self.pages.values() for v in r.violations if v["impact"] in AXE_IMPACTS_THAT_FAIL]


_PAGE_FACTS = """() => {
  const imgs = [...document.querySelectorAll('main img, article img, .bd-article img')];
  const charts = [...document.querySelectorAll('.bootcamp-chart')];
  return {
    images: imgs.length,
    broken: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src')),
    noAlt: imgs.filter(i => !(i.getAttribute('alt') || '').trim() && i.getAttribute('role') !== 'presentation')
               .map(i => i.getAttribute('src')),
    charts: charts.length,
    drawn: charts.filter(c => c.querySelector('svg.marks, svg[role="graphics-document"]')).length,
    unnamed: charts.filter(c => (c.getAttribute('aria-label') || '').trim().length < 15).map(c => c.id),
    headings: [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
                .filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1])),
    sideways: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""

# Folded solutions: which are open now (not toggle-hidden), by index.
_OPEN_SOLUTIONS = """() => [...document.querySelectorAll('.solution.toggle')]
    .map((s, i) => s.classList.contains('toggle-hidden') ? -1 : i).filter(i => i >= 0)"""


def _wait_for_charts(page, timeout_ms: int = 8000) -> None:
    try:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.bootcamp-chart')].every(c => c.querySelector('svg'))",
            timeout=timeout_ms)
    except Exception:
        pass  # reported as a chart that did not draw


@functools.lru_cache(maxsize=None)
def crawl(root: str) -> Crawl:
    """Open every page of the site at ``root`` once; see the module docstring."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    root_path = Path(root)
    axe = Axe()
    reports: dict[str, PageReport] = {}
    shots: list[Path] = []
    with LocalSite(root_path) as site, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_browser(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce",
                                      service_workers="block")
        page = context.new_page()
        current: dict = {}
        page.on("console", lambda m: current["r"].console_errors.append(f"{m.text} [{m.location.get('url', '')}]")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: current["r"].page_errors.append(str(e)))
        page.on("request", lambda r: current["r"].requests.append(r.url))
        # net::ERR_ABORTED is the browser cancelling a load because the test navigated on (the keyboard check leaves
        # a page mid-prefetch); it is not a resource that failed. Every other failure, and every HTTP error, counts.
        page.on("requestfailed", lambda r: current["r"].failed_requests.append(f"{r.url} ({r.failure})")
                if "ERR_ABORTED" not in (r.failure or "") else None)
        page.on("response", lambda r: current["r"].failed_requests.append(f"{r.url} (HTTP {r.status})")
                if r.status >= 400 else None)
        for name in site_pages(root_path):
            report = current["r"] = PageReport(name)
            t0 = time.perf_counter()
            page.goto(site.base + name, wait_until="load")
            _wait_for_charts(page)
            facts = page.evaluate(_PAGE_FACTS)
            report.images, report.broken_images, report.images_without_alt = (
                facts["images"], facts["broken"], facts["noAlt"])
            report.charts, report.charts_drawn, report.charts_without_name = (
                facts["charts"], facts["drawn"], facts["unnamed"])
            report.headings = facts["headings"]
            report.sideways = facts["sideways"]
            # axe-core fetches the style sheets again to read them (and resolves the theme's @import against the
            # page, a harmless 404): what it does is not the page's own traffic, so it is not recorded.
            current["r"] = PageReport("axe")
            report.violations = axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]
            current["r"] = report
            if name in SCREENSHOT_PAGES:
                shot = artefacts_dir() / (name.replace("/", "__").replace(".html", ".png"))
                page.screenshot(path=str(shot), full_page=False)
                shots.append(shot)
            report.seconds = time.perf_counter() - t0
            reports[name] = report

        # Search: Sphinx's own search page, filled in by JavaScript from searchindex.js.
        current["r"] = search = PageReport("search.html?q=Fellegi")
        page.goto(site.base + "search.html?q=Fellegi", wait_until="load")
        try:
            page.wait_for_selector("#search-results ul.search li", timeout=15000)
        except Exception:
            pass
        hits = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.getAttribute('href'))")
        reports[search.page] = search

        # Keyboard: the first Tab reaches the skip link, and Enter on it moves focus to the main content.
        current["r"] = kb = PageReport("keyboard: book/intro.html")
        page.goto(site.base + "book/intro.html", wait_until="load")
        page.keyboard.press("Tab")
        first = page.evaluate("() => ({text: document.activeElement.textContent.trim(),"
                              " href: document.activeElement.getAttribute('href')})")
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        after = page.evaluate("() => location.hash")
        keyboard = {"first_focus": first, "hash_after_enter": after}
        reports[kb.page] = kb

        # The threshold explorer: keyboard on its slider moves the readout (precision and recall at the threshold).
        explorer = {}
        chapter = "book/intermediate/i3_probabilistic.html"
        if (root_path / chapter).exists():
            current["r"] = ex = PageReport("explorer: " + chapter)
            page.goto(site.base + chapter, wait_until="load")
            _wait_for_charts(page)
            slider = page.locator(".bootcamp-chart input[type=range]")
            if slider.count():
                slider = slider.first
                readout = page.locator(".bootcamp-chart").filter(has=page.locator("input[type=range]")).first

                def text():
                    return readout.locator("svg text").all_text_contents()

                before = [t for t in text() if t.startswith("at ")]
                slider.focus()
                for _ in range(15):
                    page.keyboard.press("ArrowLeft")
                page.wait_for_timeout(300)
                moved = [t for t in text() if t.startswith("at ")]
                explorer = {"before": before, "after_keys": moved, "sliders": page.locator(
                    ".bootcamp-chart input[type=range]").count()}
            reports[ex.page] = ex

            # Folded solutions: a click on the link in a solution's title opens that solution (and no other) without
            # an error; a second click folds it again; a click on the first one's title opens the first.
            current["r"] = so = PageReport("solutions: " + chapter)
            page.goto(site.base + chapter, wait_until="load")
            solutions = {"count": page.locator(".solution.toggle").count(), "steps": []}
            if solutions["count"] >= 2:
                link = page.locator(".solution.toggle").nth(1).locator(".admonition-title a").first
                before_url = page.url  # the title's link toggles its solution; it does not jump to the exercise
                for target in (link, link, page.locator(".solution.toggle").first.locator(".admonition-title")):
                    target.click()
                    page.wait_for_timeout(150)
                    solutions["steps"].append(page.evaluate(_OPEN_SOLUTIONS))
                solutions["stayed_on_page"] = page.url == before_url
            solutions["errors"] = so.page_errors + so.console_errors
            reports[so.page] = so
        else:
            solutions = {}

        # A phone's width: no page of the book scrolls sideways.
        phone = browser.new_context(viewport=PHONE, reduced_motion="reduce", service_workers="block").new_page()
        phone_sideways = {}
        for name in site_pages(root_path):
            if name.startswith("book/"):
                phone.goto(site.base + name, wait_until="load")
                phone_sideways[name] = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        browser.close()
    return Crawl(reports, hits, keyboard, explorer, shots, time.perf_counter() - started, solutions, phone_sideways)
