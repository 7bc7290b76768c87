"""The built site in a real browser: Debian's Chromium, driven by Playwright for Python.

Nothing here downloads a browser: Playwright is pointed at the distribution's
Chromium (``/usr/bin/chromium``, or ``LIF_CHROMIUM``), which .ci/run installs
with apt, and axe-core comes from npm (tests/browser/package.json, installed by
``npm ci`` in .ci/run). Locally, without either, these tests skip.

Each test loads pages from ``file://``; every request that leaves ``file://``
is recorded and refused, and every console error is kept, so a test can
assert that there were none. Screenshots at 1280 and 390 px go to
``LIF_SCREENSHOT_DIR`` (default: a temporary folder).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_lif

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("LIF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# One page of every kind: home, plan, agency, each kind of source, and each view.
PAGE_KINDS = {
    "home": "index.html",
    "plan": "plan.html",
    "agencies": "agencies.html",
    "agency": "agency-police.html",
    "group": "group-PIQAG.html",
    "sources": "sources.html",
    "review": "record-SCR-2016-01.html",
    "audit": "record-MAA-2016-01.html",
    "report": "record-LADO-2016-Q2.html",
    "assessment": "record-S11-2016-police.html",
    "challenge": "record-PCD-2016.html",
    "drilldown": "record-DD-2016-01.html",
    "calendar": "calendar.html",
    "indicators": "indicators.html",
    "s11": "s11.html",
    "training": "training.html",
    # the kinds added later: the framework's, in the first example
    "feedback": "record-FB-2016-01.html",
    "outcome": "record-OUT-neglect.html",
    "outcomes": "outcomes.html",
    "risk": "record-RISK-01.html",
    "risks": "risks.html",
    "learning-event": "record-LE-2016-02.html",
    "learning": "learning.html",
    "evidence-request": "record-ER-2016-01.html",
    "evidence-requests": "evidence.html",
}
# The kinds only the second example has: incidents, scrutiny, national reviews.
BORSETSHIRE_KINDS = {
    "incident": "record-SI-2024-04.html",
    "incidents": "incidents.html",
    "scrutiny": "record-IS-2024-01.html",
    "national-review": "record-NR-2024-01.html",
    "home-with-incidents": "index.html",
    "group-with-subgroups": "group-executive.html",
}


def _missing(reason: str) -> None:
    """Skip on a developer's machine; in CI, which installs everything, fail."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright import sync_api
except ImportError:
    _missing("Playwright is not installed (pip install -e '.[dev]')")
if not Path(CHROMIUM).exists():
    _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
if not AXE.is_file():
    _missing("axe-core is not installed (npm ci --prefix tests/browser)")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    os.environ.setdefault("LIF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    out = tmp_path_factory.mktemp("browser") / "site"
    result = run_lif("site", "-o", str(out), "-C", str(EXAMPLE), "--as-of", "2016-11-15")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def borsetshire(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "borsetshire"
    repo = EXAMPLE.parent / "borsetshire"
    result = run_lif("site", "-o", str(out), "-C", str(repo), "--as-of", "2025-03-31")
    assert result.exit_code == 0, result.output
    return out


def pick(kind: str, request) -> tuple[Path, str]:
    """(site folder, page) of a page kind, from whichever example has it."""
    if kind in BORSETSHIRE_KINDS:
        return request.getfixturevalue("borsetshire"), BORSETSHIRE_KINDS[kind]
    return request.getfixturevalue("site"), PAGE_KINDS[kind]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose outside requests are refused and recorded, and console errors kept."""

    def __init__(self, browser, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _console(self, msg):
        if msg.type == "error":
            self.errors.append(msg.text)

    def open(self, site: Path, name: str):
        self.page.goto((site / name).as_uri())
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    made: list[Watched] = []

    def _make(width: int = 1280) -> Watched:
        w = Watched(browser, width)
        made.append(w)
        return w

    yield _make
    for w in made:
        w.close()


def visible_rows(page) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "#plan-table tbody tr",
        """rows => rows.filter(r => !r.hidden).map(r => ({
            agency: r.dataset.agency, rag: r.dataset.rag, due: r.dataset.due,
            status: r.dataset.status}))""",
    )


# the example's plan: its 31 actions and 1 gap (as `lif status` counts them)
ROWS = 32


def test_filter_the_plan_by_agency_and_by_rag(site, watched):
    w = watched()
    page = w.open(site, "plan.html")
    every = visible_rows(page)
    assert len(every) == ROWS
    police = sum(1 for r in every if "police" in r["agency"].split())
    page.select_option("#f-agency", "police")
    rows = visible_rows(page)
    assert len(rows) == police >= 5
    assert all("police" in r["agency"].split() for r in rows)
    assert page.inner_text("#plan-count") == f"Showing {police} of {ROWS} rows."
    page.select_option("#f-rag", "amber")
    rows = visible_rows(page)
    assert rows and all(r["rag"] == "amber" and "police" in r["agency"] for r in rows)
    page.select_option("#f-agency", "")
    rows = visible_rows(page)
    assert len(rows) == sum(1 for r in every if r["rag"] == "amber")
    page.click("button[type=reset]")
    page.wait_for_function(
        f"document.getElementById('plan-count').textContent.includes('{ROWS} of {ROWS}')"
    )
    assert len(visible_rows(page)) == ROWS
    assert not w.errors and not w.outside


def test_filters_come_from_the_address(site, watched):
    w = watched()
    w.page.goto((site / "plan.html").as_uri() + "?rag=red&status=not-started")
    rows = visible_rows(w.page)
    assert rows and all(r["rag"] == "red" and r["status"] == "not-started" for r in rows)


def test_sort_the_plan_by_due_date(site, watched):
    w = watched()
    page = w.open(site, "plan.html")
    page.keyboard.press("Tab")  # keyboard only: the skip link first
    page.focus("th[data-sort='due'] button")
    page.keyboard.press("Enter")
    assert page.get_attribute("th[data-sort='due']", "aria-sort") == "ascending"
    dues = [r["due"] for r in visible_rows(page)]
    dated = [d for d in dues if d]
    assert dated == sorted(dated) and dues[: len(dated)] == dated  # gaps (no date) last
    page.keyboard.press("Enter")
    assert page.get_attribute("th[data-sort='due']", "aria-sort") == "descending"
    dated = [r["due"] for r in visible_rows(page) if r["due"]]
    assert dated == sorted(dated, reverse=True)
    assert not w.errors and not w.outside


def test_an_id_link_opens_its_page(site, watched):
    w = watched()
    page = w.open(site, "index.html")
    page.click("text=MAA-2016-01/A4")
    page.wait_for_load_state()
    assert page.url.endswith("record-MAA-2016-01.html#a-A4")
    assert "MAA-2016-01" in page.inner_text("h1")
    assert page.is_visible("#a-A4")
    assert not w.errors and not w.outside


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(site, watched):
    w = watched()
    page = w.open(site, "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert page.is_visible("a.skip")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("kind", sorted({**PAGE_KINDS, **BORSETSHIRE_KINDS}))
def test_every_page_kind_passes_axe_with_no_errors_or_outside_requests(watched, kind, request):
    folder, name = pick(kind, request)
    for width in (1280, 390):
        w = watched(width)
        page = w.open(folder, name)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations'], preload: false})""",
            AXE_TAGS,
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"]
        ]
        assert violations == [], f"{name} at {width}px"
        assert w.errors == [], f"{name}: console errors"
        assert w.outside == [], f"{name}: requests outside file://"
        # readable at 390 px: nothing but scrolling tables is wider than the window
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} is {overflow}px wide at {width}px"


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(watched, width, tmp_path, request):
    folder = Path(os.environ.get("LIF_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    w = watched(width)
    for kind in {**PAGE_KINDS, **BORSETSHIRE_KINDS}:
        site, name = pick(kind, request)
        page = w.open(site, name)
        shot = folder / f"{kind}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 1000
    assert not w.errors and not w.outside
