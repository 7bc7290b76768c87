"""Rendering papers with Jinja2: built-in templates, a repository's own, Markdown and HTML.

Every template, built-in or the records repository's own (``templates/`` at
its root, which may override a built-in of the same name or add new ones),
runs in Jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment` with
``StrictUndefined``, bounded as :mod:`lif_cli.render.sandbox` describes: a
repository's templates are edited by many hands, so a template cannot reach
Python internals (``''.__class__``), cannot build huge values or output, cannot
loop without bound (``range`` shares a budget of :data:`RANGE_BUDGET` items per
paper), and a paper that takes longer than :data:`TIME_LIMIT` seconds to render
is stopped. A template's mistake becomes
one located message (``templates/board.md.j2:12: 'x' is undefined``), never a
traceback.

Record text is escaped for Markdown with the ``md`` filter (pipes, newlines,
asterisks, underscores, brackets, backticks, angle brackets...), so a title
with ``|`` in it cannot break a table and HTML in a record is shown, not run.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from lif_cli.errors import LifError
from lif_cli.render.safe import visible
from lif_cli.render.sandbox import TIME_LIMIT
from lif_cli.resources import templates_dir

USER_TEMPLATES = "templates"


class TemplateError(LifError):
    """A template could not be read or rendered."""

    exit_code = 1


# --- filters ---------------------------------------------------------------------------

# Characters that mean something anywhere in a line of Markdown.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# An '&' that would start an entity reference such as &amp; or &#60;.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Any character either substitution below would change.
_ANY_SPECIAL = re.compile(r"[\\`*_\[\]|~&<]")
# A numbered list item, when a value starts a line.
_NUMBERED = re.compile(r"(\d+)[.)]")


def md_escape(value: Any) -> str:
    """Text made safe for a Markdown table cell or a line of prose.

    Newlines become spaces (a newline ends a table row); Markdown punctuation
    is backslash-escaped; ``<`` (and an ``&`` that would start an entity)
    become entities, so record text can never inject HTML into the paper.
    """
    if value is None:
        return ""
    return _escaped(value.isoformat() if isinstance(value, date) else str(value))


@functools.lru_cache(maxsize=1 << 16)  # cells repeat: agencies, statuses, dates, ids
def _escaped(text: str) -> str:
    text = visible(" ".join(text.split()))
    if _ANY_SPECIAL.search(text):  # most values hold none (80,000 in a board paper)
        text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
        text = _MD_SPECIAL.sub(r"\\\1", text)
    if text[:1] in ("#", "+", "=", "-", ">"):
        text = "\\" + text
    else:
        m = _NUMBERED.match(text)
        if m:
            text = m.group(1) + "\\" + text[m.end(1) :]
    return text


def fmt_date(value: Any) -> str:
    """30 Sep 2016, from a date or an ISO string ('' for none)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return value.strftime("%d %b %Y").lstrip("0")
    return str(value)


def fmt_number(value: Any, digits: int = 1) -> str:
    """A number without noise: 20, 22.4; '' for none."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return str(value)


def fmt_percent(value: Any) -> str:
    """A share 0..1 as a whole percentage; '' for none."""
    if value is None:
        return ""
    return f"{round(float(value) * 100)}%"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def upper_word(value: Any) -> str:
    return str(value).upper() if value else "-"


FILTERS = {
    "md": md_escape,
    "date": fmt_date,
    "num": fmt_number,
    "pct": fmt_percent,
    "plural": plural,
    "word": upper_word,
}


# --- the sandbox -----------------------------------------------------------------------------


def bytecode_cache(name: str) -> Any:
    """Compiled templates kept in lif's cache folder ``name`` (compiling the
    board paper's templates costs ~0.15 s, the site's ~0.4 s); None when there
    is no folder to use.

    Compiled code runs when it is loaded, so, like the model cache, a folder
    that another user could write to is not used. Jinja2 keys each template by
    its name and file and checks its source's digest, so an edited template
    is compiled afresh; the papers' sandbox and the site each have a folder of
    their own, so code compiled for one environment never runs in the other.
    The code compiled also depends on lif's (the sandbox's code generator
    bounds loops and sizes) and Jinja2's, so each file is named by their
    fingerprint too: code compiled before an upgrade is never run after it.
    """
    from jinja2 import FileSystemBytecodeCache

    from lif_cli.cache import cache_folder, code_fingerprint

    folder = cache_folder(name)
    if folder is None:
        return None
    return FileSystemBytecodeCache(str(folder), f"{code_fingerprint(('jinja2',))}-%s.cache")


def make_environment(
    user_dir: Path | None = None, root: Path | None = None, use_cache: bool = True
) -> Any:
    """A sandboxed environment: the repository's templates first, then lif's.

    The repository's templates are read only from inside ``root`` (their
    folder's parent by default): see :mod:`lif_cli.render.sandbox`.
    """
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    from lif_cli.render.sandbox import environment_class, repository_loader

    loaders = []
    if user_dir is not None and user_dir.is_dir():
        loaders.append(repository_loader(user_dir, root or user_dir.parent))
    loaders.append(FileSystemLoader(str(templates_dir())))
    env = environment_class()(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache("paper-templates") if use_cache else None,
    )
    env.filters.update(FILTERS)
    return env


def user_templates(root: Path) -> Path | None:
    folder = root / USER_TEMPLATES
    return folder if folder.is_dir() else None


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Stop a render that runs too long (main thread on Unix; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def _stop(signum: int, frame: Any) -> None:
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _where(exc: BaseException, name: str, root: Path | None) -> str:
    """'templates/board.md.j2:12' for the innermost template frame of an error."""
    line = getattr(exc, "lineno", None)
    file = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".j2"):
                file, line = frame.filename, frame.lineno
                break
    file = file or name
    shown = str(file)
    path = Path(shown)
    try:
        shown = f"lif's built-in {path.resolve().relative_to(templates_dir().resolve()).as_posix()}"
    except (ValueError, OSError):
        if root is not None:
            try:
                shown = path.resolve().relative_to(Path(root).resolve()).as_posix()
            except (ValueError, OSError):
                pass
    return f"{shown}:{line}" if line else shown


def render_template(
    name: str,
    context: dict[str, Any],
    root: Path | None = None,
    time_limit: int = TIME_LIMIT,
    use_cache: bool = True,
) -> str:
    """Render ``name`` (the repository's own template if it has one) to text."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    from lif_cli.render.sandbox import memory_limit

    env = make_environment(user_templates(root) if root else None, root, use_cache)
    env.deadline = time.monotonic() + time_limit
    try:
        with _time_limit(time_limit), memory_limit():
            template = env.get_template(name)
            return template.render(context)
    except TemplateNotFound as exc:
        raise TemplateError(
            f"no template named {exc.name!r}",
            hint="papers are board, piqag, agency and annual; a repository adds its own as "
            f"{USER_TEMPLATES}/<name>.md.j2",
        ) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"{_where(exc, name, root)}: template syntax error: {exc.message}",
            hint="fix the template; Jinja2's syntax is at https://jinja.palletsprojects.com",
        ) from None
    except SecurityError as exc:
        raise TemplateError(
            f"{_where(exc, name, root)}: the template was stopped: {exc}",
            hint="templates run in a sandbox: no access to Python internals, bounded loops",
        ) from None
    except UndefinedError as exc:
        raise TemplateError(
            f"{_where(exc, name, root)}: {exc.message}",
            hint="check the spelling of the name; docs/reports-and-history.md lists what a "
            "template can use",
        ) from None
    except TimeoutError:
        raise TemplateError(
            f"{name}: the template took longer than {time_limit} seconds and was stopped",
            hint="a template must not loop without bound",
        ) from None
    except (RecursionError, MemoryError, OverflowError) as exc:
        raise TemplateError(
            f"{_where(exc, name, root)}: the template was stopped ({type(exc).__name__})",
            hint="a template must not recurse or build huge values",
        ) from None
    except LifError:
        raise
    except Exception as exc:  # any other error raised while rendering
        raise TemplateError(
            f"{_where(exc, name, root)}: {type(exc).__name__}: {exc}",
            hint="fix the template at the line shown",
        ) from None


def render_builtin(name: str, context: dict[str, Any]) -> str:
    """Render one of lif's own templates (no repository templates)."""
    return render_template(name, context, root=None)


# --- HTML ---------------------------------------------------------------------------


def markdown_to_html(text: str) -> str:
    """CommonMark plus tables; raw HTML in the Markdown is shown as text, never run."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    return md.render(text)


def render_html(
    markdown: str,
    title: str,
    charts: dict[str, str],
    root: Path | None = None,
) -> str:
    """One self-contained HTML file: the paper, inline CSS, charts inline as SVG.

    ``charts`` maps each chart's file name (as linked from the Markdown) to its
    SVG text; the image link is replaced by the SVG itself.
    """
    body = markdown_to_html(markdown)
    for filename, svg in charts.items():
        body = re.sub(
            r'<img src="' + re.escape(filename) + r'"[^>]*>',
            lambda _m, svg=svg: svg,
            body,
        )
    body = _mark_cells(body)
    from lif_cli.render.palette import RAG_CELL

    return render_template(
        "paper.html.j2", {"title": title, "body": body, "rag_cells": RAG_CELL}, root=root
    )


_CELL = re.compile(r"<td([^>]*)>(.*?)</td>", re.S)
_TAG = re.compile(r"(<[^>]+>)")


def _mark_cells(body: str) -> str:
    """Table cells that say RED/AMBER/GREEN/BLUE get a class (coloured, word kept);
    record ids in cells are wrapped so they never break across lines."""
    from lif_cli.render.palette import RECORD_ID, rag_of

    def ids(text: str) -> str:
        parts = _TAG.split(text)
        return "".join(
            p if p.startswith("<") else RECORD_ID.sub(r'<span class="id">\g<0></span>', p)
            for p in parts
        )

    def cell(m: re.Match[str]) -> str:
        attrs, inner = m.group(1), m.group(2)
        rag = rag_of(_TAG.sub("", inner))
        if rag:
            attrs += f' class="rag rag-{rag}"'
        return f"<td{attrs}>{ids(inner)}</td>"

    return _CELL.sub(cell, body)


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path`` via a temporary file in the same folder."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes a private file; a paper gets the usual permissions
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
