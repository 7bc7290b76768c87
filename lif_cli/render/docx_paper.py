"""Word papers: a paper's blocks written with python-docx (its one home in lif).

The writer knows nothing of any particular paper: it reads the blocks of the
paper's Markdown (:mod:`lif_cli.render.paper_blocks`) and writes them with
Word's own styles (Title, Heading 1..3, List Bullet, Quote), on A4, a top-level
section in landscape when its tables need the width. Tables repeat their
header row on every page, never split a row, align numbers right, take their
column widths from their content, keep record ids whole (non-breaking hyphens)
and shade RAG cells with the word kept. Charts are PNG with alt text. The
footer carries the provenance stamp and "Page X of Y". With a house template
(checked by :mod:`lif_cli.render.docx_template`), the content is written into
a copy of it, after its own body (a cover page), keeping its styles and header.

The file is reproducible: core properties dated by the as-of date and the zip
written with fixed timestamps, so the same records give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lif_cli.render.palette import RAG_CELL, rag_of
from lif_cli.render.paper_blocks import (
    LANDSCAPE_TEXT,
    MARGIN,
    PAGE_H,
    PAGE_W,
    PORTRAIT_TEXT,
    Block,
    Heading,
    Image,
    Para,
    Span,
    Table,
    id_pieces,
    layout,
    read_markdown,
    text_of,
)

TABLE_PT = 9
FOOTER_PT = 8
HEADER_FILL = "E7EBEF"
BORDER = "A6A6A6"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class DocxPaper:
    """What the writer needs: the Markdown, and the words and pictures around it."""

    markdown: str
    title: str
    subject: str
    author: str
    footer: str  # the provenance stamp
    as_of: date
    images: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # src -> (png, alt)
    template: Path | None = None


def build_docx(paper: DocxPaper) -> bytes:
    """The paper as the bytes of a .docx file."""
    from docx import Document

    doc = Document(str(paper.template)) if paper.template else Document()
    w = _Writer(doc, paper)
    w.write(read_markdown(paper.markdown))
    buf = io.BytesIO()
    doc.save(buf)
    return _reproducible_zip(buf.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """The same package with every member dated 1980-01-01, so bytes depend on content only."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), src.read(info.filename))
    return out.getvalue()


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k.replace("_", ":", 1)), v)
    return el


class _Writer:
    def __init__(self, doc: Any, paper: DocxPaper):
        self.doc = doc
        self.paper = paper
        self.rooms = (PORTRAIT_TEXT, LANDSCAPE_TEXT)  # text width in cm, by orientation

    # --- document level ----------------------------------------------------------------

    def write(self, blocks: list[Block]) -> None:
        from docx.enum.text import WD_BREAK

        doc = self.doc
        self._properties()
        self._ensure_styles()
        section = doc.sections[-1]
        if self.paper.template is None:
            for attr in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, attr, _cm(MARGIN))
            self._plain_fonts()
        elif self._body_has_content() and not self._ends_with_page_break():
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self._orient(section, landscape=False)
        sides = (section.left_margin + section.right_margin) / 360000  # EMU -> cm
        self.rooms = (PAGE_W - sides, PAGE_H - sides)
        self._footer(section)
        first = True
        for chunk in layout(blocks, *self.rooms):
            if not first or chunk.landscape:
                if not first or self._body_has_content():
                    section = self._new_section(chunk.landscape)
                else:
                    self._orient(section, chunk.landscape)
            first = False
            for i, block in enumerate(chunk.blocks):
                nxt = chunk.blocks[i + 1] if i + 1 < len(chunk.blocks) else None
                self._block(block, nxt, chunk.landscape)

    def _properties(self) -> None:
        cp = self.doc.core_properties
        when = datetime(self.paper.as_of.year, self.paper.as_of.month, self.paper.as_of.day)
        cp.title = self.paper.title
        cp.subject = self.paper.subject
        cp.author = self.paper.author
        cp.last_modified_by = "lif"
        cp.comments = self.paper.footer
        cp.created = when
        cp.modified = when
        cp.revision = 1

    def _ends_with_page_break(self) -> bool:
        """Whether the template's body (a cover page) already ends with a page break."""
        from docx.oxml.ns import qn

        for child in reversed(list(self.doc.element.body.iterchildren())):
            if child.tag == qn("w:sectPr"):
                continue
            if child.tag != qn("w:p"):
                return False
            breaks = child.findall(".//" + qn("w:br"))
            if any(b.get(qn("w:type")) == "page" for b in breaks):
                return True
            if child.find(".//" + qn("w:sectPr")) is not None:
                return True  # a section break starts a new page
            if "".join(child.itertext()).strip():
                return False
        return False

    def _body_has_content(self) -> bool:
        body = self.doc.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "tbl":
                return True
            if tag == "p" and ("".join(child.itertext()).strip() or child.xpath(".//w:drawing")):
                return True
        return False

    def _ensure_styles(self) -> None:
        """Word's heading styles, added when a house template never used them."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt

        styles = self.doc.styles
        names = {s.name for s in styles}
        sizes = {"Title": 20, "Heading 1": 15, "Heading 2": 12.5, "Heading 3": 11}
        for level, name in enumerate(("Heading 1", "Heading 2", "Heading 3"), start=0):
            if name not in names:
                st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                st.base_style = styles["Normal"]
                st.font.bold = True
                st.font.size = Pt(sizes[name])
                st.paragraph_format.keep_with_next = True
                st.paragraph_format.space_before = Pt(12)
                st.element.get_or_add_pPr().append(_el("w:outlineLvl", w_val=str(level)))
        if "Title" not in names:
            st = styles.add_style("Title", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles["Normal"]
            st.font.bold = True
            st.font.size = Pt(sizes["Title"])
        for name in ("List Bullet", "Quote", "No Spacing"):
            if name not in names:
                st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                st.base_style = styles["Normal"]

    def _plain_fonts(self) -> None:
        """Without a house template: Arial (Liberation Sans in LibreOffice) throughout."""
        from docx.shared import Pt

        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
            font = self.doc.styles[name].font
            font.name = "Arial"
            rfonts = self.doc.styles[name].element.rPr.rFonts
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(_qn(attr), "Arial")
        self.doc.styles["Normal"].font.size = Pt(10)

    def _orient(self, section: Any, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT

        long, short = _cm(PAGE_H), _cm(PAGE_W)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long, short) if landscape else (short, long)

    def _new_section(self, landscape: bool) -> Any:
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._orient(section, landscape)
        return section

    def _footer(self, section: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        footer = section.footer
        paras = footer.paragraphs
        p = paras[0] if len(paras) == 1 and not paras[0].text.strip() else footer.add_paragraph()
        run = p.add_run(self.paper.footer)
        run.font.size = Pt(FOOTER_PT)
        p = footer.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for part in ("Page ", "PAGE", " of ", "NUMPAGES"):
            if part.isupper():
                _field(p, part, FOOTER_PT)
            else:
                p.add_run(part).font.size = Pt(FOOTER_PT)

    # --- blocks ------------------------------------------------------------------------

    def _block(self, block: Block, nxt: Block | None, landscape: bool) -> None:
        if isinstance(block, Heading):
            style = "Title" if block.level == 1 else f"Heading {min(block.level - 1, 3)}"
            p = self.doc.add_paragraph(style=style)
            self._runs(p, block.spans)
            p.paragraph_format.keep_with_next = True
        elif isinstance(block, Para):
            self._para(block, keep=isinstance(nxt, Table | Image))
        elif isinstance(block, Image):
            self._image(block, landscape)
        elif isinstance(block, Table):
            self._table(block)
            self.doc.add_paragraph().paragraph_format.space_after = 0

    def _para(self, block: Para, keep: bool) -> None:
        from docx.shared import Cm, Pt

        doc = self.doc
        spans = block.spans
        if block.kind == "bullet":
            p = doc.add_paragraph(style="List Bullet")
        elif block.kind == "number":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(0.75 * (block.depth + 1))
            p.paragraph_format.first_line_indent = Cm(-0.75)
            spans = [Span(f"{block.number}.\t"), *spans]
        elif block.kind == "quote":
            p = doc.add_paragraph(style="Quote")
        elif block.kind == "code":
            p = doc.add_paragraph(style="No Spacing")
        else:
            p = doc.add_paragraph()
        self._runs(p, spans, mono=block.kind == "code")
        if block.kind == "code":
            for r in p.runs:
                r.font.size = Pt(TABLE_PT)
        if keep:
            p.paragraph_format.keep_with_next = True

    def _image(self, block: Image, landscape: bool) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        found = self.paper.images.get(block.src)
        p = self.doc.add_paragraph()
        if found is None:  # a picture lif did not draw: say what it was
            p.add_run(f"[{block.alt or block.src}]").italic = True
            return
        png, alt = found
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        width = min(16.0, self.rooms[1] if landscape else self.rooms[0])
        room = (PAGE_W if landscape else PAGE_H) - 2 * MARGIN - 3.0  # leave a heading's room
        px_w, px_h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        if px_w and px_h and width * px_h / px_w > room:
            width = room * px_w / px_h
        shape = p.add_run().add_picture(io.BytesIO(png), width=_cm(width))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", alt)
        doc_pr.set("title", block.alt)

    def _table(self, t: Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Pt

        cols = len(t.header)
        table = self.doc.add_table(rows=1 + len(t.rows), cols=cols)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        widths = [_cm(w) for w in t.widths]
        tbl_pr = table._tbl.tblPr  # children in the schema's order: tblW, jc, tblBorders, tblLayout
        tbl_w = tbl_pr.find(qn("w:tblW"))
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(sum(int(w / 635) for w in widths)))
        borders = _el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_el(f"w:{side}", w_val="single", w_sz="4", w_space="0", w_color=BORDER))
        tbl_pr.find(qn("w:tblLayout")).addprevious(borders)
        grid = table._tbl.tblGrid.iterchildren(qn("w:gridCol"))
        for col, width in zip(grid, widths, strict=False):
            col.set(qn("w:w"), str(int(width / 635)))
        align = {
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
        }
        for r, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(_el("w:cantSplit"))
            if r == 0:
                tr_pr.append(_el("w:tblHeader"))
            values = t.header if r == 0 else t.rows[r - 1]
            for c, cell in enumerate(row.cells):
                cell.width = widths[c]
                spans = values[c] if c < len(values) else []
                p = cell.paragraphs[0]
                p.paragraph_format.space_after = 0
                p.paragraph_format.space_before = 0
                if t.align[c] in align:
                    p.alignment = align[t.align[c]]
                if r == 0:
                    p.paragraph_format.keep_with_next = True
                    spans = [Span(s.text, True, s.italic, s.code) for s in spans]
                    _shade(cell, HEADER_FILL)
                rag = rag_of(text_of(spans)) if r else None
                if rag:
                    _shade(cell, RAG_CELL[rag][0].lstrip("#"))
                    spans = [Span(s.text, True, s.italic, s.code) for s in spans]
                self._runs(p, spans, size=TABLE_PT, colour=RAG_CELL[rag][1] if rag else None)
                for run in p.runs:
                    run.font.size = Pt(TABLE_PT)

    # --- inline ------------------------------------------------------------------------

    def _runs(
        self,
        p: Any,
        spans: list[Span],
        size: int | None = None,
        colour: str | None = None,
        mono: bool = False,
    ) -> None:
        from docx.shared import Pt, RGBColor

        for span in spans:
            for piece, is_id in id_pieces(span.text):
                run = p.add_run()
                parts = piece.split("-") if is_id else [piece]
                for k, part in enumerate(parts):
                    if k:
                        run._r.append(_el("w:noBreakHyphen"))
                    if part:
                        t = _el("w:t")
                        t.text = part
                        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                        run._r.append(t)
                run.bold = span.bold or None
                run.italic = span.italic or None
                if span.code or mono:
                    run.font.name = "Consolas"
                if size:
                    run.font.size = Pt(size)
                if colour:
                    run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _cm(value: float) -> Any:
    from docx.shared import Cm

    return Cm(value)


def _shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(_el("w:shd", w_val="clear", w_color="auto", w_fill=fill))


def _field(p: Any, instr: str, size: int) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update as they lay out pages."""
    from docx.shared import Pt

    def run_with(el: Any) -> None:
        run = p.add_run()
        run.font.size = Pt(size)
        run._r.append(el)

    run_with(_el("w:fldChar", w_fldCharType="begin"))
    instr_el = _el("w:instrText")
    instr_el.text = f" {instr} "
    instr_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run_with(instr_el)
    run_with(_el("w:fldChar", w_fldCharType="separate"))
    p.add_run("1").font.size = Pt(size)
    run_with(_el("w:fldChar", w_fldCharType="end"))
