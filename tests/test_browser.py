"""The built site in a real browser (headless Chromium): every page opens without console errors, images and charts
render, the threshold explorer answers the keyboard, the site search finds "Fellegi", a folded solution's title link
opens that solution, no page scrolls sideways (at a desktop's width or a phone's), and screenshots of three pages
are kept (in BOOTCAMP_ARTEFACTS, default _build/test-artefacts/). Also, from the built HTML: a student-notebook
download on every chapter page, exercises numbered by chapter, titled chapter boxes, and three linked home cards."""

from __future__ import annotations

import json
import re

import pytest

from tests.site_browser import SCREENSHOT_PAGES, crawl

pytestmark = pytest.mark.slow

CHAPTER_PAGES_AT_LEAST = 10


@pytest.fixture(scope="module")
def site(built_site):
    return crawl(str(built_site))


def chapter_pages(built_site) -> list[str]:
    """Pages whose source notebook is a chapter (they carry the student-notebook link)."""
    return sorted(p.relative_to(built_site).as_posix() for p in (built_site / "book").rglob("*.html")
                  if "bootcamp-student-download" in p.read_text(errors="ignore"))


def test_every_page_opens_without_console_errors(site, built_site):
    pages = [r for r in site.pages.values() if r.page.endswith(".html")]
    assert len(pages) >= len(list(built_site.rglob("*.html"))) - len(list((built_site / "_static").rglob("*.html")))
    problems = [f"{r.page}: {kind}: {msg}" for r in site.pages.values()
                for kind, messages in (("console error", r.console_errors), ("page error", r.page_errors),
                                       ("failed request", r.failed_requests)) for msg in messages]
    assert not problems, "\n".join(problems)


def test_images_load_and_charts_draw(site):
    broken = [f"{r.page}: {src}" for r in site.pages.values() for src in r.broken_images]
    assert not broken, "images that did not load:\n" + "\n".join(broken)
    assert sum(r.images for r in site.pages.values()) >= 20, "the chapters' figures are missing from the site"
    undrawn = [f"{r.page}: {r.charts - r.charts_drawn} of {r.charts}" for r in site.pages.values()
               if r.charts_drawn < r.charts]
    assert not undrawn, "interactive charts that did not draw:\n" + "\n".join(undrawn)


def test_probabilistic_chapter_has_interactive_charts(site):
    page = site.pages["book/intermediate/i3_probabilistic.html"]
    assert page.charts >= 2 and page.charts_drawn == page.charts, (page.charts, page.charts_drawn)


def test_threshold_explorer_moves_with_the_keyboard(site):
    explorer = site.explorer
    assert explorer.get("sliders", 0) >= 1, "no threshold slider on the probabilistic chapter"
    before, after = explorer["before"], explorer["after_keys"]
    assert before and after and before != after, explorer
    assert all("precision" in t and "recall" in t for t in before + after)


def test_search_finds_fellegi(site):
    assert site.search_hits, "the site search found nothing for 'Fellegi'"
    assert any("i3_probabilistic" in hit for hit in site.search_hits), site.search_hits


def test_three_screenshots_are_kept(site):
    assert len(site.screenshots) == len(SCREENSHOT_PAGES) == 3
    for shot in site.screenshots:
        assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_no_launch_button_opens_a_notebook_with_its_solutions(built_site):
    """Binder, Colab and a hub would open the book's notebook, solutions and all; the Setup page gives the routes
    that open the student notebooks instead (tests/test_setup_routes.py checks them)."""
    for page in chapter_pages(built_site):
        text = (built_site / page).read_text()
        assert not re.search(r'href="[^"]*(mybinder\.org|colab\.research\.google\.com|hub/user-redirect)', text), page


def test_each_chapter_page_offers_its_student_notebook(built_site):
    for page in chapter_pages(built_site):
        text = (built_site / page).read_text()
        href = re.search(r'class="bootcamp-student-download"><a class="reference download" href="([^"]+)"', text)
        assert href, page
        target = ((built_site / page).parent / href.group(1)).resolve()
        assert target.exists(), f"{page} links to a missing student notebook {href.group(1)}"
        notebook = json.loads(target.read_text())
        cells = notebook["cells"]
        assert not any("solution" in c.get("metadata", {}).get("tags", []) for c in cells), target
        assert not any("instructor" in c.get("metadata", {}).get("tags", []) for c in cells), target
        assert not any(c.get("outputs") for c in cells if c["cell_type"] == "code"), target
        zip_href = re.search(r'href="([^"]*student-notebooks\.zip)"', text)
        assert zip_href and ((built_site / page).parent / zip_href.group(1)).resolve().exists(), page


def test_chapters_link_their_terms_to_the_glossary(built_site):
    glossary = (built_site / "book" / "reference" / "glossary.html").read_text()
    anchors = set(re.findall(r'id="(term-[^"]+)"', glossary))
    assert len(anchors) >= 30, "the glossary page lost its terms"
    for page in chapter_pages(built_site):
        links = re.findall(r'class="glossary-link[^"]*" href="[^"#]*glossary\.html#(term-[^"]+)"',
                           (built_site / page).read_text())
        assert len(links) >= 3, f"{page} links only {len(links)} glossary terms"
        assert set(links) <= anchors, f"{page} links to glossary entries that do not exist: {set(links) - anchors}"


def test_a_folded_solutions_title_link_opens_that_solution(site):
    """sphinx-togglebutton alone throws "ReferenceError: button is not defined" here and toggles the wrong solution."""
    solutions = site.solutions
    assert solutions.get("count", 0) >= 2, solutions
    assert solutions["steps"] == [[1], [], [0]], solutions
    assert solutions["stayed_on_page"] and not solutions["errors"], solutions


def test_nothing_runs_past_the_column(site):
    """Wide tables, code and long inline code scroll inside the column: no page scrolls sideways."""
    desktop = {r.page: r.sideways for r in site.pages.values() if r.page.endswith(".html") and r.sideways > 1}
    assert not desktop, f"pages that scroll sideways at 1280 px: {desktop}"
    assert len(site.phone_sideways) >= CHAPTER_PAGES_AT_LEAST
    phone = {page: px for page, px in site.phone_sideways.items() if px > 1}
    assert not phone, f"pages that scroll sideways at a phone's width (px): {phone}"


def test_exercises_are_numbered_by_chapter(built_site):
    """As the notebooks number them ("Exercise q6" of I3), not across the book ("Exercise 50")."""
    seen = 0
    for page in chapter_pages(built_site):
        text = (built_site / page).read_text()
        for label, number in re.findall(r'<div class="exercise admonition" id="([a-z]\d+-(q\d+[a-z]?))">', text):
            caption = re.search(rf'id="{label}">\s*<p class="admonition-title"><span class="caption-number">'
                                rf'([^<]*)</span>', text)
            assert caption and caption.group(1).strip() == f"Exercise {number}", (page, label, caption)
            assert f'href="#{label}"> Exercise {number} (' in text, f"{page}: the solution to {label} is misnumbered"
            seen += 1
    assert seen >= 50, f"only {seen} exercises found on the chapter pages"


def test_chapter_boxes_are_headed_by_their_titles(built_site):
    """The at-a-glance and key-points boxes: "B2 at a glance", "Key points"; never "Tip" or "Important"."""
    for page in chapter_pages(built_site):
        text = (built_site / page).read_text()
        titles = re.findall(r'<p class="admonition-title">([^<]*)</p>', text)
        assert any(re.fullmatch(r"[A-Z]\d+ at a glance", t) for t in titles), (page, titles)
        assert "Key points" in titles, (page, titles)
        assert "Tip" not in titles and "Important" not in titles, (page, titles)


def test_every_home_page_card_is_a_link(built_site):
    text = (built_site / "book" / "intro.html").read_text()
    cards = re.findall(r'<div class="sd-card sd-sphinx-override.*?(?=<div class="sd-card sd-sphinx-override|</main>)',
                       text, re.DOTALL)
    assert len(cards) == 3
    for card in cards:
        link = re.search(r'<a class="sd-stretched-link[^"]*"[^>]*href="([^"]+)"', card)
        assert link, card[:200]
        assert ((built_site / "book" / link.group(1).split("#")[0]).exists()), link.group(1)


def test_troubleshooting_says_charts_and_slides_work_offline(built_site):
    text = re.sub(r"<[^>]+>", "", (built_site / "book" / "reference" / "troubleshooting.html").read_text())
    assert "from the internet when the page opens" not in text
    assert "own copy of Vega" in text and "vendor/" in text
