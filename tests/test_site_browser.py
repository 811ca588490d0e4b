"""The built site in a real browser (Chromium through Playwright): charts are drawn, instant
navigation keeps working, the accent-free filter and the Vietnamese search find things, nothing is
fetched from outside the site, axe-core finds no serious accessibility problem, and the dark palette
keeps the charts. (The HTML-only checks are in test_site.py.)

Every test runs once per site engine (MkDocs with Material, then Zensical: conftest's `engine`), on the
same data. One Chromium per test session, one local HTTP server per engine. Most tests share one browser
page (each starts with a new document, and storage is cleared after each test); the network test uses a
new browser context with an empty cache. Full-page screenshots go to test-artifacts/<engine>/ (git-ignored).
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO
from playwright.sync_api import Browser, Page, expect, sync_playwright

from generator.site.text import fold

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts"
TIMEOUT_MS = 15_000

# The four pages checked in depth: (id used in test names and screenshots, URL path, charts at least).
PAGES = [
    ("home", "", 3),
    ("nhiem-vu-2.4", "nhiem-vu/2.4/", 1),
    ("co-quan-cong-an-tp", "co-quan/cong-an-tp/", 1),
    ("ky-bao-cao-2019-Q1", "ky-bao-cao/2019-Q1/", 0),
]
PAGE_IDS = [p[0] for p in PAGES]

# Every `.tiendo-chart` holds a Plotly SVG, and there are at least `minimum` of them.
CHARTS_DRAWN = """minimum => {
  const charts = Array.from(document.querySelectorAll('.tiendo-chart'));
  return charts.length >= minimum && charts.every(el => el.querySelector('svg.main-svg'));
}"""

# Accessibility problems that come from Material for MkDocs itself (its partials and CSS), not from our
# templates or tiendo.css: each is excluded for that one rule on that one element only, every other rule
# still runs on it. Keys: (axe rule id, the node's target as axe reports it).
THEME_OWNED = {
    # partials/search.html: `<div class="md-search" role="dialog">` has no accessible name.
    ("aria-dialog-name", ".md-search"),
    # partials/progress.html (feature navigation.instant.progress): `<div class="md-progress"
    # role="progressbar">` has no accessible name.
    ("aria-progressbar-name", ".md-progress"),
    # Material's footer "Made with Material for MkDocs": --md-footer-fg-color--lighter (#ffffff73) on the
    # footer background gives #7f7f7f on #171717, 4.47:1 (needs 4.5:1).
    ("color-contrast", ".md-copyright"),
}


# --- server and browser -------------------------------------------------------------------------


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site quietly. `sitemap.xml` is served with its addresses moved to this server.

    Material's instant navigation only intercepts links listed in sitemap.xml; it rewrites the sitemap's
    protocol and host to the current page's but keeps the port of `site_url` (localhost:8000 unless
    SITE_URL is set). On a free port every link would fall back to a full page load. A published site is
    built with SITE_URL set to its address (see mkdocs.yml), which is what this rewrite reproduces.
    """

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def do_GET(self):
        if self.path.split("?")[0] != "/sitemap.xml":
            return super().do_GET()
        text = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        root = min(re.findall(r"<loc>(.*?)</loc>", text), key=len)  # the site's home page
        host, port = self.server.server_address[:2]
        body = text.replace(root, f"http://{host}:{port}/").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def origin(engine_site: Path):
    """`http://127.0.0.1:<free port>` serving the bundled data's site."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(engine_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _require_chromium() -> None:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing: {CHROMIUM} not found. The browser tests need the Debian package "
                    "`chromium` (apt-get install chromium); `playwright install` cannot be used here.",
                    pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Browser:
    _require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts(engine: str) -> Path:
    """test-artifacts/<engine>/: each engine's screenshots apart."""
    folder = ARTIFACTS / engine
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(repr=False)
class Tab:
    """A browser page, with everything it logged and fetched since the test started."""

    page: Page
    origin: str
    artifacts: Path
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Tab({self.page.url})"

    def listen(self) -> dict:
        """Record the page's console errors, uncaught exceptions and requests (its workers' too)."""

        def on_console(message):
            # warnings are not errors: lunr's Vietnamese stemmer warns "Function is not registered with pipeline"
            if message.type == "error":
                self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

        def on_response(response):
            if response.status >= 400:
                self.bad_responses.append(f"{response.status} {response.url}")

        def on_failure(request):
            if request.failure != "net::ERR_ABORTED":  # cut short by the next navigation: not a fault
                self.bad_responses.append(f"{request.failure} {request.url}")

        listeners = {
            "console": on_console,
            "pageerror": lambda error: self.page_errors.append(str(error)),
            "request": lambda request: self.requests.append(request.url),
            "response": on_response,
            "requestfailed": on_failure,
        }
        for event, listener in listeners.items():
            self.page.on(event, listener)
        return listeners

    def url(self, path: str) -> str:
        return f"{self.origin}/{path}"

    def open(self, path: str) -> None:
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"

    def wait_for_charts(self, minimum: int = 0) -> int:
        """Wait until at least `minimum` charts exist and each holds a Plotly SVG; return their number."""
        self.page.wait_for_function(CHARTS_DRAWN, arg=minimum)
        return self.page.locator(".tiendo-chart").count()

    def screenshot(self, name: str) -> None:
        self.page.screenshot(path=str(self.artifacts / f"{name}.png"), full_page=True)

    def foreign_requests(self) -> list[str]:
        # data: and blob: addresses are never fetched over the network
        return [u for u in self.requests
                if not u.startswith(f"{self.origin}/") and not u.startswith(("data:", "blob:"))]

    def assert_healthy(self) -> None:
        """No console error, no uncaught exception, no failed or outside request so far."""
        assert not self.page_errors, "uncaught exceptions:\n" + "\n".join(self.page_errors)
        assert not self.console_errors, "console errors:\n" + "\n".join(self.console_errors)
        assert not self.bad_responses, "failed requests:\n" + "\n".join(self.bad_responses)
        assert not self.foreign_requests(), "requests outside the site:\n" + "\n".join(self.foreign_requests())


def _new_context(browser: Browser):
    # light scheme and a desktop width: Material's palette follows prefers-color-scheme, and its
    # navigation sidebar is only shown from 76.25em
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light", locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture(scope="session")
def shared_page(browser: Browser) -> Page:
    """One page for most tests: a fresh page parses the 4.8 MB plotly.min.js again (2-3 s per test), a
    page that navigates keeps it compiled. Each test still starts with a new document (`Tab.open`)."""
    context = _new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def tab(shared_page: Page, origin: str, artifacts: Path) -> Tab:
    """The shared page, listened to for this test only; storage is cleared afterwards (palette choice)."""
    t = Tab(shared_page, origin, artifacts)
    listeners = t.listen()
    yield t
    if shared_page.url.startswith(origin):
        shared_page.evaluate("localStorage.clear(); sessionStorage.clear()")
    shared_page.goto("about:blank")  # ends this test's requests before the next test listens
    for event, listener in listeners.items():
        shared_page.remove_listener(event, listener)


@pytest.fixture
def cold_tab(browser: Browser, origin: str, artifacts: Path) -> Tab:
    """A page in a new browser context: empty cache and storage, so every file is really requested."""
    context = _new_context(browser)
    t = Tab(context.new_page(), origin, artifacts)
    t.listen()
    yield t
    context.close()


# --- tests ----------------------------------------------------------------------------------------


def test_chromium_is_installed():
    _require_chromium()


@pytest.mark.parametrize(("name", "path", "minimum"), PAGES, ids=PAGE_IDS)
def test_page_loads_cleanly_and_draws_every_chart(tab: Tab, name, path, minimum):
    tab.open(path)
    drawn = tab.wait_for_charts(minimum)
    assert drawn >= minimum
    tab.screenshot(f"page-{name}")
    tab.assert_healthy()


def test_instant_navigation_keeps_the_page_and_draws_the_new_charts(tab: Tab):
    page = tab.page
    tab.open("")
    tab.wait_for_charts(3)
    page.evaluate("window.__marker = 1")  # lost if the browser loads a whole new document

    page.locator("nav.md-nav--primary").get_by_role("link", name="Cơ quan", exact=True).click()
    page.wait_for_url(tab.url("co-quan/"))
    expect(page.locator("article h1")).to_have_text("Cơ quan")  # Material swaps the content after the URL
    assert page.evaluate("window.__marker") == 1, "clicking the navigation reloaded the whole page"

    page.locator("article").get_by_role("link", name="Công an thành phố", exact=True).click()
    page.wait_for_url(tab.url("co-quan/cong-an-tp/"))
    expect(page.locator("article h1")).to_have_text("Công an thành phố")
    assert tab.wait_for_charts(1) >= 1
    assert page.evaluate("window.__marker") == 1, "clicking a link in the content reloaded the whole page"
    tab.screenshot("instant-co-quan-cong-an-tp")

    page.go_back()
    page.wait_for_url(tab.url("co-quan/"))
    expect(page.locator("article h1")).to_have_text("Cơ quan")
    page.go_back()
    page.wait_for_url(tab.url(""))
    expect(page.locator("article h1")).to_have_text("Tổng quan")
    assert tab.wait_for_charts(3) >= 3
    assert page.evaluate("window.__marker") == 1
    tab.assert_healthy()


def test_reloading_a_task_page_draws_its_chart_again(tab: Tab):
    page = tab.page
    tab.open("nhiem-vu/2.4/")
    tab.wait_for_charts(1)
    page.evaluate("window.__marker = 1")
    page.reload(wait_until="load")
    assert page.evaluate("window.__marker") is None  # really a new document
    assert tab.wait_for_charts(1) >= 1
    tab.assert_healthy()


# --- the filter of the task list -------------------------------------------------------------------


def _open_task_filter(tab: Tab):
    tab.open("nhiem-vu/")
    form = tab.page.locator("form.tiendo-filter")
    tab.page.wait_for_function("document.querySelector('form.tiendo-filter').dataset.ready === '1'")
    return form


def _rows(tab: Tab) -> list[dict]:
    return tab.page.locator("#tiendo-tasks tbody tr").evaluate_all(
        "rows => rows.map(r => ({text: r.innerText, category: r.dataset.category, hidden: r.hidden,"
        " shown: r.offsetParent !== null}))")


def _shown_count(form) -> tuple[int, int]:
    match = re.search(r"(\d+)\s*/\s*(\d+)", form.locator("output").inner_text())
    assert match, f"no count in {form.locator('output').inner_text()!r}"
    return int(match[1]), int(match[2])


def test_task_filter_matches_words_typed_without_accents(tab: Tab):
    form = _open_task_filter(tab)
    total = len(_rows(tab))
    assert _shown_count(form) == (total, total)

    form.locator("input[name=q]").fill("kiem soat")
    rows = _rows(tab)
    shown = [r for r in rows if r["shown"]]
    hidden = [r for r in rows if not r["shown"]]
    assert shown and hidden
    assert all(not r["hidden"] for r in shown) and all(r["hidden"] for r in hidden)
    for r in shown:
        assert "kiem soat" in fold(r["text"]), f"shown but does not contain “kiểm soát”: {r['text']!r}"
    for r in hidden:
        assert "kiem soat" not in fold(r["text"]), f"hidden but contains “kiểm soát”: {r['text']!r}"
    assert _shown_count(form) == (len(shown), total)
    tab.screenshot("filter-kiem-soat")

    form.locator("input[name=q]").fill("")
    assert _shown_count(form) == (total, total)
    tab.assert_healthy()


def test_task_filter_by_category_keeps_only_that_category(tab: Tab):
    form = _open_task_filter(tab)
    total = len(_rows(tab))
    form.locator("select[name=category]").select_option("overdue")
    rows = _rows(tab)
    shown = [r for r in rows if r["shown"]]
    assert shown, "no overdue task in the bundled data"
    assert len(shown) < total
    assert {r["category"] for r in shown} == {"overdue"}
    assert all(r["category"] != "overdue" for r in rows if not r["shown"])
    assert _shown_count(form) == (len(shown), total)

    form.locator("select[name=category]").select_option("")
    assert _shown_count(form) == (total, total)
    tab.assert_healthy()


def test_task_filter_works_after_instant_navigation(tab: Tab):
    page = tab.page
    tab.open("")
    page.evaluate("window.__marker = 1")
    page.locator("nav.md-nav--primary").get_by_role("link", name="Nhiệm vụ", exact=True).click()
    page.wait_for_url(tab.url("nhiem-vu/"))
    page.wait_for_function("document.querySelector('form.tiendo-filter')?.dataset.ready === '1'")
    assert page.evaluate("window.__marker") == 1
    form = page.locator("form.tiendo-filter")
    form.locator("input[name=q]").fill("kiem soat")
    shown, total = _shown_count(form)
    assert 0 < shown < total
    assert shown == sum(r["shown"] for r in _rows(tab))
    tab.assert_healthy()


# --- search ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """Where an engine's search lives: the same shortcut ("/") opens it, but the markup differs."""

    box: str  # the text field
    results: str  # one found item
    files: tuple[str, ...]  # patterns of the addresses of its index and its code, fetched when it opens


SEARCHES = {
    # Material's lunr search, with its Vietnamese stemmer, in the page
    "mkdocs": Search("input.md-search__input", ".md-search-result__item",
                     (r"/search/search_index\.json$", r"/lunr\.vi\.min\.js$")),
    # Zensical's own search dialog, in a shadow root (Playwright's selectors pierce it); in 0.0.73 its
    # labels are English ("Search", "46 results") whatever theme.language says
    "zensical": Search("input[role=combobox]", "[role=option]",
                       (r"/search\.json$", r"/workers/search\.[0-9a-f]+\.min\.js$")),
}


def _search(tab: Tab, engine: str, query: str) -> list[str]:
    """Open the search with its keyboard shortcut, type `query`, return the texts of the results.

    On a page loaded directly: right after Material's instant navigation, "/" sometimes opens its search and
    closes it at once (two handlers each toggle it), a quirk of Material's, not of the site.
    """
    search = SEARCHES[engine]
    page = tab.page
    page.keyboard.press("/")
    box = page.locator(search.box)
    expect(box).to_be_focused()
    if engine == "mkdocs":
        # the worker has built the (Vietnamese) index when "Initializing search" becomes the placeholder
        page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim()"
                               " === 'Nhập để bắt đầu tìm kiếm'")
    page.keyboard.type(query)
    expect(page.locator(search.results).first).to_be_visible()
    return page.locator(search.results).all_inner_texts()


def test_vietnamese_search_finds_pages(tab: Tab, engine: str):
    tab.open("")
    texts = _search(tab, engine, "tham nhũng")
    assert any("tham nhung" in fold(t) for t in texts), texts[:3]
    tab.screenshot("search-tham-nhung")
    tab.assert_healthy()


@pytest.mark.parametrize(("query", "task"), [("khiếu nại phức tạp kéo dài", "4.2"), ("hộ tịch chứng thực", "2.7"),
                                             ("đăng ký xe hộ khẩu", "1.5")])
def test_search_finds_a_task_page_by_words_of_its_title(tab: Tab, engine: str, query: str, task: str):
    """Tables of figures and lists are left out of the index; a task's own page is still found by its title."""
    tab.open("")
    _search(tab, engine, query)
    # among the first results shown (the worker may still be answering a shorter prefix of the query)
    expect(tab.page.locator(SEARCHES[engine].results).filter(has_text=f"Nhiệm vụ {task}").first).to_be_visible()
    tab.assert_healthy()


# --- network -----------------------------------------------------------------------------------------


def test_no_request_leaves_the_site(cold_tab: Tab, engine: str):
    page = cold_tab.page
    for _, path, minimum in PAGES:
        cold_tab.open(path)
        cold_tab.wait_for_charts(minimum)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Cơ quan", exact=True).click()  # instant
    page.wait_for_url(cold_tab.url("co-quan/"))
    expect(page.locator("article h1")).to_have_text("Cơ quan")
    cold_tab.open("")  # the search on a page loaded directly (see _search)
    assert _search(cold_tab, engine, "kiểm soát")
    # the listener sees the page's and the search worker's requests
    requests = cold_tab.requests
    for pattern in SEARCHES[engine].files:
        assert any(re.search(pattern, u) for u in requests), pattern
    assert any(u.endswith("/plotly.min.js") for u in requests)
    cold_tab.assert_healthy()  # among others: no request outside the site


# --- accessibility -----------------------------------------------------------------------------------


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]")
        for node in v["nodes"][:4]:
            summary = " ".join((node.get("failureSummary") or "").split())[:220]
            lines.append(f"    {' '.join(node['target'])}  {node['html'][:120]!r}  {summary}")
    return "\n".join(lines)


def _assert_accessible(tab: Tab, path: str) -> None:
    """axe-core finds no serious or critical violation on the open page (the theme's own are set aside)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab.page)
    serious = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        nodes = [n for n in violation["nodes"] if (violation["id"], " ".join(n["target"])) not in THEME_OWNED]
        if nodes:
            serious.append({**violation, "nodes": nodes})
    if serious:
        pytest.fail(f"axe-core on /{path}: serious or critical violations\n{_describe(serious)}", pytrace=False)


@pytest.mark.parametrize(("name", "path", "minimum"), PAGES, ids=PAGE_IDS)
def test_page_has_no_serious_accessibility_violation(tab: Tab, name, path, minimum):
    tab.open(path)
    tab.wait_for_charts(minimum)  # check the page as people see it, with the charts drawn
    _assert_accessible(tab, path)


# --- dark palette ------------------------------------------------------------------------------------

CHART_FONT_COLOURS = "Array.from(document.querySelectorAll('.tiendo-chart')).map(el => el._fullLayout.font.color)"


def test_dark_palette_keeps_the_charts_and_recolours_them(tab: Tab):
    page = tab.page
    tab.open("")
    tab.wait_for_charts(3)
    light = page.evaluate(CHART_FONT_COLOURS)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"

    page.locator("label.md-header__button[for^='__palette']:visible").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    tab.wait_for_charts(3)
    page.wait_for_function(f"light => {CHART_FONT_COLOURS}.every(c => !light.includes(c))", arg=light)
    dark = page.evaluate(CHART_FONT_COLOURS)
    tab.screenshot("page-home-dark")

    page.reload(wait_until="load")  # Material remembers the palette; charts drawn afresh use it
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    tab.wait_for_charts(3)
    assert page.evaluate(CHART_FONT_COLOURS) == dark
    tab.assert_healthy()


# --- layout: every kind of page fits the screen --------------------------------------------------------

# One page of every kind the site has: (id used in screenshots, URL path).
EVERY_KIND = [
    ("home", ""), ("nhiem-vu", "nhiem-vu/"), ("nhiem-vu-2.4", "nhiem-vu/2.4/"), ("co-quan", "co-quan/"),
    ("co-quan-cong-an-tp", "co-quan/cong-an-tp/"), ("ky-bao-cao", "ky-bao-cao/"),
    ("ky-bao-cao-2019-Q1", "ky-bao-cao/2019-Q1/"), ("chi-tieu", "chi-tieu/"), ("kho-khan-kien-nghi", "kho-khan-kien-nghi/"),
    ("lich-su", "lich-su/"), ("tai-ve", "tai-ve/"), ("huong-dan", "huong-dan/"), ("quy-tac", "huong-dan/quy-tac/"),
    ("mau-bao-cao", "huong-dan/mau-bao-cao/"),
]
# screenshots kept of the pages a phone reader opens most
SHOT_ON_PHONE = {"home", "nhiem-vu-2.4", "co-quan-cong-an-tp", "ky-bao-cao-2019-Q1", "kho-khan-kien-nghi"}
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.mark.parametrize("screen", list(WIDTHS))
def test_no_page_is_wider_than_the_screen(tab: Tab, screen):
    page = tab.page
    page.set_viewport_size({"width": WIDTHS[screen], "height": 844})
    try:
        too_wide = []
        for name, path in EVERY_KIND:
            tab.open(path)
            tab.wait_for_charts(0)
            width, screen_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width > screen_width:
                too_wide.append(f"/{path}: {width} px on a {screen_width} px screen")
            if screen == "phone" and name in SHOT_ON_PHONE:
                tab.screenshot(f"phone-{name}")
        assert too_wide == []
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    tab.assert_healthy()


def test_a_wide_table_scrolls_inside_the_page_on_a_phone(tab: Tab):
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        tab.open("nhiem-vu/")
        box = page.locator("#tiendo-tasks").evaluate(
            "t => { const w = t.closest('.md-typeset__scrollwrap');"
            " return w && [w.scrollWidth, w.clientWidth, getComputedStyle(w).overflowX]; }")
        assert box is not None, "the task table is not in the theme's scrolling box"
        scroll_width, width, overflow = box
        assert scroll_width > width and overflow == "auto"  # 7 columns do not fit 390 px: the table scrolls
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


# --- printing ---------------------------------------------------------------------------------------------

PRINT_STATE = """() => {
  const shown = el => !!el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const chrome = ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer', '.md-search',
                  '.tiendo-print'];
  return {
    chrome: chrome.filter(s => shown(document.querySelector(s))),
    scrolling: Array.from(document.querySelectorAll('.md-typeset__scrollwrap'))
      .filter(w => getComputedStyle(w).overflowX !== 'visible').length,
    cut: Array.from(document.querySelectorAll('article table')).filter(t => t.scrollWidth > t.clientWidth + 1).length,
    hiddenTables: Array.from(document.querySelectorAll('article table')).filter(t => !shown(t)).length,
    tables: document.querySelectorAll('article table').length,
    legend: shown(document.querySelector('.tiendo-legend')),
    head: shown(document.querySelector('.tiendo-report-head')),
  };
}"""


@pytest.mark.parametrize("path", ["ky-bao-cao/2019-Q1/", ""], ids=["period", "home"])
def test_print_stylesheet_opens_every_table_and_hides_the_navigation(tab: Tab, path):
    page = tab.page
    tab.open(path)
    tab.wait_for_charts(0)
    page.set_viewport_size({"width": 718, "height": 1123})  # A4 less 15 mm margins, at 96 dpi
    page.emulate_media(media="print")
    try:
        state = page.evaluate(PRINT_STATE)  # the stylesheet alone (folded tables included)
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the browser does when printing
        page.wait_for_function("Array.from(document.querySelectorAll('.tiendo-chart .main-svg'))"
                               ".every(svg => svg.getBoundingClientRect().right <= window.innerWidth)")
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        tab.screenshot(f"print-{path.strip('/').replace('/', '-') or 'home'}")
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    finally:
        page.emulate_media(media="null")
        page.set_viewport_size({"width": 1280, "height": 900})
    assert state["chrome"] == [], "navigation shown on paper"
    assert state["scrolling"] == 0 and state["cut"] == 0, state
    assert state["tables"] > 0 and state["hiddenTables"] == 0, state  # folded data tables unfolded too
    assert not wide
    if path:
        assert state["legend"] and state["head"]


def test_printed_period_page_is_a_report_with_header_tables_and_legend(tab: Tab, tmp_path):
    """The page as Chromium prints it (A4 PDF), read back as text and as pictures."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is missing (apt-get install poppler-utils)")
    page = tab.page
    tab.open("ky-bao-cao/2019-Q1/")
    pdf = tmp_path / "ky-bao-cao-2019-Q1.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Kế hoạch số 17-KH/TU ngày 29/12/2016" in text
    assert "Quý I/2019: số liệu từ 15/12/2018 đến ngày chốt 14/03/2019" in text
    assert "Chú thích." in text and "chưa gửi" in text
    for absent in ("In trang này", "Tìm kiếm", "Made with"):
        assert absent not in text
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf),
                    str(tab.artifacts / "pdf-ky-bao-cao-2019-Q1")], check=True)


def test_print_button_prints_the_page_after_instant_navigation_too(tab: Tab):
    page = tab.page
    tab.open("ky-bao-cao/")
    page.evaluate("window.__marker = 1")
    page.locator("article").get_by_role("link", name="Quý I/2019", exact=True).click()
    page.wait_for_url(tab.url("ky-bao-cao/2019-Q1/"))
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.get_by_role("button", name="In trang này").click()
    assert page.evaluate("window.__printed") == 1
    assert page.evaluate("window.__marker") == 1  # an instant navigation, not a new document
    tab.assert_healthy()


def test_printing_unfolds_the_data_tables_and_folds_them_back(tab: Tab):
    page = tab.page
    tab.open("")
    closed = page.evaluate("document.querySelectorAll('details:not([open])').length")
    assert closed >= 2
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("document.querySelectorAll('details:not([open])').length") == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.querySelectorAll('details:not([open])').length") == closed


# --- the obstacles filter ------------------------------------------------------------------------------

NOTES = ("Array.from(document.querySelectorAll('#tiendo-notes section')).map(s => ({period: s.dataset.period,"
         " group: s.dataset.group, kind: s.dataset.kind, agency: s.dataset.agency, shown: s.offsetParent !== null,"
         " text: s.dataset.search}))")


def test_obstacles_filter_by_period_group_and_words_without_accents(tab: Tab):
    page = tab.page
    tab.open("kho-khan-kien-nghi/")
    page.wait_for_function("document.querySelector('form.tiendo-filter').dataset.ready === '1'")
    form = page.locator("form.tiendo-filter")
    notes = page.evaluate(NOTES)
    assert _shown_count(form) == (len(notes), len(notes))

    form.locator("select[name=period]").select_option("2018-Q4")
    notes = page.evaluate(NOTES)
    assert {n["period"] for n in notes if n["shown"]} == {"2018-Q4"}
    assert all(not n["shown"] for n in notes if n["period"] != "2018-Q4")

    form.locator("select[name=group]").select_option("2")
    notes = page.evaluate(NOTES)
    shown = [n for n in notes if n["shown"]]
    assert shown and {(n["period"], n["group"]) for n in shown} == {("2018-Q4", "2")}
    assert len(shown) == sum(1 for n in notes if n["period"] == "2018-Q4" and n["group"] == "2")

    form.locator("select[name=period]").select_option("")
    form.locator("select[name=group]").select_option("")
    form.locator("input[name=q]").fill("nghi dinh")
    notes = page.evaluate(NOTES)
    assert all(("nghi" in n["text"] and "dinh" in n["text"]) == n["shown"] for n in notes)  # every word, anywhere
    assert 0 < _shown_count(form)[0] < len(notes)
    tab.assert_healthy()


def test_period_page_links_to_its_own_obstacles_filtered(tab: Tab):
    page = tab.page
    tab.open("ky-bao-cao/2019-Q1/")
    page.evaluate("window.__marker = 1")
    page.get_by_role("link", name="xem các ý kiến của Quý I/2019").click()
    page.wait_for_url(tab.url("kho-khan-kien-nghi/?period=2019-Q1"))
    page.wait_for_function("document.querySelector('form.tiendo-filter')?.dataset.ready === '1'")
    assert page.locator("select[name=period]").input_value() == "2019-Q1"
    notes = page.evaluate(NOTES)
    assert {n["period"] for n in notes if n["shown"]} == {"2019-Q1"}
    assert page.evaluate("window.__marker") == 1
    tab.assert_healthy()


# --- accessibility of the other page kinds ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["nhiem-vu/", "co-quan/", "ky-bao-cao/", "chi-tieu/", "kho-khan-kien-nghi/",
                                  "lich-su/", "huong-dan/quy-tac/"])
def test_every_other_page_kind_has_no_serious_accessibility_violation(tab: Tab, path):
    tab.open(path)
    tab.wait_for_charts(0)
    _assert_accessible(tab, path)
