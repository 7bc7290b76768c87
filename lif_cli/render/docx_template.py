"""The partnership's house style for Word papers: ``reports.docx_template`` in lif.yaml.

The setting names a .docx inside the records repository (its styles, the logo
in its header, a cover page). Before lif writes a paper into a copy of it, the
file is checked, and refused with a clear message when it is:

* outside the repository (an absolute path, ``..``, or a symlink that leads out);
* macro-enabled (``.docm``/``.dotm``, a ``vbaProject.bin``, or a macro content type);
* anything but a plain Word document (a template ``.dotx``, a renamed file, a
  broken or oversized zip).

Nothing here runs or unpacks the file to disk; it is read as a zip in memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from lif_cli.errors import LifError

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAX_BYTES = 20 * 1024 * 1024  # the file itself
MAX_UNPACKED = 200 * 1024 * 1024  # all its parts, uncompressed
SETTING = "lif.yaml: reports.docx_template"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class TemplateRefused(LifError):
    """The house template cannot be used."""

    exit_code = 1


def _refuse(value: str, why: str, hint: str) -> TemplateRefused:
    return TemplateRefused(f"{SETTING}: '{value}' {why}", hint=hint)


def check_docx_template(root: Path, value: str) -> Path:
    """The template's real path inside ``root``, or :class:`TemplateRefused`."""
    plain = "save it from Word as 'Word Document (*.docx)' inside the records repository"
    pure = PurePosixPath(value.replace("\\", "/"))
    if not value.strip() or pure.is_absolute() or ".." in pure.parts or "\0" in value:
        raise _refuse(
            value,
            "is not a path inside the records repository",
            "give a path relative to the folder holding lif.yaml, e.g. templates/house.docx",
        )
    base = root.resolve()
    try:
        real = (base / pure).resolve(strict=True)
    except FileNotFoundError:
        raise _refuse(value, "does not exist", "check the path in lif.yaml") from None
    except (OSError, RuntimeError) as exc:
        raise _refuse(value, f"cannot be read ({exc})", "check the path in lif.yaml") from None
    if not real.is_relative_to(base):
        raise _refuse(
            value,
            "leads outside the records repository (through a symlink)",
            "keep the template itself in the repository, not a link to elsewhere",
        )
    if real.suffix.lower() in (".docm", ".dotm") or pure.suffix.lower() in (".docm", ".dotm"):
        raise _refuse(value, "is macro-enabled; lif never uses a file with macros", plain)
    if real.suffix.lower() != ".docx" or pure.suffix.lower() != ".docx":
        raise _refuse(value, "is not a .docx file", plain)
    if not real.is_file():
        raise _refuse(value, "is not a file", plain)
    if real.stat().st_size > MAX_BYTES:
        raise _refuse(value, f"is larger than {MAX_BYTES // (1024 * 1024)} MB", plain)
    _check_package(real, value, plain)
    return real


def _check_package(path: Path, value: str, plain: str) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise _refuse(value, "unpacks to more than 200 MB", plain)
            names = [i.filename for i in infos]
            if any("vbaproject" in n.lower() or n.lower().endswith(".bin") for n in names):
                raise _refuse(value, "holds macros (a VBA project); lif refuses it", plain)
            if "[Content_Types].xml" not in names:
                raise _refuse(value, "is not a Word document (no content types)", plain)
            types = ElementTree.fromstring(z.read("[Content_Types].xml"))
    except zipfile.BadZipFile:
        raise _refuse(value, "is not a Word document (not a zip package)", plain) from None
    except ElementTree.ParseError:
        raise _refuse(value, "is not a Word document (unreadable content types)", plain) from None
    declared = [el.get("ContentType") or "" for el in types.iter()]
    if any("macroenabled" in t.lower() or "vba" in t.lower() for t in declared):
        raise _refuse(value, "is macro-enabled; lif never uses a file with macros", plain)
    main = next(
        (
            el.get("ContentType") or ""
            for el in types.iter(f"{_CT}Override")
            if el.get("PartName") == "/word/document.xml"
        ),
        "",
    )
    if main != DOCX_MAIN:
        kind = "a Word template (.dotx)" if "template" in main else "not a plain Word document"
        raise _refuse(value, f"is {kind}", plain)
