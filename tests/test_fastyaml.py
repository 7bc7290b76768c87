"""The compiled clean-path reader gives exactly the data of lif's own reader.

``fastyaml.read_clean`` reads a file with a compiled parser only when its
screen vouches for it. Whatever it returns must be what ``yamlio.read_text``
(the reader that locates every problem) returns, with no problem: on every
example record, every fuzz regression, every case of the YAML test suite, and
mutants of real records. Every file the screen cannot vouch for goes to
lif's reader, so the errors it reports stay exactly as located as before.
"""

from __future__ import annotations

import math
import random

import pytest

from lif_cli import fastyaml, yamlio
from tests.conftest import ROOT
from tests.test_yaml_suite import CASES, SUITE

pytestmark = pytest.mark.skipif(not fastyaml.available(), reason="yaml-rs is not installed")

EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.y*ml") if p.is_file())
REGRESSIONS = sorted((ROOT / "tests" / "fuzz_regressions").glob("*.yaml"))


def same(a, b) -> bool:
    """Equal, of the same types, keys in the same order (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def assert_agrees(text: str) -> bool:
    """Compare the readers on ``text``; True when the compiled one read it."""
    fast = fastyaml.read_clean(text)
    if fast is None:
        return False
    full = yamlio.read_text(text, "reviews/R1.yaml")
    assert full.problems == [], (text, full.problems)
    assert same(fast, full.data), (text, fast, full.data)
    return True


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_every_example_file(path):
    assert_agrees(path.read_text(encoding="utf-8"))


def test_most_example_files_take_the_compiled_path():
    taken = [p for p in EXAMPLES if assert_agrees(p.read_text(encoding="utf-8"))]
    assert len(taken) >= len(EXAMPLES) * 3 // 4


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda p: p.name)
def test_every_fuzz_regression(path):
    text, _ = yamlio.decode(path.read_bytes(), path.name)
    if text is not None:
        assert_agrees(text)


def test_every_yaml_test_suite_case():
    if not CASES:
        pytest.skip(f"the YAML test suite is not at {SUITE}")
    taken = 0
    for case in CASES:
        text, _ = yamlio.decode(case.read_bytes(), "in.yaml")
        if text is not None:
            taken += assert_agrees(text)
    assert taken >= 20  # the screen lets the plain cases through (24 of the suite today)


CHARS = [" ", "-", ":", "#", "'", '"', "[", "]", "{", "}", ",", "\n", "|", ">", "  ", "- ", ": ",
         "\n  ", "\n- ", "x", "1", ".", "é", "''", "0", "e", "+", "_", "\r\n", "?"]  # fmt: skip


def _mutate(rnd: random.Random, text: str) -> str:
    for _ in range(rnd.randint(1, 4)):
        i = rnd.randrange(len(text) + 1)
        op = rnd.random()
        if op < 0.4:
            text = text[:i] + rnd.choice(CHARS) + text[i:]
        elif op < 0.7:
            text = text[:i] + text[i + 1 :]
        else:
            lines = text.split("\n")
            j = rnd.randrange(len(lines))
            lines.insert(j, " " * rnd.randint(0, 3) + lines[j].lstrip(" "))
            text = "\n".join(lines)
    return text


def test_mutants_of_real_records():
    rnd = random.Random(15)
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    taken = sum(assert_agrees(_mutate(rnd, rnd.choice(texts))) for _ in range(1500))
    assert taken > 100


def _block_scalars(rnd: random.Random) -> str:
    words = ["a", "b c", "x:y", "# not", "'q'", '"d"', "  ", "", "1", "yes", "- x", "k: v"]
    lines = ["id: R1"]
    for n in range(rnd.randint(1, 4)):
        header = rnd.choice(["|", ">", "|-", ">-", "|+", ">+", "|2", "", "'a", '"b'])
        lines.append(f"text{n}: {header}" + rnd.choice(["", " # c"]))
        for _ in range(rnd.randint(0, 4)):
            lines.append(" " * rnd.randint(0, 5) + rnd.choice(words) + rnd.choice(["", " "]))
        if header in ("'a", '"b'):
            lines[-1] += header[0]
    end = rnd.choice(["\n", "\n\n", "\n  \n", "\n# end\n"])
    text = "\n".join(lines) + end
    return text.replace("\n", "\r\n") if rnd.random() < 0.2 else text


def test_block_and_multi_line_scalars():
    rnd = random.Random(17)
    taken = sum(assert_agrees(_block_scalars(rnd)) for _ in range(3000))
    assert taken > 300


@pytest.mark.parametrize(
    "text",
    [
        "id: &a R1\n",  # anchor
        "id: R1\nother: *a\n",  # alias
        "id: !!str R1\n",  # tag
        "id: ! R1\n",  # non-specific tag
        "%YAML 1.2\n---\nid: R1\n",  # directive
        "id: R1\nid: R2\n",  # duplicate key
        "id: R1\n<<<<<<< HEAD\n",  # conflict marker
        "id: R1\n=======\n",
        "id: R1\n<<: {a: b}\n",  # merge key
        "id: R1\ntitle:\tx\n",  # tab
        'id: R1\ntitle: "a\\tb"\n',  # a backslash escape in double quotes
        'id: R1\ntitle: "\\e[31m"\n',  # an escaped control character
        'id: R1\ntitle: "\\r"\n',
        "id: R1\n---\nid: R2\n",  # two documents
        "---\nid: R1\n",
        "id: R1\n...\n",
        "id: R1\r title: x\n",  # a lone carriage return
        "id: R1\ntitle: a\x85b\n",  # NEL
        "id: R1\ntitle: a\u2028b\n",
        "\ufeffid: R1\n",
        "id: R1\n? [a]\n: b\n",  # complex key
        "id: R1\n: b\n",  # empty key
        "id: R1\n[a]: b\n",  # flow key
        "id: R1\nto: [a, [b]]\n",  # nested flow
        "id: R1\nto: [a,\n  b]\n",  # multi-line flow
        "id: R1\nx: {a: :b}\n",  # odd flow content
        "id: R1\nx: {a: b, |c: d}\n",
        "id: R1\nx: a ]\n",  # a bracket that closes nothing
        "id: R1\nn: 0X1F\n",  # number forms typed differently
        "id: R1\nn: 0b101\n",
        "id: R1\nn: 1_000\n",
        "id: R1\ntext: |2\n   x\n",  # block indicators
        "id: R1\ntext: >+\n  x\n",
        "id: R1\ntext: |\n",  # an empty block scalar
        "id: R1\ntext: >\n\n",
        "id: R1",  # no final line break
        "id: R1\n" + "a: b\n" * 30_000,  # over the size bound
        "id: R1\nd:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 40)),  # deep
        "- a\n",  # not a mapping
        "",
        "# only a comment\n",
        "id: 'R1\n",  # a syntax error
        "id: R1\nn: " + "9" * 5000 + "\n",  # beyond Python's int conversion
    ],
)
def test_the_screen_sends_odd_files_to_lifs_reader(text):
    assert fastyaml.read_clean(text) is None


def test_plain_records_take_the_compiled_path():
    text = (
        "id: R1\ntitle: 'Child A: a review'\ncount: 7\nratio: 1.5e3\nok: true\nnone: ~\n"
        "to: [csc, 'police', \"health\"]\nvalues:\n  - {period: 2016-Q1, value: -2.5}\n"
        "text: >\n  folded\n  words\nnote: |\n  kept\n  lines\n# a comment\n"
    )
    assert assert_agrees(text)
    data = fastyaml.read_clean(text)
    assert data["to"] == ["csc", "police", "health"] and data["count"] == 7
    assert data["text"] == "folded words\n" and data["note"] == "kept\nlines\n"
