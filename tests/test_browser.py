"""The explorer in real headless Chromium (Debian's /usr/bin/chromium), with the network cut off.

One browser for the whole module; every page is opened from file:// and any request that is not a
file: URL is aborted and counted as a failure. Dialogs (alert) fail the test: hostile quotes must
show as text and run nothing. Two pages: the small sample graph of test_html (every kind of fact,
hostile text) and a synthetic graph in the proportions of the 178-article Guardian build (the real
corpus is not in the checkout)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest

try:
    from test_html import AROUND_RUTTE, RUTTE_SAID, XSS_IMG, XSS_SCRIPT, sample_graph, with_passage
except ImportError:  # tests imported as a package
    from tests.test_html import (
        AROUND_RUTTE,
        RUTTE_SAID,
        XSS_IMG,
        XSS_SCRIPT,
        sample_graph,
        with_passage,
    )

from kg.export.html import write_html
from tests.browser_kit import CHROMIUM, CHROMIUM_ARGS, corpus_graph

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

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def search(self, text: str) -> None:
        self.page.fill("#kg-search", text)
        self.page.press("#kg-search", "Enter")
        self.settle()

    def settle(self) -> None:
        """Wait until the network pane has laid out and drawn what was asked last."""
        self.page.wait_for_function("kgView.settled", timeout=10_000)


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
            viewport={"width": 1400, "height": 900},
            service_workers="block",
        )
        yield context
        context.close()


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
    page.wait_for_function("window.kgView && window.kgView.ready", timeout=20_000)
    return loaded


@pytest.fixture(scope="module")
def sample(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "graph.html"
    write_html(sample_graph(), path)
    loaded = open_page(browser, path)
    yield loaded
    loaded.page.close()


@pytest.fixture(scope="module")
def corpus():
    return corpus_graph(178)


@pytest.fixture(scope="module")
def big(browser, corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "graph.html"
    write_html(corpus, path)
    loaded = open_page(browser, path)
    yield loaded
    loaded.page.close()


# ---------------------------------------------------------------- the sample graph


def test_search_selects_rutte_with_his_quote_post_and_source(sample, tmp_path):
    sample.search("rutte")
    assert sample.js("kgView.state.selected") is not None
    details = sample.page.inner_text("#kg-details")
    assert "Mark Rutte" in details and "Secretary General (NATO)" in details
    assert "“Ukraine's path to NATO membership is irreversible" in details  # the span, quoted
    assert "NATO summit ends" in details and "Example News, 2024-07-11" in details
    link = sample.page.locator("#kg-details .kg-source a").first
    assert link.get_attribute("href") == "https://example.com/a"
    # Never into the checkout's output/: kg build refuses a folder holding files it did not write.
    sample.page.screenshot(path=str(tmp_path / "graph.png"))
    sample.assert_clean()


def test_indirect_speech_is_shown_without_quotation_marks(sample):
    sample.search("Olaf Scholz")
    reported = sample.page.locator(".kg-reported").first.inner_text()
    assert reported == "Germany would send more air defence soon"
    sample.assert_clean()


def test_hostile_text_shows_as_text_and_runs_nothing(sample):
    sample.search("Olaf Scholz")
    details = sample.page.inner_text("#kg-details")
    assert XSS_IMG in details and XSS_SCRIPT in details
    sample.page.locator("#kg-details .kg-fact").last.locator(".kg-source .kg-link").click()
    assert XSS_SCRIPT in sample.page.inner_text(".kg-around")
    # The article whose URL is javascript: is shown without a link.
    assert (
        sample.js("[...document.querySelectorAll('a')].filter(a => !/^https?:/.test(a.href))") == []
    )
    sample.search(XSS_IMG[:10])
    assert "No match" not in sample.page.inner_text("#kg-results")
    assert sample.js("document.querySelectorAll('img').length") == 0
    assert sample.js("document.scripts.length") == 3  # the data block, vis-network, the view
    sample.assert_clean()


def test_read_around_shows_the_paragraph_with_the_fact_marked(browser, tmp_path):
    path = tmp_path / "graph.html"
    write_html(with_passage(sample_graph()), path)
    loaded = open_page(browser, path)
    loaded.search("rutte")
    quote = loaded.page.locator("#kg-details .kg-fact", has_text="membership is irreversible")
    quote.first.locator(".kg-source .kg-link").click()
    assert loaded.page.inner_text(".kg-passage") == AROUND_RUTTE
    assert loaded.page.inner_text(".kg-passage mark") == RUTTE_SAID
    assert loaded.js("document.querySelectorAll('img').length") == 0
    loaded.assert_clean()
    loaded.page.close()


def test_a_person_ranks_before_an_organisation_of_the_same_name(browser, tmp_path):
    graph = sample_graph()
    base = "https://example.org/kg/id/"
    graph.add_node(
        base + "actor/office",
        kind="actor",
        label="Rutte",
        type="Organization",
        name="Rutte",
        aliases=[],
        wikidata=None,
    )
    graph.add_edge(base + "document/d1", base + "actor/office", key="mentions", relation="mentions")
    write_html(graph, tmp_path / "graph.html")
    loaded = open_page(browser, tmp_path / "graph.html")
    try:
        assert loaded.js("kgView.find('RÚTTE')")[:2] == [RUTTE, base + "actor/office"]
        loaded.assert_clean()
    finally:
        loaded.page.close()


# ---------------------------------------------------------------- at the Guardian build's scale


def test_landing_view_draws_labelled_linked_actors_only(big):
    drawn = big.js("kgView.drawn")
    assert 20 <= len(drawn["nodes"]) <= 40
    linked = {e["from"] for e in drawn["edges"]} | {e["to"] for e in drawn["edges"]}
    assert set(drawn["nodes"]) == linked  # no isolated node
    labels = big.js("kgView.nodes.get().map(n => n.label)")
    assert all(labels)
    # Filling the pane: the drawing spans most of the canvas width or height.
    box = big.js(
        "(() => { const n = kgView.network, p = n.getPositions(), xs = [], ys = [];"
        " for (const k in p) { const d = n.canvasToDOM(p[k]); xs.push(d.x); ys.push(d.y); }"
        " const c = document.getElementById('kg-network');"
        " return [(Math.max(...xs) - Math.min(...xs)) / c.clientWidth,"
        " (Math.max(...ys) - Math.min(...ys)) / c.clientHeight]; })()"
    )
    assert max(box) > 0.6, box
    big.assert_clean()


def test_a_five_word_phrase_from_inside_long_statements_finds_them(big, corpus):
    rng = random.Random(3)
    long = sorted(
        (n, a["text"])
        for n, a in corpus.nodes(data=True)
        if a["kind"] == "statement" and len(a["text"]) > 300
    )
    for iri, text in rng.sample(long, 3):
        words = text.split()
        at = rng.randrange(20, len(words) - 8)
        phrase = " ".join(words[at : at + 5])
        assert iri in big.js("(q) => kgView.find(q)", phrase.upper()), phrase
    big.search(" ".join(long[0][1].split()[30:35]))
    assert big.page.locator("#kg-results .kg-result-fact").count() >= 1
    big.assert_clean()


def test_selecting_an_actor_lists_its_timeline_in_date_order(big):
    big.page.click("#kg-index-rows tr:first-child .kg-link")
    big.settle()
    dates = big.js(
        "[...document.querySelectorAll('#kg-timeline .kg-fact .kg-date')].map(d => d.textContent)"
    )
    assert len(dates) > 10 and dates == sorted(dates)
    selected = big.js("kgView.data.actors[kgView.state.selected][0]")
    drawn = big.js("kgView.drawn")
    assert selected in drawn["nodes"] and len(drawn["nodes"]) > 5
    assert all(selected in (e["from"], e["to"]) for e in drawn["edges"])  # its neighbourhood
    big.assert_clean()


def test_the_date_range_narrows_index_network_and_timelines(big):
    big.page.click("#kg-reset")
    big.settle()
    before = big.js("kgView.indexed.length")
    big.page.fill("#kg-from", "2022-04-01")
    big.page.fill("#kg-to", "2022-04-30")
    big.page.dispatch_event("#kg-to", "change")
    big.settle()
    assert 0 < big.js("kgView.indexed.length") < before
    dates = big.js(
        "[...document.querySelectorAll('#kg-details .kg-fact .kg-date')].map(d => d.textContent)"
    )
    assert dates and all("2022-04-01" <= d <= "2022-04-30" for d in dates)
    big.page.click("#kg-index-rows tr:first-child .kg-link")
    big.settle()
    dates = big.js(
        "[...document.querySelectorAll('#kg-timeline .kg-fact .kg-date')].map(d => d.textContent)"
    )
    assert dates and all("2022-04-01" <= d <= "2022-04-30" for d in dates)
    big.page.click("#kg-all-dates")
    big.settle()
    assert big.js("kgView.indexed.length") == before
    big.assert_clean()
