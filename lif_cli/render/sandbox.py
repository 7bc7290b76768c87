"""The sandbox every paper template runs in: no Python internals, bounded work.

A repository's own templates (``templates/`` at its root) are edited by many
hands, so a template is treated as untrusted code. It runs in Jinja2's
:class:`~jinja2.sandbox.SandboxedEnvironment` (no ``''.__class__``), and every
operation that could build a large value is checked *before* it runs:

* ``*``, ``**``, ``+``, ``%`` and ``~`` on text and lists, and the ``join``,
  ``replace``, ``center``, ``indent``, ``wordwrap`` and ``format`` filters and
  the string methods of the same kind, refuse a result over
  :data:`MAX_SEQUENCE` items; a format width or precision over
  :data:`MAX_WIDTH` is refused (``'{:>999999999}'``, ``'%999999999d'``);
* ``range`` shares a budget of :data:`RANGE_BUDGET` items per paper;
* the text a paper outputs, and each block it captures, is at most
  :data:`MAX_OUTPUT` characters;
* a paper stops after :data:`TIME_LIMIT` seconds: by a timer signal where one
  can be used, and by a clock check in every bounded operation everywhere;
* on Linux the render also runs under an address-space limit
  (:data:`MAX_MEMORY` above what the process already uses), the backstop for
  any path the checks above miss.

Templates are read only from inside the repository: a template (or an
``{% include %}``) that is a symbolic link to a file elsewhere is refused.
"""

from __future__ import annotations

import os
import re
import threading
import time
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lif_cli.errors import LifError

# Values whose lookup may be str.format, which the sandbox wraps on every access.
_METHOD_TYPES = (types.MethodType, types.BuiltinMethodType)

RANGE_BUDGET = 100_000  # items range() may produce across one paper
MAX_SEQUENCE = 1_000_000  # longest string or list one operation may build
MAX_POWER = 10_000  # largest exponent '**' may take
MAX_INT_BITS = 100_000  # largest integer '*' and '**' may build
MAX_WIDTH = 10_000  # widest format width or precision
MAX_OUTPUT = 20_000_000  # characters a paper (or a captured block) may hold
MAX_MEMORY = 1 << 30  # bytes of address space a render may add (Linux)
TIME_LIMIT = 20  # seconds one paper may take to render

# A %-format conversion: flags, width, precision.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
# A format-spec's width and precision: [[fill]align][sign][z][#][0][width][,_][.precision]
_FORMAT_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?")


def _security_error(message: str) -> Exception:
    from jinja2.exceptions import SecurityError

    return SecurityError(message)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else len(str(value))


def check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and width > MAX_WIDTH:
        raise _security_error(
            f"the template asks for a {what} of {width:,} (at most {MAX_WIDTH:,})"
        )


def check_length(length: int) -> None:
    if length > MAX_SEQUENCE:
        raise _security_error(f"the template builds a value longer than {MAX_SEQUENCE:,} items")


def check_percent_format(fmt: Any) -> None:
    """Refuse a %-format string with a '*' or an over-wide width or precision."""
    if not isinstance(fmt, str):
        return
    for m in _PERCENT_SPEC.finditer(fmt):
        for part in m.groups():
            if part == "*":
                raise _security_error("the template's format takes its width from a value")
            if part:
                check_width(int(part), "format width")


def check_format_spec(spec: str) -> None:
    m = _FORMAT_SPEC.match(spec)
    if m:
        for part in m.groups():
            if part:
                check_width(int(part), "format width")


# --- filters and string methods that can build large values -----------------------------


def _bounded_join(items: Iterable[Any], sep: str = "") -> int:
    """The length ``sep.join(items)`` would have, stopping at the first item over the cap."""
    total = 0
    for i, item in enumerate(items):
        total += _size(item) + (len(sep) if i else 0)
        check_length(total)
    return total


def _replace_length(s: str, old: str, new: str, count: int | None = None) -> int:
    n = len(s) + 1 if old == "" else s.count(old)
    if count is not None and count >= 0:
        n = min(n, count)
    return len(s) + n * (len(new) - len(old))


def _wrap_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Bounded versions of the built-in filters that can build large values."""
    center, indent, wordwrap = filters["center"], filters["indent"], filters["wordwrap"]
    fmt, join, replace = filters["format"], filters["join"], filters["replace"]

    def b_center(value: Any, width: int = 80) -> str:
        check_width(width, "width")
        return center(value, width)

    def b_indent(s: Any, width: Any = 4, *args: Any, **kwargs: Any) -> str:
        text = str(s)
        pad = width if isinstance(width, str) else " " * min(int(width), MAX_WIDTH + 1)
        check_width(len(pad), "indent")
        check_length(len(text) + len(pad) * (text.count("\n") + 1))
        return indent(s, width, *args, **kwargs)

    def b_wordwrap(env: Any, s: str, width: int = 79, *args: Any, **kwargs: Any) -> str:
        check_width(width, "width")
        wrapstring = kwargs.get("wrapstring") or (args[1] if len(args) > 1 else None) or "\n"
        check_length(len(s) * max(1, len(str(wrapstring))))
        return wordwrap(env, s, width, *args, **kwargs)

    def b_format(value: str, *args: Any, **kwargs: Any) -> str:
        check_percent_format(value)
        return fmt(value, *args, **kwargs)

    def b_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
        items = list(value) if not isinstance(value, list | tuple) else value
        if attribute is None:
            _bounded_join(items, str(d))
        return join(eval_ctx, items, d, attribute)

    def b_replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: int | None = None) -> str:
        check_length(_replace_length(str(s), str(old), str(new), count))
        return replace(eval_ctx, s, old, new, count)

    for bounded, original in (
        (b_wordwrap, wordwrap),
        (b_join, join),
        (b_replace, replace),
    ):
        # keep Jinja's "pass the environment / eval context" marking
        for mark in ("jinja_pass_arg",):
            if hasattr(original, mark):
                setattr(bounded, mark, getattr(original, mark))
    return {
        "center": b_center,
        "indent": b_indent,
        "wordwrap": b_wordwrap,
        "format": b_format,
        "join": b_join,
        "replace": b_replace,
    }


def _check_str_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a string method call whose result would be over the caps."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in ("center", "ljust", "rjust", "zfill") and args:
        check_width(args[0], "width")
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        check_width(size, "tab size")
        check_length(len(owner) * max(1, size if isinstance(size, int) else 1))
    elif name == "join" and args:
        _bounded_join(list(args[0]), owner)
    elif name == "replace" and len(args) >= 2:
        count = args[2] if len(args) > 2 else kwargs.get("count")
        check_length(_replace_length(owner, str(args[0]), str(args[1]), count))


def environment_class() -> type:
    """The sandboxed environment class (built lazily: jinja2 is imported on use)."""
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter

    class BoundedFormatter(SandboxedFormatter):
        def format_field(self, value: Any, format_spec: str) -> Any:
            check_format_spec(format_spec)
            return super().format_field(value, format_spec)

    class BoundedCodeGenerator(CodeGenerator):
        """``a ~ b`` goes through the environment, which checks the length first."""

        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.bounded_concat((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    class PaperEnvironment(SandboxedEnvironment):
        """The sandbox, plus limits on loops, sizes, output and time."""

        intercepted_binops = frozenset({"*", "**", "+", "%"})
        code_generator_class = BoundedCodeGenerator

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self.range_left = RANGE_BUDGET
            self._safe_attributes: dict[tuple[type, str], bool] = {}
            self.deadline = time.monotonic() + TIME_LIMIT
            self.globals["range"] = self._range
            self.filters.update(_wrap_filters(self.filters))

        def check_time(self) -> None:
            if time.monotonic() > self.deadline:
                raise TimeoutError

        def _range(self, *args: int) -> range:
            self.check_time()
            rng = range(*args)
            self.range_left -= len(rng)
            if self.range_left < 0:
                raise _security_error(
                    f"the template loops too much: range() may produce at most "
                    f"{RANGE_BUDGET:,} items in one paper"
                )
            return rng

        def concat(self, pieces: Iterable[Any]) -> str:  # type: ignore[override]
            """Join output (a paper, a captured block) while counting it."""
            buf: list[str] = []
            total = 0
            for i, piece in enumerate(pieces):
                buf.append(piece)
                total += len(piece)
                if total > MAX_OUTPUT:
                    raise _security_error(
                        f"the template writes more than {MAX_OUTPUT:,} characters"
                    )
                if not i % 1024:
                    self.check_time()
            return "".join(buf)

        def bounded_concat(self, parts: tuple[Any, ...]) -> str:
            strings = [str(p) for p in parts]
            check_length(sum(len(s) for s in strings))
            return "".join(strings)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            self.check_time()
            if operator == "**":
                if isinstance(right, int | float) and abs(right) > MAX_POWER:
                    raise _security_error(
                        f"the template raises a number to a power over {MAX_POWER}"
                    )
                if (
                    isinstance(left, int)
                    and isinstance(right, int)
                    and right > 0
                    and abs(left).bit_length() * right > MAX_INT_BITS
                ):
                    raise _security_error("the template builds a number that is too large")
                return left**right
            if operator == "+":
                if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                    check_length(len(left) + len(right))
                return left + right
            if operator == "%":
                if isinstance(left, str):
                    check_percent_format(left)
                return left % right
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int):
                    check_length(len(seq) * times)
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS
            ):
                raise _security_error("the template builds a number that is too large")
            return left * right

        def getattr(self, obj: Any, attribute: str) -> Any:
            """The sandbox's attribute lookup, its verdict kept per type and name.

            Jinja's answer for a plain value depends only on the object's type
            and the attribute's name; asking it afresh each time was half the
            time of a board paper (230,000 lookups at 10,000 records). Methods
            still go through :meth:`wrap_str_format` every time.
            """
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    pass
                return self.undefined(obj=obj, name=attribute)
            if isinstance(value, _METHOD_TYPES):
                fmt = self.wrap_str_format(value)
                if fmt is not None:
                    return fmt
            key = (obj.__class__, attribute)
            safe = self._safe_attributes.get(key)
            if safe is None:
                safe = self._safe_attributes[key] = self.is_safe_attribute(obj, attribute, value)
            return value if safe else self.unsafe_undefined(obj, attribute)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            __self.check_time()
            _check_str_method(__obj, args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Any:
            wrapper = super().wrap_str_format(value)
            if wrapper is None:
                return None
            f_self = value.__self__
            formatter = BoundedFormatter(self)
            is_map = value.__name__ == "format_map"

            def bounded(*args: Any, **kwargs: Any) -> str:
                if is_map:
                    if kwargs or len(args) != 1:
                        raise TypeError("format_map() takes exactly one argument")
                    args, kwargs = (), args[0]
                return type(f_self)(formatter.vformat(f_self, args, kwargs))

            return bounded

    return PaperEnvironment


# --- reading templates from inside the repository only -----------------------------------


class TemplateOutsideRepo(LifError):
    """A repository template that is a link to a file outside the repository."""

    exit_code = 1


def repository_loader(folder: Path, root: Path) -> Any:
    """A loader for ``folder`` that refuses any template resolving outside ``root``."""
    from jinja2 import FileSystemLoader
    from jinja2.loaders import split_template_path

    real_root = os.path.realpath(root)

    class RepositoryLoader(FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            pieces = split_template_path(template)
            for searchpath in self.searchpath:
                path = os.path.join(searchpath, *pieces)
                if os.path.lexists(path):
                    real = os.path.realpath(path)
                    if os.path.commonpath([real_root, real]) != real_root:
                        shown = Path(path).relative_to(Path(root)).as_posix()
                        raise TemplateOutsideRepo(
                            f"{shown} is a link to a file outside the repository; "
                            "lif does not read it",
                            hint="copy the template into the repository's templates/ "
                            "folder, or delete the link",
                        )
                    if not os.path.isfile(real):
                        raise TemplateOutsideRepo(f"{shown_of(path, root)} is not a regular file")
            return super().get_source(environment, template)

    return RepositoryLoader(str(folder))


def shown_of(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(Path(root)).as_posix()
    except ValueError:
        return path


# --- the memory backstop -------------------------------------------------------------------


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def memory_limit(extra: int = MAX_MEMORY) -> Iterator[None]:
    """Let the body add at most ``extra`` bytes of address space (Linux; elsewhere no limit)."""
    try:
        import resource
    except ImportError:  # Windows
        yield
        return
    used = _address_space()
    if used is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = used + extra
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield
        return
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
