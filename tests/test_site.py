"""`lif site`: a self-contained static site, every id a link, stamped, private by default.

These tests drive the real CLI and read the pages it writes with the standard
library's HTML parser; tests/browser/ loads the same pages in Chromium.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import EXAMPLE, git
from tests.test_report import nscb_git  # noqa: F401  (a fixture)

AS_OF = "2016-11-15"


class Page(HTMLParser):
    """What the tests need of one page: tags with attributes, ids, text of some elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"] or "")

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def build(lif, out: Path, repo: Path = EXAMPLE, *extra: str):
    return lif("site", "-o", str(out), "-C", str(repo), "--as-of", AS_OF, *extra)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    from tests.conftest import run_lif

    out = tmp_path_factory.mktemp("site") / "site"
    result = build(run_lif, out)
    assert result.exit_code == 0, result.output
    return out


BORSETSHIRE = EXAMPLE.parent / "borsetshire"
BORSETSHIRE_AS_OF = "2025-03-31"


@pytest.fixture(scope="module")
def borsetshire_site(tmp_path_factory) -> Path:
    from tests.conftest import run_lif

    out = tmp_path_factory.mktemp("site") / "site"
    args = ("site", "-o", str(out), "-C", str(BORSETSHIRE), "--as-of", BORSETSHIRE_AS_OF)
    result = run_lif(*args)
    assert result.exit_code == 0, result.output
    return out


def pages(site: Path) -> dict[str, Page]:
    return {p.name: Page(p.read_text(encoding="utf-8")) for p in sorted(site.glob("*.html"))}


def test_the_example_builds_every_page_kind(example_site):
    names = {p.name for p in example_site.glob("*.html")}
    for kind in ("index", "plan", "agencies", "sources", "calendar", "indicators", "s11"):
        assert f"{kind}.html" in names
    assert "training.html" in names
    assert "agency-police.html" in names
    assert "record-SCR-2016-01.html" in names  # a review
    assert "record-MAA-2016-01.html" in names  # an audit
    assert "record-S11-2016-police.html" in names  # an assessment
    assert "record-PCD-2016.html" in names  # a challenge
    assert "record-DD-2016-01.html" in names  # a drilldown
    assert (example_site / "charts" / "rag-by-agency.svg").stat().st_size > 0
    assert (example_site / "charts" / "indicator-trends.svg").stat().st_size > 0


def test_every_page_is_stamped_private_and_accessible_in_structure(example_site):
    for name, page in pages(example_site).items():
        html = page.all("html")[0]
        assert html.get("lang") == "en-GB", name
        robots = [m for m in page.all("meta") if m.get("name") == "robots"]
        assert robots and "noindex" in (robots[0].get("content") or ""), name
        assert page.all("a")[0].get("href") == "#main" and "main" in page.ids, name
        assert len(page.all("h1")) == 1, name
        stamp = [a for a in page.all("p") if a.get("class") == "stamp"]
        assert stamp, name
        assert "as of 15 Nov 2016" in page.plain and "by lif" in page.plain, name
        assert len(page.all("table")) == len(page.all("caption")), name
        for tag, attrs in page.tags:
            if tag == "th":
                assert attrs.get("scope") in ("col", "row"), name


def test_nothing_is_loaded_from_outside_the_site(example_site):
    for path in example_site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js", ".svg"):
            continue
        text = path.read_text(encoding="utf-8")
        # no script, style, font or image from another host; no cookies
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), path
        assert "@import" not in text and "@font-face" not in text, path
        assert "document.cookie" not in text, path


def test_every_internal_link_reaches_a_page_and_an_anchor(example_site):
    all_pages = pages(example_site)
    checked = 0
    for name, page in all_pages.items():
        for a in page.all("a"):
            href = a.get("href") or ""
            parts = urlsplit(href)
            if parts.scheme or href.startswith("#main"):
                continue
            target = unquote(parts.path) or name
            assert (example_site / target).is_file(), f"{name}: {href}"
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in all_pages[target].ids, f"{name}: {href}"
            checked += 1
    assert checked > 500


def test_record_ids_link_to_their_pages(example_site):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="record-MAA-2016-01.html#a-A4">MAA-2016-01/A4</a>' in home
    assert '<a href="record-LR-2016-01.html#r-R3">LR-2016-01/R3</a>' in home
    assert '<a href="agency-police.html">' in home
    plan = (example_site / "plan.html").read_text(encoding="utf-8")
    assert '<a href="record-SCR-2016-01.html">SCR-2016-01</a>' in plan


def test_the_plan_holds_every_action_and_gap_with_filter_data(example_site):
    page = pages(example_site)["plan.html"]
    rows = [a for a in page.all("tr") if "data-rag" in a]
    # the example: 31 actions and 1 gap (as `lif status` counts them)
    assert len(rows) == 32
    assert sum(1 for r in rows if r["data-status"] == "gap") == 1
    assert sum(1 for r in rows if r["data-rag"] == "red") == 3
    police = [r for r in rows if "police" in (r["data-agency"] or "").split()]
    assert len(police) == 7  # as `lif plan --agency police`
    assert all(re.fullmatch(r"(\d{4}-\d\d-\d\d)?", r["data-due"] or "") for r in rows)
    form = page.all("form")[0]
    assert "hidden" in form  # revealed by the script; the table reads without it
    assert any(s.get("src") == "assets/plan.js" for s in page.all("script"))


def test_source_page_has_findings_recommendations_actions_and_a_timeline(example_site):
    page = pages(example_site)["record-SCR-2016-01.html"]
    text = page.plain
    for heading in (
        "Findings",
        "Recommendations and the actions answering them",
        "Actions and their updates",
        "Statutory timescales" if "Statutory timescales" in text else "Dissemination",
    ):
        assert heading in text
    assert {"r-R1", "a-A1", "f-F1"} <= page.ids
    assert page.all("time"), "updates are dated in a timeline"


def test_rag_is_in_words_as_well_as_colour(example_site):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    for word in ("Red", "Amber", "Green", "Blue (complete)"):
        assert f">{word}</span>" in home


def test_calendar_is_a_year_grid(example_site):
    page = pages(example_site)["calendar.html"]
    header = [a for t, a in page.tags if t == "th" and a.get("scope") == "col"]
    assert len(header) == 3 + 12
    assert "overdue" in page.plain and "received" in page.plain


def test_what_changed_since_the_last_board(lif, nscb_git, tmp_path):  # noqa: F811
    result = build(lif, tmp_path / "site", nscb_git)
    assert result.exit_code == 0, result.output
    home = Page((tmp_path / "site" / "index.html").read_text(encoding="utf-8")).plain
    assert "What changed since the last board" in home
    assert "Since board-2016-09-27" in home
    assert "MAA-2016-02" in home.split("What changed since the last board")[1]
    stamp = git(nscb_git, "rev-parse", "HEAD")[:10]
    assert f"Built from commit {stamp} (working tree)" in home


def test_no_board_tag_no_changes_section(example_site):
    assert "What changed since the last board" not in pages(example_site)["index.html"].plain


def test_at_a_revision_reads_the_records_then(lif, nscb_git, tmp_path):  # noqa: F811
    result = build(lif, tmp_path / "site", nscb_git, "--at", "board-2016-09-27")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "site" / "record-MAA-2016-02.html").exists()
    home = Page((tmp_path / "site" / "index.html").read_text(encoding="utf-8")).plain
    assert "(revision board-2016-09-27)" in home


def test_edit_links_from_site_repo_url(lif, example_repo, tmp_path):
    settings = example_repo / "lif.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "site:\n  repo_url: https://git.example.org/nscb/records/-/edit/main\n",
        encoding="utf-8",
    )
    assert lif("validate", "-C", str(example_repo), "--as-of", AS_OF).exit_code == 0
    result = build(lif, tmp_path / "site", example_repo)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "record-SCR-2016-01.html").read_text(encoding="utf-8")
    assert (
        'href="https://git.example.org/nscb/records/-/edit/main/reviews/SCR-2016-01.yaml"' in page
    )
    assert (
        'href="https://git.example.org/nscb/records/-/edit/main/actions/SCR-2016-01.yaml"' in page
    )
    assert "Edit the action plan" in page
    # the record kinds that are not sources have the link too, and the stamp
    for ident, folder in (
        ("OUT-neglect", "outcomes"),
        ("RISK-01", "risks"),
        ("LE-2016-02", "learning-events"),
        ("ER-2016-01", "evidence-requests"),
        ("FB-2016-01", "feedback"),
    ):
        page = (tmp_path / "site" / f"record-{ident}.html").read_text(encoding="utf-8")
        assert f"/edit/main/{folder}/{ident}.yaml" in page, ident
        assert 'class="stamp"' in page and "as of <strong>15 Nov 2016</strong>" in page


def test_a_repo_url_that_is_not_a_web_address_is_an_error(lif, example_repo):
    settings = example_repo / "lif.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "site:\n  repo_url: javascript:alert(1)\n",
        encoding="utf-8",
    )
    result = lif("validate", "-C", str(example_repo), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "lif.yaml:" in result.output and "repo_url" in result.output


def test_without_repo_url_no_edit_links(example_site):
    assert "Edit this record" not in (example_site / "record-SCR-2016-01.html").read_text()


def test_record_text_is_escaped(lif, make_repo, tmp_path):
    root = make_repo(
        {
            "reviews/LR-1.yaml": """\
                id: LR-1
                type: learning-review
                title: "<script>alert('x')</script> & <b>bold</b>"
                status: report-received
                recommendations:
                  - {id: R1, text: "Use <img src=x onerror=alert(1)>", to: csc}
                """,
        }
    )
    result = build(lif, tmp_path / "site", root)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "record-LR-1.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;" in page


def test_refused_while_records_hold_personal_data(lif, make_repo, tmp_path):
    root = make_repo(
        {
            "reviews/LR-1.yaml": """\
                id: LR-1
                type: learning-review
                title: Child A
                status: in-progress
                lead_reviewer: Contact jo.bloggs@example.org or 07700 900123
                """,
        }
    )
    out = tmp_path / "site"
    result = build(lif, out, root)
    assert result.exit_code == 1
    assert "appear to hold personal data (2 findings)" in result.stderr
    assert "the site was not written" in result.stderr
    assert "jo.bloggs" not in result.output and "07700" not in result.output
    assert not out.exists()


def test_a_second_build_replaces_the_first_whole(lif, example_repo, tmp_path):
    out = tmp_path / "site"
    assert build(lif, out, example_repo).exit_code == 0
    assert (out / "record-YOT-2016-11.html").exists()
    (example_repo / "reports" / "YOT-2016-11.yaml").unlink()
    result = build(lif, out, example_repo)
    assert result.exit_code == 0, result.output
    assert not (out / "record-YOT-2016-11.html").exists()
    assert (out / ".lif-site").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_a_folder_lif_did_not_write_is_never_replaced(lif, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = build(lif, out)
    assert result.exit_code == 2
    assert "not written by lif site" in result.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_reads_change_no_record(lif, example_repo, tmp_path):
    before = {p: p.read_bytes() for p in example_repo.rglob("*") if p.is_file()}
    assert build(lif, tmp_path / "site", example_repo).exit_code == 0
    after = {p: p.read_bytes() for p in example_repo.rglob("*") if p.is_file()}
    assert before == after


def test_site_ships_its_templates_and_assets():
    from lif_cli.resources import templates_dir

    folder = templates_dir() / "site"
    for name in ("_layout.html.j2", "home.html.j2", "plan.html.j2", "site.css", "plan.js"):
        assert (folder / name).is_file()


def test_no_repository_is_exit_2(lif, tmp_path):
    result = lif("site", "-o", str(tmp_path / "site"), "-C", str(tmp_path), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert not (tmp_path / "site").exists()


# --- the CI recipe ------------------------------------------------------------------------


def install_lines(text: str) -> list[str]:
    """The install commands of a workflow (GitHub's `run:` and GitLab's `- ` stripped)."""
    return [
        line[line.index("pip install") :].split("  #")[0].strip()
        for line in text.splitlines()
        if "pip install" in line
    ]


def test_init_writes_the_site_workflows_with_the_same_install_step(lif, tmp_path):
    root = tmp_path / "records"
    r = lif("init", str(root), "--partnership", "Test Safeguarding Children Partnership")
    assert r.exit_code == 0, r.output
    github = (root / ".github/workflows/lif-site.yml").read_text(encoding="utf-8")
    gitlab = (root / ".gitlab/ci/lif-site.yml").read_text(encoding="utf-8")
    assert "branches: [main]" in github and "run: lif site -o site" in github
    assert "if: vars.LIF_SITE_PUBLISH == 'true'" in github  # never public by default
    assert '$LIF_SITE_PUBLISH == "true"' in gitlab and "lif site -o public" in gitlab
    main_install = install_lines((root / ".github/workflows/lif.yml").read_text(encoding="utf-8"))
    assert install_lines(github) == main_install
    assert install_lines(gitlab) == main_install
    assert "lif-site.yml" in git(root, "ls-files")
    assert "/site/\n" in (root / ".gitignore").read_text(encoding="utf-8")
    # the new repository builds a site straight away
    site = lif("site", "-o", str(tmp_path / "site"), "-C", str(root), "--as-of", AS_OF)
    assert site.exit_code == 0, site.output
    assert "No action is overdue." in (tmp_path / "site" / "index.html").read_text()


def test_examples_ci_holds_the_same_recipes():
    from lif_cli.site import ci

    folder = EXAMPLE.parent / "ci"
    github = (folder / "github-pages-lif-site.yml").read_text(encoding="utf-8")
    gitlab = (folder / "gitlab-pages-lif-site.yml").read_text(encoding="utf-8")
    assert github == ci.github_pages()
    assert gitlab == ci.gitlab_pages()
    validate = (folder / "github-actions-lif.yml").read_text(encoding="utf-8")
    assert install_lines(github) == install_lines(validate)
    validate = (folder / "gitlab-ci-lif.yml").read_text(encoding="utf-8")
    assert install_lines(gitlab) == install_lines(validate)


def test_the_trend_chart_holds_at_most_its_limit_priority_and_red_first():
    from lif_cli.site.charts import CHART_LIMIT, charted_indicators

    def ind(n: int, level: str | None, rag: str | None) -> dict:
        return {"id": f"i{n}", "level": level, "rag": rag}

    few = [ind(n, None, "green") for n in range(3)]
    assert charted_indicators(few) == few
    many = [ind(n, None, "green") for n in range(40)]
    many[30] = ind(30, "priority", "green")
    many[35] = ind(35, None, "red")
    chosen = charted_indicators(many)
    assert len(chosen) == CHART_LIMIT
    ids = [i["id"] for i in chosen]
    assert "i30" in ids and "i35" in ids
    assert ids == sorted(ids, key=lambda s: int(s[1:]))  # their own order kept


# --- every record kind has its page; every id on every page is a link -------------------------

# Where a record of each folder is shown: its own page, or a place on a shared one.
SHARED_PAGES = {"indicators": "indicators.html", "training": "training.html"}
ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:/[A-Za-z0-9_-]+)?")


class Unlinked(HTMLParser):
    """The text of a page outside links (and outside its <title> and form options)."""

    SKIP = {"a", "title", "option", "script", "style"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.chunks.append(data)


def record_pages(repo: Path) -> dict[str, str]:
    """id -> the page it belongs on, for every record file in the repository."""
    out = {}
    for path in repo.glob("*/*.yaml"):
        folder = path.parent.name
        if folder != "actions":
            out[path.stem] = SHARED_PAGES.get(folder, f"record-{path.stem}.html")
    return out


@pytest.mark.parametrize("which", ["nscb", "borsetshire"])
def test_every_record_id_on_every_page_is_a_link_to_its_page(which, request):
    site = request.getfixturevalue("example_site" if which == "nscb" else "borsetshire_site")
    repo = EXAMPLE if which == "nscb" else BORSETSHIRE
    homes = record_pages(repo)
    assert all((site / page).is_file() for page in homes.values()), "a record has no page"
    unlinked = []
    for path in sorted(site.glob("*.html")):
        for chunk in Unlinked(path.read_text(encoding="utf-8")).chunks:
            for token in ID_TOKEN.findall(chunk):
                page = homes.get(token.split("/")[0])
                # an id in plain text is allowed only on its own page (its heading)
                if page is not None and page != path.name:
                    unlinked.append(f"{path.name}: {token}")
    assert unlinked == []


def test_every_internal_link_of_the_second_example_reaches_its_target(borsetshire_site):
    all_pages = pages(borsetshire_site)
    for name, page in all_pages.items():
        for a in page.all("a"):
            parts = urlsplit(a.get("href") or "")
            if parts.scheme or not parts.path:
                continue
            target = unquote(parts.path)
            assert (borsetshire_site / target).is_file(), f"{name}: {a.get('href')}"
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in all_pages[target].ids, f"{name}: {a.get('href')}"


def test_each_new_kind_is_on_its_index_page_and_in_the_navigation(example_site, borsetshire_site):
    for site, index, ids in (
        (borsetshire_site, "incidents.html", ["SI-2024-01", "SI-2025-03"]),
        (example_site, "outcomes.html", ["OUT-neglect", "OUT-cse"]),
        (example_site, "risks.html", ["RISK-01", "RISK-02", "RISK-03"]),
        (example_site, "learning.html", ["LE-2016-01", "LE-2017-01", "FB-2016-01"]),
        (example_site, "evidence.html", ["ER-2016-01", "ER-2016-03"]),
        (borsetshire_site, "sources.html", ["IS-2024-01", "NR-2024-01"]),
        (example_site, "sources.html", ["FB-2016-01"]),
    ):
        page = pages(site)[index]
        hrefs = {a.get("href") for a in page.all("a")}
        for ident in ids:
            assert f"record-{ident}.html" in hrefs, (index, ident)
        nav = (site / "index.html").read_text(encoding="utf-8").split("</nav>")[0]
        assert f'href="{index}"' in nav
    # a kind with no records has no page and no place in the navigation
    assert not (borsetshire_site / "risks.html").exists()
    assert not (example_site / "incidents.html").exists()


def test_an_incident_page_has_the_panel_steps_and_the_next_deadline_lif_status_gives(
    lif, borsetshire_site
):
    import json

    from lif_cli.render.report import fmt_date

    result = lif("status", "-C", str(BORSETSHIRE), "--as-of", BORSETSHIRE_AS_OF, "--format", "json")
    status = {i["id"]: i for i in json.loads(result.stdout)["incidents"]}
    row = status["SI-2024-04"]
    page = pages(borsetshire_site)["record-SI-2024-04.html"]
    text = page.plain
    deadline = fmt_date(__import__("datetime").date.fromisoformat(row["deadline"]))
    assert f"{row['next_title']}: due {deadline}" in text
    for step in row["steps"]:
        assert step["title"] in text
    assert "The Panel's process" in text and row["where"] in text
    assert {a.get("href") for a in page.all("a")} >= {"record-CSPR-2024-02.html"}
    home = pages(borsetshire_site)["index.html"]
    assert "Serious incidents in the Panel's process" in home.plain
    assert "record-SI-2024-04.html" in {a.get("href") for a in home.all("a")}
    # the local review names the incident that led to it
    review = pages(borsetshire_site)["record-CSPR-2024-02.html"]
    assert "record-SI-2024-04.html" in {a.get("href") for a in review.all("a")}


def test_scrutiny_and_national_review_pages_have_findings_recommendations_and_actions(
    borsetshire_site,
):
    for ident, facts in (("IS-2024-01", "The scrutiny"), ("NR-2024-01", "The national review")):
        page = pages(borsetshire_site)[f"record-{ident}.html"]
        text = page.plain
        assert facts in text and "Findings" in text
        assert "Recommendations and the actions answering them" in text
        assert {"r-R1", "f-F1"} <= page.ids
        assert any(i.startswith("a-") for i in page.ids), ident


def test_framework_record_pages_show_their_fields_and_link_what_they_name(example_site):
    site = pages(example_site)

    def hrefs(name: str) -> set:
        return {a.get("href") for a in site[name].all("a")}

    outcome = site["record-OUT-neglect.html"]
    assert "Impact measures" in outcome.plain and "Contributing actions" in outcome.plain
    assert {"indicators.html#i-re-referrals", "record-SCR-2016-01.html#a-A6"} <= hrefs(
        "record-OUT-neglect.html"
    )
    risk = site["record-RISK-01.html"].plain
    assert "4 (likelihood) × 4 (impact) = 16 , Red" in risk and "Controls in place" in risk
    assert "record-PCD-2016.html#a-A4" in hrefs("record-RISK-01.html")
    event = site["record-LE-2016-02.html"].plain
    assert "Spreads the learning of" in event and "Who attended LE-2016-02, by agency" in event
    assert {"record-MAA-2016-01.html", "agency-csc.html"} <= hrefs("record-LE-2016-02.html")
    request = site["record-ER-2016-01.html"].plain
    assert "Evidence asked for" in request and "Answered 18 Oct 2016" in request
    # the record that answered it, and the review its "why" names, are links
    assert {"record-MAA-2016-02.html", "record-SCR-2016-01.html"} <= hrefs("record-ER-2016-01.html")
    feedback = site["record-FB-2016-01.html"].plain
    assert "The feedback" in feedback and "Themes raised in FB-2016-01" in feedback
    # pages name back: the review lists the events spreading it; actions the outcomes they serve
    assert "record-LE-2016-02.html" in hrefs("record-SCR-2016-01.html")
    assert "record-OUT-neglect.html" in hrefs("record-SCR-2016-01.html")
    assert "record-ER-2016-01.html" in hrefs("agency-csc.html")


def test_charts_are_kept_and_reused_while_their_figures_do_not_change(lif, example_repo, tmp_path):
    import os

    cache = Path(os.environ["LIF_CACHE_DIR"])
    out = tmp_path / "site"
    assert build(lif, out, example_repo).exit_code == 0
    kept = sorted(cache.glob("site-charts-*/*.svg"))
    assert len(kept) == 2  # the RAG chart and the trend chart
    first = (out / "charts" / "rag-by-agency.svg").read_text(encoding="utf-8")
    assert first in [p.read_text(encoding="utf-8") for p in kept]
    # the same figures: the kept chart is used (a mark put in it shows)
    for p in kept:
        p.write_text(p.read_text(encoding="utf-8") + "<!-- kept -->\n", encoding="utf-8")
    assert build(lif, out, example_repo).exit_code == 0
    assert (
        (out / "charts" / "rag-by-agency.svg")
        .read_text(encoding="utf-8")
        .endswith("<!-- kept -->\n")
    )
    # --no-cache draws afresh and keeps nothing new
    assert build(lif, out, example_repo, "--no-cache").exit_code == 0
    assert (out / "charts" / "rag-by-agency.svg").read_text(encoding="utf-8") == first
    # other figures (an action cancelled): the RAG chart is drawn again
    plan = example_repo / "actions" / "SCR-2016-01.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "\n    status: in-progress\n" in text
    text = text.replace("\n    status: in-progress\n", "\n    status: cancelled\n", 1)
    plan.write_text(text, encoding="utf-8")
    assert build(lif, out, example_repo).exit_code in (0, 1)
    redrawn = (out / "charts" / "rag-by-agency.svg").read_text(encoding="utf-8")
    assert "<!-- kept -->" not in redrawn and redrawn != first


def test_every_group_has_a_page_saying_what_it_is_asked_to_do(example_site):
    from lif_cli.cli.options import load_records
    from lif_cli.compute.plan import build_plan

    records = load_records(EXAMPLE)
    plan = build_plan(records, __import__("datetime").date.fromisoformat(AS_OF))
    all_pages = pages(example_site)
    agencies = all_pages["agencies.html"]
    for ident, group in records.groups.items():
        page = all_pages[f"group-{ident}.html"]
        assert group.name in page.plain
        assert {"href": f"group-{ident}.html"} in agencies.all("a")
        # every recommendation addressed to the group is on its page, as the plan has it
        to_it = [rec.id for s in plan.sources for rec in s.recommendations if ident in rec.to]
        listed = [a["href"] for a in page.all("a") if "#r-" in (a["href"] or "")]
        assert len(listed) == len(to_it)
        approved = [s.id for s in plan.sources if s.approved_by == ident]
        assert all({"href": f"record-{s}.html"} in page.all("a") for s in approved)
    scrg = all_pages["group-SCRG.html"]
    # the Serious Case Review Group commissioned three reviews and requested an audit
    assert "Reviews it commissioned and audits it requested" in scrg.plain
    for source in ("SCR-2016-01", "SCR-2016-02", "LR-2016-01", "MAA-2016-02"):
        assert {"href": f"record-{source}.html"} in scrg.all("a")
    assert "LR-2016-01/R" in scrg.plain  # addressed to the board and SCRG
    piqag = all_pages["group-PIQAG.html"]
    assert "It reports to Norfolk Safeguarding Children Board" in piqag.plain
    assert {"href": "group-board.html"} in piqag.all("a")
    board = all_pages["group-board.html"]
    assert {"href": "group-PIQAG.html"} in board.all("a")  # its subgroups


def test_group_ids_are_links_in_tables_but_not_in_prose(example_site):
    calendar = (example_site / "calendar.html").read_text(encoding="utf-8")
    assert '<a href="group-PIQAG.html">PIQAG</a>' in calendar
    # free text that names a group is prose: "The board should audit use of ..."
    review = (example_site / "record-LR-2016-01.html").read_text(encoding="utf-8")
    assert "The board should audit use of" in review
    assert '<a href="group-board.html">board</a> should' not in review


def test_prose_links_records_but_never_a_group_id_that_looks_like_one():
    from types import SimpleNamespace

    from lif_cli.site.links import Links

    links = Links(
        {
            "agencies": {"police": "Police"},
            "group_views": [{"id": "LSCG-north"}],
            "source_views": [],
            "kind_views": {"outcomes": [{"id": "OUT-neglect"}]},
            "indicators": [],
            "training": [],
            "calendar_view": SimpleNamespace(entries=[]),
            "drilldowns": [],
        }
    )
    assert links.href("LSCG-north") == "group-LSCG-north.html"
    text = links.prose("LSCG-north to report on OUT-neglect")
    assert text.startswith("LSCG-north to report on ")
    assert '<a href="record-OUT-neglect.html">OUT-neglect</a>' in text
