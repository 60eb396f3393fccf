"""index.html in real headless Chromium (Debian's, driven by Playwright): a click on a fact shows its words
highlighted in the source.

The fixture article has characters outside the Basic Multilingual Plane before the quotes, so a page that
counted UTF-16 units instead of code points would highlight the wrong words. Installing the browser is a
set-up step (make consumer-tools); where there is none, these tests skip and say why.
"""

import json
import re
from pathlib import Path

import pytest

from conftest import SEED, TABLES, make_project
from factpack.check.folding import search_text
from factpack.check.project import validate
from factpack.paths import Project
from factpack.write.package import build

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars"]
ASTRAL_SEED = "𝐀𝐁 " + SEED.replace("\n", "\n😀 ")
HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> & <!--'
CELL = '"' + HOSTILE.replace('"', '""') + '"'
ACTORS = TABLES["actors"].replace("A0002,الشمري,Al-Shammari,,person,,,IQ,A0001,",
                                  f"A0002,الشمري,{CELL},,person,,,IQ,A0001,{CELL}")
CITATIONS = TABLES["citations"].replace("C0002,S0001,,A0002,,,,,الشمري,,", f"C0002,S0001,,A0002,,,,,الشمري,,{CELL}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("page") / "p", seed=ASTRAL_SEED, actors=ACTORS, citations=CITATIONS)
    build(Project.at(root))
    return root / "datapackage" / "index.html"


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium: make consumer-tools installs Debian's where it can")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")


def quote_of(citation_id: str, root) -> str:
    checked = validate(Project.at(root))
    citations = checked.typed["citations"]
    return citations["quote"][citations["citation_id"].index(citation_id)]


def test_a_click_on_a_figure_shows_its_passage_highlighted_in_the_article(site, page):
    open_page(page, site.as_uri())
    page.click("#tabs button[data-tab=figures]")
    page.click("#table-figures tr[data-id=F0001]")
    state = page.evaluate("""() => { const m = document.querySelector('#article mark.active'),
        a = document.getElementById('article');
        return {selected: document.body.dataset.selected, mark: m && m.textContent, dir: a.dir, lang: a.lang,
                active: document.querySelector('#citations li.active').dataset.citation,
                before: a.textContent.slice(0, a.textContent.indexOf(m.textContent))}; }""")
    assert state["selected"] == "F0001"
    assert state["mark"] == "أكثر من 2100 شحنة" == quote_of("C0004", site.parents[1])
    assert (state["dir"], state["lang"], state["active"]) == ("rtl", "ar", "C0004")
    assert state["before"] == "𝐀𝐁 أعلنت قيادة العمليات المشتركة، أمس (الخميس)، إجلاء "


def test_the_page_opens_at_the_fact_or_citation_named_in_the_address(site, page):
    open_page(page, site.as_uri() + "?select=F0001")
    assert page.text_content("#article mark.active") == "أكثر من 2100 شحنة"
    open_page(page, site.as_uri() + "#C0002")
    assert page.evaluate("[document.body.dataset.selected, document.querySelector('#article mark.active').textContent,"
                         " document.querySelector('#fact-quote q').textContent]") == ["A0002", "الشمري", "الشمري"]
    assert page.evaluate("document.body.dataset.offsetMismatches") == "0"


def test_a_source_shows_every_quote_it_backs(site, page):
    open_page(page, site.as_uri() + "#S0001")
    marks = page.evaluate("[...document.querySelectorAll('#article mark')].map(m => m.textContent)")
    assert marks == ["أعلنت ", "قيادة العمليات المشتركة", "أكثر من 2100 شحنة", "الشمري"]  # C0003 and C0001 overlap


def test_search_filters_the_table_in_english_or_arabic_without_diacritics(site, page):
    open_page(page, site.as_uri())
    page.click("#tabs button[data-tab=actors]")
    page.fill("#search", "الشَّمري")
    assert page.evaluate("[...document.querySelectorAll('#table-actors tbody tr')].filter(r => !r.hidden)"
                         ".map(r => r.dataset.id)") == ["A0002"]
    assert page.text_content("#shown") == "1 of 2 shown"


@pytest.mark.parametrize("text", ["الشَّمري", "ALI  Ünal", "«القوات»", "ھیئة", "ﻻ  \u00a0x", "Ça va"])
def test_the_page_folds_a_query_as_the_build_folds_the_data(site, page, text):
    open_page(page, site.as_uri())
    folded = page.evaluate("""(s) => { const table = JSON.parse(document.getElementById('factpack-data').textContent).fold;
        return Array.from(s).map(c => table[c] !== undefined ? table[c] : c).join('').replace(/\\s+/g, ' ').trim(); }""",
                           text)
    assert folded == search_text(text)


def test_text_from_the_data_is_shown_as_text_never_run(site, page):
    open_page(page, site.as_uri() + "#A0002")  # in the table, the fact, its citation and its details
    assert page.evaluate("[typeof window.pwned, document.querySelectorAll('img').length]") == ["undefined", 0]
    for where in ("#table-actors tr[data-id=A0002]", "#fact", "#citations", "#details"):
        assert HOSTILE in page.text_content(where), where


def test_the_page_needs_no_network_and_holds_its_data_safely(site, page):
    html = site.read_text(encoding="utf-8")
    assert html.count("</script>") == 2 and "<!--" not in html.split('id="factpack-data">')[1].split("</script>")[0]
    assert not re.search(r"""<(script|img|link|iframe)[^>]*\ssrc=|<link\b|@import|url\(""", html)
    data = json.loads(html.split('id="factpack-data">')[1].split("</script>")[0])
    assert data["seeds"]["S0001"] == ASTRAL_SEED
    open_page(page, site.as_uri() + "#E0001")
    assert set(page.requested) == {site.as_uri()}  # the page itself, and nothing else


def test_a_screenshot_of_the_page_is_not_blank(site, page):
    page.goto("about:blank")
    blank = page.screenshot()
    open_page(page, site.as_uri() + "#F0001")
    assert page.screenshot() != blank
    assert page.is_visible("#article mark.active")


def test_the_real_page_shows_a_claims_holders_its_links_and_its_edtf_date(page):
    """The shipped dataset's page: E0249, a planned withdrawal that sources assert and al-Taie denies, shows
    who holds each citation and how, its date as EDTF, and the relations that link it to other records."""
    from conftest import REPO

    open_page(page, (REPO / "datapackage" / "index.html").as_uri() + "#E0249")
    details = page.text_content("#details")
    assert "date_edtf../2026-12-31" in details.replace(" ", "")
    assert "relations · object_id" in details and "relations · subject_id" in details
    assert {"E0214", "E0215", "E0212"} <= set(re.findall(r"E\d{4}", details))
    cites = page.eval_on_selector_all("#citations li", "items => items.map(li => li.textContent)")
    denied = [c for c in cites if "stance: denies" in c]
    assert len(denied) == 3 and all("claimant_id: A0215" in c for c in denied)
    assert any("stance: asserts" in c for c in cites)
