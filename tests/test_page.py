"""index.html in real headless Chromium: a click on a fact shows its words highlighted in the article.

The fixture article has characters outside the Basic Multilingual Plane before the quotes, so a page
that counted UTF-16 units instead of code points would highlight the wrong words.
"""

import json
import re

import pytest

from browser import Browser, install_chromium, png_colours
from conftest import SEED, TABLES, make_project
from factpack.check.project import validate
from factpack.paths import Project
from factpack.write.package import build

pytestmark = pytest.mark.browser

ASTRAL_SEED = "𝐀𝐁 " + SEED.replace("\n", "\n😀 ")
HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> & <!--'
CELL = '"' + HOSTILE.replace('"', '""') + '"'
ACTORS = TABLES["actors"].replace("A0002,الشمري,Al-Shammari,,person,,,IQ,A0001,",
                                  f"A0002,الشمري,{CELL},,person,,,IQ,A0001,{CELL}")
CITATIONS = TABLES["citations"].replace("C0002,S0001,,A0002,,الشمري,,", f"C0002,S0001,,A0002,,الشمري,,{CELL}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("page") / "p", seed=ASTRAL_SEED, actors=ACTORS, citations=CITATIONS)
    build(Project.at(root))
    return root / "datapackage" / "index.html"


@pytest.fixture(scope="module")
def browser():
    why_not = install_chromium()
    if why_not:
        pytest.skip(why_not)
    b = Browser()
    yield b
    b.close()


def quote_of(citation_id: str, root) -> str:
    checked = validate(Project.at(root))
    citations = checked.typed["citations"]
    return citations["quote"][citations["citation_id"].index(citation_id)]


def test_a_click_on_a_figure_shows_its_passage_highlighted_in_the_article(site, browser):
    browser.open(site.as_uri())
    browser.click("#tabs button[data-tab=figures]")
    browser.click("#table-figures tr[data-id=F0001]")
    state = browser.js("""(() => { const m = document.querySelector('#article mark.active'),
        a = document.getElementById('article');
        return {selected: document.body.dataset.selected, mark: m && m.textContent, dir: a.dir, lang: a.lang,
                active: document.querySelector('#citations li.active').dataset.citation,
                before: a.textContent.slice(0, a.textContent.indexOf(m.textContent))}; })()""")
    assert state["selected"] == "F0001"
    assert state["mark"] == "أكثر من 2100 شحنة" == quote_of("C0004", site.parents[1])
    assert (state["dir"], state["lang"], state["active"]) == ("rtl", "ar", "C0004")
    assert state["before"] == "𝐀𝐁 أعلنت قيادة العمليات المشتركة، أمس (الخميس)، إجلاء "


def test_the_page_opens_at_the_fact_or_citation_named_in_the_address(site, browser):
    browser.open(site.as_uri() + "?select=F0001")
    assert browser.js("document.querySelector('#article mark.active').textContent") == "أكثر من 2100 شحنة"
    browser.open(site.as_uri() + "#C0002")
    assert browser.js("[document.body.dataset.selected, document.querySelector('#article mark.active').textContent,"
                      " document.querySelector('#fact-quote q').textContent]") == ["A0002", "الشمري", "الشمري"]
    assert browser.js("document.body.dataset.offsetMismatches") == "0"


def test_a_source_shows_every_quote_it_backs(site, browser):
    browser.open(site.as_uri() + "#S0001")
    marks = browser.js("[...document.querySelectorAll('#article mark')].map(m => m.textContent)")
    assert marks == ["أعلنت ", "قيادة العمليات المشتركة", "أكثر من 2100 شحنة", "الشمري"]  # C0003 and C0001 overlap


def test_search_filters_the_table_in_english_or_arabic_without_diacritics(site, browser):
    browser.open(site.as_uri())
    browser.click("#tabs button[data-tab=actors]")
    browser.click("#search")
    browser.call("Input.insertText", {"text": "الشَّمري"}, page=True)
    assert browser.js("[...document.querySelectorAll('#table-actors tbody tr')].filter(r => !r.hidden)"
                      ".map(r => r.dataset.id)") == ["A0002"]
    assert browser.js("document.getElementById('shown').textContent") == "1 of 2 shown"


def test_text_from_the_data_is_shown_as_text_never_run(site, browser):
    browser.open(site.as_uri() + "#A0002")  # in the table, the fact, its citation and its details
    assert browser.js("[typeof window.pwned, document.querySelectorAll('img').length]") == ["undefined", 0]
    for where in ("#table-actors tr[data-id=A0002]", "#fact", "#citations", "#details"):
        assert HOSTILE in browser.js(f"document.querySelector({json.dumps(where)}).textContent"), where


def test_the_page_needs_no_network_and_holds_its_data_safely(site, browser):
    html = site.read_text(encoding="utf-8")
    assert html.count("</script>") == 2 and "<!--" not in html.split('id="factpack-data">')[1].split("</script>")[0]
    assert not re.search(r"""<(script|img|link|iframe)[^>]*\ssrc=|<link\b|@import|url\(""", html)
    data = json.loads(html.split('id="factpack-data">')[1].split("</script>")[0])
    assert data["seeds"]["S0001"] == ASTRAL_SEED
    browser.events.clear()
    browser.open(site.as_uri() + "#E0001")
    assert set(browser.requested_urls()) == {site.as_uri()}  # the page itself, and nothing else


def test_a_screenshot_of_the_page_is_not_blank(site, browser):
    browser.open(site.as_uri() + "#F0001")
    png = browser.screenshot()
    assert png_colours(png) > 1
