"""The HTML view in real headless Chromium (Debian's /usr/bin/chromium), with the network cut off.

One browser for the whole module; every page is opened from file:// and any request that is not a
file: URL is aborted and counted as a failure. Dialogs (alert) fail the test: hostile quotes must
show as text and run nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

try:
    from test_html import XSS_IMG, XSS_SCRIPT, sample_graph
except ImportError:  # tests imported as a package
    from tests.test_html import XSS_IMG, XSS_SCRIPT, sample_graph

from kg.export.html import write_html
from tests.browser_kit import CHROMIUM, CHROMIUM_ARGS

RUTTE = "https://example.org/kg/id/actor/mark-rutte"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


@dataclass
class Loaded:
    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == [], f"network requests: {self.blocked}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"script ran from article text: {self.dialogs}"

    def js(self, expression: str):
        return self.page.evaluate(expression)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")  # a new, empty --user-data-dir
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
            service_workers="block",
        )
        yield context
        context.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    graph = sample_graph()
    write_html(graph, out / "graph.html")
    write_html(graph, out / "graph-actors.html", view="actors")
    return graph, out


def open_page(browser, path: Path) -> Loaded:
    page = browser.new_page()
    page.set_default_timeout(10_000)
    loaded = Loaded(page)

    def route(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            loaded.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:")) else loaded.blocked.append(r.url),
    )
    page.on("console", lambda m: loaded.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: loaded.errors.append(str(e)))
    page.on("dialog", lambda d: (loaded.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.kgView && window.kgView.ready", timeout=10_000)
    return loaded


@pytest.fixture(scope="module")
def full(browser, pages):
    loaded = open_page(browser, pages[1] / "graph.html")
    yield loaded
    loaded.page.close()


def test_page_loads_offline_and_draws_every_node(full, pages):
    graph = pages[0]
    assert full.js("kgView.network.body.nodeIndices.length") == graph.number_of_nodes()
    assert full.js("kgView.network.body.edgeIndices.length") == graph.number_of_edges()
    full.assert_clean()


def test_search_selects_rutte_and_shows_his_quote(full, tmp_path):
    full.page.fill("#kg-search", "Rutte")
    full.page.press("#kg-search", "Enter")
    assert full.js("kgView.network.getSelectedNodes()") == [RUTTE]
    details = full.page.inner_text("#kg-details")
    assert (
        "Mark Rutte" in details and "Ukraine's path to NATO membership is irreversible" in details
    )
    assert "Secretary General" in details
    # Never into the checkout's output/: kg build refuses a folder holding files it did not write.
    shot = tmp_path / "graph.png"
    full.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 0
    full.assert_clean()


def test_following_the_evidence_from_person_to_statement(full):
    full.page.fill("#kg-search", "Mark Rutte")
    full.page.press("#kg-search", "Enter")
    full.page.click("#kg-details .kg-link >> text=Ukraine's path to NATO")
    details = full.page.inner_text("#kg-details")
    assert "Speaker: Mark Rutte" in details and "Source: NATO summit ends (2024-07-11)" in details
    assert "Evidence: “" in details
    full.assert_clean()


def test_hostile_quotes_show_as_text_and_run_nothing(full):
    full.page.fill("#kg-search", "Olaf Scholz")
    full.page.press("#kg-search", "Enter")
    details = full.page.inner_text("#kg-details")
    assert XSS_IMG in details and XSS_SCRIPT in details
    # Hover every hostile statement so vis-network shows its tooltip.
    hostile = full.js(
        "kgView.payload.nodes.filter(n => n.info.includes('alert(1)') && n.category === "
        "'statement').map(n => n.id)"
    )
    assert len(hostile) == 2
    for node in hostile:
        full.js(f"kgView.network.focus({node!r}, {{scale: 1.5, animation: false}})")
        point = full.js(
            f"kgView.network.canvasToDOM(kgView.network.getPositions([{node!r}])[{node!r}])"
        )
        box = full.page.locator("#kg-network").bounding_box()
        full.page.mouse.move(box["x"] + point["x"] + 5, box["y"] + point["y"] + 5)
        full.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        full.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert "alert(1)" in full.page.inner_text("div.vis-tooltip")
    full.page.click("#kg-details .kg-link >> text=onerror=alert")
    assert XSS_IMG in full.page.inner_text("#kg-details")
    assert full.js("document.querySelectorAll('img').length") == 0
    assert full.js("document.scripts.length") == 3  # the data block, vis-network, the view
    full.assert_clean()


def test_type_filter_hides_a_kind_and_click_highlights_the_neighbourhood(full, pages):
    graph = pages[0]
    full.page.click("#kg-reset")
    full.page.uncheck("#kg-types input[value=statement]")
    visible = full.js("kgView.nodes.get({filter: n => !n.hidden}).length")
    assert visible == graph.number_of_nodes() - 3
    full.page.check("#kg-types input[value=statement]")
    # A real click on Rutte's node on the canvas.
    full.js(f"kgView.network.focus({RUTTE!r}, {{scale: 1.5, animation: false}})")
    point = full.js(
        f"kgView.network.canvasToDOM(kgView.network.getPositions([{RUTTE!r}])[{RUTTE!r}])"
    )
    box = full.page.locator("#kg-network").bounding_box()
    full.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert full.js("kgView.network.getSelectedNodes()") == [RUTTE]
    colours = full.js("Object.fromEntries(kgView.nodes.get().map(n => [n.id, n.color]))")
    neighbours = set(nx_neighbours(graph, RUTTE)) | {RUTTE}
    assert all(not colours[n].startswith("rgba") for n in neighbours)
    assert all(colours[n].startswith("rgba") for n in graph.nodes if n not in neighbours)
    full.assert_clean()


def nx_neighbours(graph, node):
    return set(graph.successors(node)) | set(graph.predecessors(node))


def test_actor_view_draws_actors_and_labelled_edges(browser, pages):
    graph, out = pages
    loaded = open_page(browser, out / "graph-actors.html")
    try:
        actors = [n for n, a in graph.nodes(data=True) if a["kind"] == "actor"]
        assert loaded.js("kgView.network.body.nodeIndices.length") == len(actors)
        labels = set(loaded.js("kgView.payload.edges.map(e => e.relation)"))
        assert labels == {"said about", "pledged to", "member of"}
        loaded.page.fill("#kg-search", "Rutte")
        loaded.page.press("#kg-search", "Enter")
        assert "irreversible" in loaded.page.inner_text("#kg-details")
        loaded.assert_clean()
    finally:
        loaded.page.close()
