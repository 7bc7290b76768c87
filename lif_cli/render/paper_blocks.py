"""A paper's content model: its Markdown read into blocks, for writers other than HTML.

Every paper is one Markdown text from its Jinja2 template; the Word writer
(:mod:`lif_cli.render.docx_paper`) does not know which paper it writes. It
reads the blocks built here: headings, paragraphs (plain, bullet, numbered,
quoted), tables (with alignment and, from :func:`layout`, column widths and
orientation) and images (a chart's file name and its alt text). So a new
paper's Word document comes from its Markdown template with no Word-specific code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from lif_cli.render.palette import RECORD_ID

# Lengths in centimetres. A4 with 2 cm margins; table text at 9 pt.
PAGE_W, PAGE_H, MARGIN = 21.0, 29.7, 2.0
PORTRAIT_TEXT = PAGE_W - 2 * MARGIN
LANDSCAPE_TEXT = PAGE_H - 2 * MARGIN
CHAR_CM = 0.2  # average width of a 9 pt character (capitals count 1.35)
CELL_PAD_CM = 0.45  # left and right cell margins together (Word's default 0.19 cm each)
WRAP_AT = 18  # a wrapping text column wants at least this many characters per line
_NUMBER = re.compile(r"\A[-+]?\d[\d,]*(\.\d+)?%?\Z|\A\d* ?/ ?\d*\Z")


@dataclass(frozen=True)
class Span:
    """A run of inline text."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@dataclass
class Heading:
    level: int  # 1 is the paper's title
    spans: list[Span]


@dataclass
class Para:
    spans: list[Span]
    kind: str = "normal"  # normal | bullet | number | quote | code
    number: int = 0  # for kind == number
    depth: int = 0  # list nesting


@dataclass
class Image:
    src: str
    alt: str


@dataclass
class Table:
    header: list[list[Span]]
    rows: list[list[list[Span]]]
    align: list[str]  # left | right | center, per column
    widths: list[float] = field(default_factory=list)  # cm, from layout()
    landscape: bool = False


Block = Heading | Para | Image | Table


def text_of(spans: list[Span]) -> str:
    return "".join(s.text for s in spans)


# --- reading Markdown ------------------------------------------------------------------


def _spans(token) -> list[Span]:  # type: ignore[no-untyped-def]
    out: list[Span] = []
    bold = italic = False
    for c in token.children or []:
        if c.type == "text":
            out.append(Span(c.content, bold, italic))
        elif c.type == "code_inline":
            out.append(Span(c.content, bold, italic, code=True))
        elif c.type in ("softbreak", "hardbreak"):
            out.append(Span(" ", bold, italic))
        elif c.type == "strong_open":
            bold = True
        elif c.type == "strong_close":
            bold = False
        elif c.type == "em_open":
            italic = True
        elif c.type == "em_close":
            italic = False
        elif c.type == "image" or c.content:
            out.append(Span(c.content, bold, italic))
    return [s for s in out if s.text]


def _image(token) -> Image | None:  # type: ignore[no-untyped-def]
    kids = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(kids) == 1 and kids[0].type == "image":
        img = kids[0]
        return Image(str(img.attrGet("src") or ""), img.content)
    return None


def read_markdown(text: str) -> list[Block]:
    """The blocks of a Markdown paper (CommonMark plus pipe tables)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    blocks: list[Block] = []
    lists: list[list[int]] = []  # stack of [kind(0 bullet, 1 number), next number]
    quote = 0
    table: Table | None = None
    row: list[list[Span]] | None = None
    in_head = False
    for i, t in enumerate(tokens):
        kind = t.type
        if kind == "heading_open":
            blocks.append(Heading(int(t.tag[1]), _spans(tokens[i + 1])))
        elif kind == "bullet_list_open":
            lists.append([0, 0])
        elif kind == "ordered_list_open":
            lists.append([1, int(t.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "paragraph_open" and table is None:
            inline = tokens[i + 1]
            img = _image(inline)
            if img is not None:
                blocks.append(img)
                continue
            para = Para(_spans(inline))
            if lists and tokens[i - 1].type == "list_item_open":
                para.depth = len(lists) - 1
                if lists[-1][0] == 1:
                    para.kind, para.number = "number", lists[-1][1]
                    lists[-1][1] += 1
                else:
                    para.kind = "bullet"
            elif quote:
                para.kind = "quote"
            blocks.append(para)
        elif kind in ("fence", "code_block"):
            blocks.append(Para([Span(t.content.rstrip("\n"), code=True)], kind="code"))
        elif kind == "table_open":
            table = Table([], [], [])
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open") and row is not None:
            row.append(_spans(tokens[i + 1]))
            if in_head and table is not None:
                style = str(t.attrGet("style") or "")
                table.align.append(style.removeprefix("text-align:") or "left")
        elif kind == "tr_close" and table is not None and row is not None:
            if in_head:
                table.header = row
            else:
                table.rows.append(row)
            row = None
        elif kind == "table_close" and table is not None:
            blocks.append(table)
            table = None
    return blocks


# --- layout ----------------------------------------------------------------------------


_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))


def _width(raw: bytes) -> float:
    # an ASCII text's width: its length, capitals counting 0.35 more
    return len(raw) + 0.35 * (len(raw) - len(raw.translate(None, _CAPITALS)))


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: ids, agencies, dates, statuses
def _chars(text: str) -> float:
    """Width of ``text`` in average characters: capitals are wider."""
    if text.isascii():  # most cells, measured in C (a board paper has 400,000)
        return _width(text.encode("ascii"))
    return sum(1.35 if ch.isupper() else 1.0 for ch in text)


@functools.lru_cache(maxsize=1 << 16)
def _longest_unbreakable(text: str) -> float:
    """Width of the longest piece that may not break: a word, or a whole record id."""
    if text.isascii():
        return max(map(_width, text.encode("ascii").split()), default=0)
    return max((_chars(w) for w in text.split()), default=0)


@dataclass
class Chunk:
    """Blocks that share one page orientation: a top-level section of the paper."""

    landscape: bool
    blocks: list[Block]


def layout(
    blocks: list[Block], portrait: float = PORTRAIT_TEXT, landscape: float = LANDSCAPE_TEXT
) -> list[Chunk]:
    """Blocks grouped by top-level section; a section holding a table too wide for
    portrait is landscape as a whole (so its heading stays with the table). Each
    table gets column widths from its content (for a text width of ``portrait`` or
    ``landscape`` cm), and numeric columns align right."""
    chunks: list[Chunk] = []
    for b in blocks:
        if not chunks or (isinstance(b, Heading) and b.level <= 2):
            chunks.append(Chunk(False, []))
        chunks[-1].blocks.append(b)
    for chunk in chunks:
        tables = [b for b in chunk.blocks if isinstance(b, Table)]
        chunk.landscape = any(_layout_table(t, portrait) for t in tables)
        if chunk.landscape:
            for t in tables:
                _layout_table(t, landscape)
                t.landscape = True
    # neighbouring chunks of one orientation are one section
    merged: list[Chunk] = []
    for chunk in chunks:
        if merged and merged[-1].landscape == chunk.landscape:
            merged[-1].blocks.extend(chunk.blocks)
        else:
            merged.append(chunk)
    return merged


def _layout_table(t: Table, room: float) -> bool:
    """Set ``t.widths`` for a text width of ``room`` cm; True when it needs more room."""
    cols = len(t.header)
    cells = [[text_of(r[c]) if c < len(r) else "" for r in t.rows] for c in range(cols)]
    for c in range(cols):
        body = [x for x in cells[c] if x.strip()]
        if body and all(_NUMBER.match(x.strip()) for x in body):
            t.align[c] = "right"
    t.widths, too_wide = column_widths([text_of(h) for h in t.header], cells, room)
    return too_wide


def column_widths(
    head: list[str], cells: list[list[str]], room: float = PORTRAIT_TEXT
) -> tuple[list[float], bool]:
    """Column widths in cm from content (``cells`` column by column), and whether the
    table needs more than ``room``. A column is at least as wide as its longest word
    or id; a wrapping column wants :data:`WRAP_AT` characters; spare room goes to the
    columns with the most text, none past its natural width."""
    cols = len(head)
    bold = 1.1  # header text is bold
    # map, not a generator: a board paper at 10,000 records measures 135,000 cells
    least = [
        max(
            bold * _longest_unbreakable(head[c]),
            max(map(_longest_unbreakable, cells[c]), default=0),
            3,
        )
        for c in range(cols)
    ]
    natural = [
        max(bold * _chars(head[c]), max(map(_chars, cells[c]), default=0), 3) for c in range(cols)
    ]
    want = [max(least[c], min(natural[c], WRAP_AT)) for c in range(cols)]
    base = [w * CHAR_CM + CELL_PAD_CM for w in want]
    too_wide = sum(base) > room
    spare = max(room - sum(base), 0.0)
    extra = [max(natural[c] - want[c], 0) for c in range(cols)]
    widths = list(base)
    if sum(extra):
        widths = [base[c] + spare * extra[c] / sum(extra) for c in range(cols)]
        widths = [min(widths[c], natural[c] * CHAR_CM + CELL_PAD_CM) for c in range(cols)]
    if sum(widths) > room:  # even the least does not fit: shrink in proportion
        widths = [w * room / sum(widths) for w in widths]
    return [round(w, 2) for w in widths], too_wide


_SEPARATOR = re.compile(r"\A\|(\s*:?-+:?\s*\|)+\s*\Z")
_PIPE = re.compile(r"(?<!\\)\|")


def size_separators(markdown: str) -> str:
    """Pipe tables whose separator dashes are in proportion to their column widths.

    pandoc sizes a wide table's columns by the dashes under each header, so a
    column of ids is not squeezed until its words break ("Childre n's").
    """
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if i == 0 or not _SEPARATOR.match(line) or not lines[i - 1].startswith("|"):
            continue
        head = [c.strip() for c in _PIPE.split(lines[i - 1].strip())[1:-1]]
        rows = []
        for body in lines[i + 1 :]:
            if not body.startswith("|"):
                break
            rows.append([c.strip() for c in _PIPE.split(body.strip())[1:-1]])
        marks = [m.strip() for m in line.strip().strip("|").split("|")]
        if len(marks) != len(head):
            continue
        cells = [[r[c] if c < len(r) else "" for r in rows] for c in range(len(head))]
        widths, _ = column_widths(head, cells, LANDSCAPE_TEXT)
        parts = []
        for mark, width in zip(marks, widths, strict=True):
            dashes = "-" * max(3, round(width * 2))
            parts.append(
                (":" if mark.startswith(":") else "") + dashes + (":" if mark.endswith(":") else "")
            )
        lines[i] = "|" + "|".join(parts) + "|"
    return "\n".join(lines)


def id_pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` split into (piece, is_record_id), so a writer can keep ids whole."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in RECORD_ID.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out
