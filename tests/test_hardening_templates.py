"""Repository templates: read only from inside it, and bounded (issue 17, points 2 and 4).

Each large case below is big enough to be over a limit but small enough that
lif before the fix built it in well under a second: the test then fails on the
old code instead of exhausting the machine.
"""

from __future__ import annotations

import threading

import pytest

from lif_cli.render.report import TemplateError, render_template
from tests.test_hardening_values import records

AS_OF = ("--as-of", "2016-11-15")
SECRET = "root:x:0:0:secret-line"


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.md.j2").write_text(SECRET + "\n")
    return folder


def report(lif, root, paper: str = "board"):
    return lif("report", paper, "-C", str(root), *AS_OF)


# --- point 2: templates that resolve outside the repository ---------------------------------


def test_a_template_linked_outside_the_repository_is_refused(lif, make_repo, outside) -> None:
    root = make_repo(records())
    (root / "templates").mkdir()
    (root / "templates/board.md.j2").symlink_to(outside / "secret.md.j2")
    result = report(lif, root)
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    assert "templates/board.md.j2 is a link to a file outside the repository" in result.stderr


def test_an_include_linked_outside_the_repository_is_refused(lif, make_repo, outside) -> None:
    root = make_repo(records())
    (root / "templates").mkdir()
    (root / "templates/mine.md.j2").write_text("Before {% include 'leak.md.j2' %} after\n")
    (root / "templates/leak.md.j2").symlink_to(outside / "secret.md.j2")
    result = report(lif, root, "mine")
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    assert "templates/leak.md.j2 is a link to a file outside the repository" in result.stderr


def test_a_templates_folder_linked_outside_the_repository_is_refused(
    lif, make_repo, outside
) -> None:
    root = make_repo(records())
    (root / "templates").symlink_to(outside)
    result = report(lif, root, "secret")
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output


def test_a_link_inside_the_repository_is_followed(lif, make_repo) -> None:
    root = make_repo(records())
    (root / "templates").mkdir()
    (root / "templates/real.md.j2").write_text("Partnership: {{ partnership }}\n")
    (root / "templates/mine.md.j2").symlink_to("real.md.j2")
    result = report(lif, root, "mine")
    assert result.exit_code == 0, result.output
    assert "Partnership: Test Safeguarding Children Partnership" in result.stdout


# --- point 4: every operation that can build a large value is bounded ----------------------

BIG = 20_000_000  # 20 MB: over every limit, cheap for the old code to build


def big(template: str) -> str:
    return template.replace("N", str(BIG))


STOPPED = [
    ("center filter", big("{{ 'x'|center(N) }}")),
    ("center method", big("{{ 'x'.center(N) }}")),
    ("ljust method", big("{{ 'x'.ljust(N) }}")),
    ("format width", big("{{ '{:>N}'.format(1) }}")),
    ("nested format width", big("{{ '{:>{}}'.format(1, N) }}")),
    ("percent format filter", big("{{ '%Nd'|format(1) }}")),
    ("percent operator", big("{{ '%Nd' % 1 }}")),
    ("join filter", "{{ ['x' * 900000, 'y' * 900000]|join('-') }}"),
    ("join method", "{{ '-'.join(['x' * 900000, 'y' * 900000]) }}"),
    ("replace filter", "{{ ('x' * 500000)|replace('', 'yyyy') }}"),
    ("replace method", "{{ ('x' * 500000).replace('x', 'yyyy') }}"),
    ("concatenation", "{{ 'x' * 900000 ~ 'y' * 900000 }}"),
    ("addition", "{{ 'x' * 900000 + 'y' * 900000 }}"),
    (
        "doubling in a loop",
        "{% set ns = namespace(s='x' * 600000) %}{% for i in range(3) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    ),
    ("indent", "{{ ('x\\n' * 100)|indent(200000) }}"),
    ("output size", "{% for i in range(25) %}{{ 'x' * 999999 }}{% endfor %}"),
    (
        "captured block",
        "{% set s %}{% for i in range(25) %}{{ 'x' * 999999 }}{% endfor %}{% endset %}"
        "{{ s|length }}",
    ),
    (
        "loop repetition",
        "{% for i in range(40) %}{% for j in range(40) %}{{ 'x' * 20000 }}{% endfor %}{% endfor %}",
    ),
    ("big integer", "{{ (10 ** 9000) * (10 ** 9000) * (10 ** 9000) * (10 ** 9000) }}"),
]


@pytest.mark.parametrize(("what", "template"), STOPPED, ids=[w for w, _ in STOPPED])
def test_every_template_operation_is_bounded(lif, make_repo, what, template) -> None:
    root = make_repo(records())
    (root / "templates").mkdir()
    (root / "templates/evil.md.j2").write_text(template + "\n")
    result = report(lif, root, "evil")
    assert result.exit_code == 1, (what, result.output[:300])
    assert "evil.md.j2" in result.stderr and "the template was stopped" in result.stderr
    assert len(result.stdout) < 1000


def test_ordinary_use_of_the_bounded_operations_still_works(lif, make_repo) -> None:
    root = make_repo(records())
    (root / "templates").mkdir()
    (root / "templates/fine.md.j2").write_text(
        "{{ ['a', 'b']|join('-') }}|{{ 'ab'|replace('a', 'c') }}|{{ 'x'|center(5) }}|"
        "{{ '%5d'|format(3) }}|{{ '{:>4}'.format(1) }}|{{ 'a' ~ 'b' }}|{{ 'a' + 'b' }}|"
        "{{ [{'n': 'a'}, {'n': 'b'}]|join(',', attribute='n') }}|{{ 'aaa bbb'|wordwrap(3) }}\n"
    )
    result = report(lif, root, "fine")
    assert result.exit_code == 0, result.output
    assert result.stdout == "a-b|cb|  x  |    3|   1|ab|ab|a,b|aaa\nbbb\n"


def test_the_time_limit_holds_off_the_main_thread_too(tmp_path) -> None:
    # A timer signal only works in the main thread: the deadline is also
    # checked by the sandbox itself, at every template operation (here `~`).
    # The loop takes several seconds unchecked.
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/slow.md.j2").write_text(
        "{% for a in range(3000) %}{% for b in range(30) %}{{ 'x' }}{% endfor %}{% endfor %}"
        "{% for a in 'x' * 3000 %}{% for b in 'x' * 3000 %}{{ a ~ b }}{% endfor %}{% endfor %}\n"
    )
    outcome: list[BaseException | str] = []

    def run() -> None:
        try:
            outcome.append(render_template("slow.md.j2", {}, tmp_path, time_limit=1))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert outcome, "the render never finished"
    assert isinstance(outcome[0], TemplateError), outcome[0]
    assert "longer than 1 seconds" in outcome[0].message


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_afresh(
    lif, make_repo
) -> None:
    from lif_cli.cache import cache_dir

    root = make_repo({"templates/mine.md.j2": "First {{ as_of }}\n"})
    args = ("report", "mine", "-C", str(root), "--as-of", "2016-11-15")
    first = lif(*args)
    assert first.exit_code == 0 and first.stdout.startswith("First 2016-11-15")
    kept = sorted(cache_dir().glob("paper-templates-*/*.cache"))
    assert kept  # the compiled template, in lif's private cache folder
    assert lif(*args).stdout == first.stdout
    (root / "templates/mine.md.j2").write_text("Second {{ as_of }}\n")
    assert lif(*args).stdout.startswith("Second 2016-11-15")
    assert lif(*args, "--no-cache").stdout.startswith("Second 2016-11-15")


def test_the_bounds_hold_in_a_template_compiled_on_an_earlier_run(lif, make_repo) -> None:
    # The bounds live in the compiled code (the sandbox's code generator): a
    # template loaded from the bytecode cache must still be stopped.
    root = make_repo({"templates/big.md.j2": "{{ 'x' * 100000000 }}\n"})
    args = ("report", "big", "-C", str(root), "--as-of", "2016-11-15")
    first = lif(*args)
    again = lif(*args)
    assert first.exit_code == again.exit_code == 1
    assert "stopped" in first.stderr and again.stderr == first.stderr
