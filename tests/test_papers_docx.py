"""`lif report --format docx`: Word papers read back with python-docx, as Word would."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from lif_cli.render.palette import RAG_CELL, RAG_CHART, contrast, text_on
from tests.conftest import EXAMPLE, run_lif
from tests.test_changes import commit, run_git

AS_OF = "2016-11-15"
RAG_FILLS = {fill.lstrip("#").upper(): word.upper() for word, (fill, _) in RAG_CELL.items()}


@pytest.fixture(scope="module")
def board(tmp_path_factory) -> tuple[Path, Path, str]:
    """The example's board paper as Word, built once: (docx, records root, commit)."""
    base = tmp_path_factory.mktemp("board")
    root = base / "nscb"
    shutil.copytree(EXAMPLE, root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIF_CACHE_DIR", str(base / "cache"))
        mp.setenv("NO_COLOR", "1")
        for k in ("AUTHOR", "COMMITTER"):
            mp.setenv(f"GIT_{k}_NAME", "Test Officer")
            mp.setenv(f"GIT_{k}_EMAIL", "officer@example.invalid")
        run_git(root, "init", "-q", "-b", "main")
        commit(root, "Records for the board", "2016-11-08", "Board Officer")
        sha = run_git(root, "rev-parse", "HEAD").strip()
        out = base / "p.docx"
        result = run_lif(
            "report", "board", "--format", "docx", "-o", str(out), "-C", str(root),
            "--as-of", AS_OF,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.stdout == "" and f"wrote {out}" in result.stderr
    return out, root, sha


def cell_text(cell) -> str:
    return cell.text.strip()


def test_a4_heading_styles_and_numbered_sections(board):
    doc = Document(str(board[0]))
    first = doc.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert abs(first.page_width - Cm(21)) < Cm(0.05) and abs(first.page_height - Cm(29.7)) < Cm(
        0.05
    )
    for s in doc.sections:  # every section is A4, some of them turned for wide tables
        assert {round(s.page_width / 360000, 1), round(s.page_height / 360000, 1)} == {21.0, 29.7}
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in doc.sections)
    styled = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Head", "Title"))
    ]
    assert styled[0] == ("Title", "NSCB Board paper: learning and improvement")
    h1 = [t for s, t in styled if s == "Heading 1"]
    assert h1[0] == "1. Summary" and h1[-1] == "13. Decisions the board is asked to take"
    assert len(h1) == 13
    props = doc.core_properties
    assert props.title == "NSCB Board paper: learning and improvement"
    assert "as of 2016-11-15" in props.subject


def test_every_table_repeats_its_header_row_and_never_splits_a_row(board):
    doc = Document(str(board[0]))
    assert len(doc.tables) >= 10
    for table in doc.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        # Word refuses properties out of the schema's order; LibreOffice would not notice
        order = [child.tag.rsplit("}", 1)[1] for child in table._tbl.tblPr]
        assert order == ["tblW", "jc", "tblBorders", "tblLayout", "tblLook"], order


def test_rag_cells_are_shaded_and_keep_their_word(board):
    doc = Document(str(board[0]))
    seen = set()
    for table in doc.tables:
        for row in table.rows[1:]:
            for cell in row.cells:
                shd = cell._tc.tcPr.find(qn("w:shd"))
                fill = shd.get(qn("w:fill")).upper() if shd is not None else None
                if fill in RAG_FILLS:
                    assert cell_text(cell).startswith(RAG_FILLS[fill]), cell_text(cell)
                    seen.add(RAG_FILLS[fill])
                elif cell_text(cell) in ("RED", "AMBER", "GREEN", "BLUE"):
                    pytest.fail(f"an unshaded RAG cell: {cell_text(cell)}")
    assert seen == {"RED", "AMBER", "GREEN", "BLUE"}


def test_rag_colours_are_readable_and_colour_blind_safe():
    for word, (fill, ink) in RAG_CELL.items():
        assert contrast(fill, ink) >= 4.5, word
    for word, fill in RAG_CHART.items():  # numbers printed on chart bars
        assert contrast(fill, text_on(fill)) >= 4.5, word
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)


def test_numbers_align_right_and_ids_never_break(board):
    doc = Document(str(board[0]))
    overdue = next(
        t for t in doc.tables if [cell_text(c) for c in t.rows[0].cells][4:5] == ["Days overdue"]
    )
    assert overdue.rows[1].cells[4].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert overdue.rows[1].cells[1].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT
    ident = overdue.rows[1].cells[1]
    assert cell_text(ident) == "MAA-2016-01/A4"  # read back with its hyphens
    assert len(ident._tc.findall(".//" + qn("w:noBreakHyphen"))) == 2
    assert "-" not in "".join(t.text for t in ident._tc.iter(qn("w:t")))
    widths = [c.width for c in overdue.rows[0].cells]
    assert widths[-1] == max(widths)  # the action text gets the room


def test_charts_are_pictures_with_alt_text(board):
    doc = Document(str(board[0]))
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 2
    alts = [s._inline.docPr.get("descr") for s in shapes]
    assert alts[0].startswith("Actions by agency and RAG.") and "police: 1 red" in alts[0]
    assert "re-referrals (Re-referrals" in alts[1] and "(target 20)" in alts[1]
    with zipfile.ZipFile(board[0]) as z:
        pngs = [n for n in z.namelist() if n.endswith(".png")]
        assert len(pngs) == 2
        width, _height = struct.unpack(">II", z.read(pngs[0])[16:24])
    assert width >= 1200  # print resolution: 200 dpi across 7 inches


def test_footer_has_the_stamp_and_page_x_of_y(board):
    doc = Document(str(board[0]))
    footer = doc.sections[0].footer
    text = "\n".join(p.text for p in footer.paragraphs)
    sha = board[2]
    assert f"git commit {sha[:10]} (clean)" in text and "as of 2016-11-15" in text
    assert "by lif " in text and "Page " in text and " of " in text
    instr = [el.text.strip() for el in footer._element.iter(qn("w:instrText"))]
    assert instr == ["PAGE", "NUMPAGES"]
    for s in doc.sections[1:]:
        assert s.footer.is_linked_to_previous


def test_the_same_records_give_the_same_bytes(board, tmp_path):
    again = tmp_path / "again.docx"
    result = run_lif(
        "report", "board", "--format", "docx", "-o", str(again), "-C", str(board[1]),
        "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == board[0].read_bytes()


# --- every paper, and a repository's own ------------------------------------------------


def test_every_paper_and_a_repositorys_own_template_become_word(lif, example_repo, tmp_path):
    (example_repo / "templates").mkdir()
    (example_repo / "templates" / "quarterly.md.j2").write_text(
        "# Quarterly note\n\n## 1. Overdue\n\n| Action | RAG |\n|---|---|\n"
        "{% for r in status.overdue %}| {{ r.id|md }} | {{ r.rag|word }} |\n{% endfor %}"
    )
    for paper, extra in (
        ("piqag", []),
        ("annual", []),
        ("yearly", []),
        ("agency", ["--agency", "police"]),
        ("quarterly", []),
    ):
        out = tmp_path / f"{paper}.docx"
        result = lif(
            "report", paper, *extra, "--format", "docx", "-o", str(out), "-C", str(example_repo),
            "--as-of", AS_OF,
        )  # fmt: skip
        assert result.exit_code == 0, (paper, result.output)
        doc = Document(str(out))
        assert doc.paragraphs[0].style.name == "Title"
        assert any(p.style.name == "Heading 1" for p in doc.paragraphs), paper
    doc = Document(str(tmp_path / "quarterly.docx"))
    assert doc.paragraphs[0].text == "Quarterly note"
    assert [cell_text(c) for c in doc.tables[0].rows[1].cells] == ["MAA-2016-01/A4", "RED"]


def test_docx_needs_an_output_file(lif, example_repo):
    result = lif("report", "board", "--format", "docx", "-C", str(example_repo), "--as-of", AS_OF)
    assert result.exit_code == 2 and "--output FILE.docx" in result.stderr
    assert result.stdout == ""


def test_a_paper_with_personal_data_is_refused_in_word_too(lif, make_repo, tmp_path):
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
    out = tmp_path / "p.docx"
    result = lif(
        "report", "board", "--format", "docx", "-o", str(out), "-C", str(root), "--as-of", AS_OF
    )
    assert result.exit_code == 1 and "appear to hold personal data" in result.stderr
    assert "jo.bloggs" not in result.output and "07700" not in result.output
    assert not out.exists()


# --- the house template -------------------------------------------------------------------


def tiny_png() -> bytes:
    """A 4x4 blue PNG (the partnership's 'logo')."""
    raw = b"".join(b"\x00" + b"\x00\x72\xb2" * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def house_template() -> bytes:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.styles["Normal"].font.name = "Georgia"
    doc.styles.add_style("House Note", WD_STYLE_TYPE.PARAGRAPH)
    doc.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(tiny_png()), width=Cm(2))
    doc.add_paragraph("House cover page", style="House Note")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def with_template(example_repo: Path, rel: str, data: bytes | None = None) -> Path:
    settings = example_repo / "lif.yaml"
    settings.write_text(settings.read_text() + f"reports:\n  docx_template: {rel}\n")
    if data is not None:
        (example_repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (example_repo / rel).write_bytes(data)
    return example_repo


def test_a_house_template_keeps_its_styles_header_logo_and_cover(lif, example_repo, tmp_path):
    root = with_template(example_repo, "house/paper.docx", house_template())
    out = tmp_path / "p.docx"
    result = lif(
        "report", "board", "--format", "docx", "-o", str(out), "-C", str(root), "--as-of", AS_OF
    )
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "House cover page"
    assert doc.paragraphs[0].style.name == "House Note"
    assert doc.styles["Normal"].font.name == "Georgia"
    titles = [p for p in doc.paragraphs if p.style.name == "Title"]
    assert titles[0].text == "NSCB Board paper: learning and improvement"
    # the cover ends with its own page break: no blank page before the paper
    assert doc.paragraphs[2].style.name == "Title"
    header = doc.sections[0].header
    assert header._element.findall(".//" + qn("w:drawing")), "the logo is gone from the header"
    assert all(s.header.is_linked_to_previous for s in doc.sections[1:])
    assert "PAGE" in "".join(
        el.text for el in doc.sections[0].footer._element.iter(qn("w:instrText"))
    )
    assert all(t._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None for t in doc.tables)


def docx_with(member: str, data: bytes, content_type: str | None = None) -> bytes:
    """A copy of a plain docx with one more member (and a content type rewritten)."""
    src = zipfile.ZipFile(io.BytesIO(house_template()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if content_type and info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    content_type.encode(),
                )
            dst.writestr(info.filename, body)
        if member:
            dst.writestr(member, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("rel", "data", "message"),
    [
        ("house/paper.docm", house_template(), "macro-enabled"),
        ("house/paper.docx", docx_with("word/vbaProject.bin", b"\x00macro"), "macros"),
        (
            "house/paper.docx",
            docx_with("", b"", "application/vnd.ms-word.document.macroEnabled.main+xml"),
            "macro-enabled",
        ),
        (
            "house/paper.docx",
            docx_with(
                "",
                b"",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            ),
            "Word template (.dotx)",
        ),
        ("house/paper.docx", b"not a zip at all", "not a zip package"),
        ("house/paper.odt", house_template(), "is not a .docx file"),
        ("/etc/paper.docx", None, "not a path inside the records repository"),
        ("../paper.docx", None, "not a path inside the records repository"),
        ("house/missing.docx", None, "does not exist"),
    ],
)
def test_an_unsafe_or_wrong_house_template_is_refused(
    lif, example_repo, tmp_path, rel, data, message
):
    root = with_template(example_repo, rel, data)
    out = tmp_path / "p.docx"
    result = lif(
        "report", "board", "--format", "docx", "-o", str(out), "-C", str(root), "--as-of", AS_OF
    )
    assert result.exit_code == 1, result.output
    assert "lif.yaml: reports.docx_template" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_symlink_leading_out_of_the_repository_is_refused(lif, example_repo, tmp_path):
    outside = tmp_path / "elsewhere.docx"
    outside.write_bytes(house_template())
    (example_repo / "house").mkdir()
    (example_repo / "house" / "paper.docx").symlink_to(outside)
    root = with_template(example_repo, "house/paper.docx")
    out = tmp_path / "p.docx"
    result = lif(
        "report", "board", "--format", "docx", "-o", str(out), "-C", str(root), "--as-of", AS_OF
    )
    assert result.exit_code == 1 and "leads outside the records repository" in result.stderr
    assert not out.exists()


# --- printed through LibreOffice ------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    not (SOFFICE and shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="LibreOffice and poppler are not installed (.ci/run installs them)",
)


def to_pdf(path: Path, tmp_path: Path) -> Path:
    """Convert with LibreOffice headless, in a profile of its own."""
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = tmp_path / (path.stem + ".pdf")
    assert pdf.exists()
    return pdf


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def pdf_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    out = []
    for line in info.splitlines():
        if line.startswith("Page") and " size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            out.append((float(w), float(h)))
    return out


@needs_office
def test_the_word_paper_prints_on_a4_through_libreoffice(board, tmp_path):
    pdf = to_pdf(board[0], tmp_path)
    pages = pdf_pages(pdf)
    sizes = pdf_sizes(pdf)
    assert 6 <= len(pages) <= 16, len(pages)
    assert len(sizes) == len(pages)
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes)
    assert "Page 1 of " in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    overdue = next(p for p in pages if "4. Overdue actions" in p)
    header = next(line for line in overdue.splitlines() if "Action text" in line)
    for column in ("RAG", "Action", "Agency", "Due", "Status", "Action text"):
        assert column in header, column  # every column on the page, none pushed off it
    assert "MAA-2016-01/A4" in overdue  # an id on one line, unbroken
