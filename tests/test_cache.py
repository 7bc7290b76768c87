"""The content-hash cache: faster, never different, never in the records repo.

Every test runs the real CLI twice (cold, then warm) on a real folder, with the
per-test cache folder the autouse fixture sets in ``LIF_CACHE_DIR``.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from pathlib import Path

import pytest

from lif_cli import loader
from lif_cli.cache import Cache, _stamp, cache_dir, read_signed, write_signed
from lif_cli.repo import WorkTree
from tests.test_validate import AS_OF, GOOD, PLAN, REVIEW, SCR

BROKEN = {
    **GOOD,
    # parse errors: never cached
    "reviews/R1.yaml": REVIEW.replace("status: referred", "status: refered"),
    "reviews/R2.yaml": "id: R2\ntitle: 'Child B\n",
    # parses clean (so it is cached) but names an unknown agency: located lazily
    "actions/SCR-1.yaml": PLAN.replace("agency: police", "agency: polise"),
    # a rule warning in a clean file
    "training/TR-1.yaml": "id: TR-1\ntitle: Neglect\nplaces: 10\nattended: 12\n",
}


def validate_json(lif, root: Path, *args: str) -> tuple[int, dict]:
    result = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def cache_files() -> list[Path]:
    folder = cache_dir()
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def open_cache(root: Path) -> Cache:
    cache = Cache.open(WorkTree(root).cache_key())
    assert cache is not None
    return cache


def test_a_warm_run_reports_exactly_what_a_cold_run_does(lif, make_repo):
    root = make_repo(BROKEN)
    cold = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    assert cache_files(), "the cold run wrote no cache"
    warm = lif("validate", "-C", str(root), "--as-of", AS_OF, "--format", "json")
    assert warm.stdout == cold.stdout
    assert warm.exit_code == cold.exit_code == 1
    text_cold = lif("validate", "-C", str(root), "--as-of", AS_OF, "--no-cache")
    text_warm = lif("validate", "-C", str(root), "--as-of", AS_OF)
    assert text_warm.stdout == text_cold.stdout
    # and the positions are the exact ones, on both runs
    data = json.loads(warm.stdout)
    located = {(p["code"], p["file"], p["line"], p["column"]) for p in data["errors"]}
    assert located == {
        ("invalid-value", "reviews/R1.yaml", 4, 9),
        ("yaml-syntax", "reviews/R2.yaml", 2, 8),
        ("unknown-agency", "actions/SCR-1.yaml", 12, 13),
    }
    assert "   12 |     agency: polise\n" in text_warm.stdout


def test_only_clean_files_are_cached(lif, make_repo):
    root = make_repo(BROKEN)
    lif("validate", "-C", str(root), "--as-of", AS_OF)
    cache = open_cache(root)
    for rel in ("reviews/SCR-1.yaml", "actions/SCR-1.yaml", "training/TR-1.yaml"):
        assert cache.get(rel, digest(root / rel)) is not None, rel
    for rel in ("reviews/R1.yaml", "reviews/R2.yaml"):
        assert cache.get(rel, digest(root / rel)) is None, rel


def test_a_changed_file_is_read_again(lif, make_repo):
    root = make_repo(GOOD)
    assert validate_json(lif, root)[0] == 0
    plan = root / "actions" / "SCR-1.yaml"
    plan.write_text(PLAN.replace("due: 2017-03-31", "due: 2017-02-30"), encoding="utf-8")
    code, data = validate_json(lif, root)
    assert code == 1
    assert [(p["code"], p["line"]) for p in data["errors"]] == [("invalid-date", 7)]
    plan.write_text(PLAN, encoding="utf-8")
    assert validate_json(lif, root) == (0, {"errors": [], "warnings": [], "records": 7})


def test_a_file_changed_back_and_forth_uses_its_current_content(lif, make_repo):
    root = make_repo(GOOD)
    review = root / "reviews" / "SCR-1.yaml"
    original = review.read_text(encoding="utf-8")
    validate_json(lif, root)
    review.write_text(original.replace("to: [board]", "to: [bord]"), encoding="utf-8")
    assert validate_json(lif, root)[0] == 1
    review.write_text(original, encoding="utf-8")
    assert validate_json(lif, root)[0] == 0


def test_the_cache_is_consulted_and_the_bypasses_skip_it(lif, make_repo, monkeypatch):
    """Plant a different (valid) model under a file's real hash: only a run that
    reads the cache can see it, so this proves both the hit and the bypass."""
    root = make_repo(GOOD)
    validate_json(lif, root)
    rel = "reviews/SCR-1.yaml"
    planted_text = SCR.replace("commissioned_by: board", "commissioned_by: nobody")
    model, problems, _ = loader.parse_file(planted_text.encode(), rel)
    assert model is not None and problems == []
    cache = open_cache(root)
    cache.put(rel, digest(root / rel), model)
    cache.save({str(p.relative_to(root)) for p in root.rglob("*.yaml")})
    # the kept verdict of the first run would answer for unchanged files: this
    # test is about the models, so it goes (see test_verdict.py for verdicts)
    (cache.folder / "verdict.pickle").unlink()

    code, data = validate_json(lif, root)
    assert (code, [p["code"] for p in data["errors"]]) == (1, ["unknown-who"])
    assert validate_json(lif, root, "--no-cache") == (
        0,
        {"errors": [], "warnings": [], "records": 7},
    )
    monkeypatch.setenv("LIF_NO_CACHE", "1")
    assert validate_json(lif, root)[0] == 0


def test_no_cache_writes_nothing(lif, make_repo, monkeypatch):
    root = make_repo(GOOD)
    assert validate_json(lif, root, "--no-cache")[0] == 0
    assert cache_files() == []
    monkeypatch.setenv("LIF_NO_CACHE", "1")
    assert validate_json(lif, root)[0] == 0
    assert cache_files() == []


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps(("old-stamp", {}))])
def test_a_corrupt_or_stale_cache_is_ignored_and_rewritten(lif, make_repo, garbage):
    root = make_repo(BROKEN)
    _, expected = validate_json(lif, root, "--no-cache")
    validate_json(lif, root)
    shards = [p for p in cache_files() if p.suffix == ".pickle"]
    assert shards
    for shard in shards:
        shard.write_bytes(garbage)
    code, data = validate_json(lif, root)
    assert (code, data) == (1, expected)
    # the damaged shards were replaced by good ones, signed by this user's key
    for shard in shards:
        if shard.exists() and shard.stat().st_size:
            assert isinstance(read_signed(shard, _stamp()), dict)


def test_a_cache_entry_of_a_different_version_is_not_used(lif, make_repo):
    root = make_repo(GOOD)
    validate_json(lif, root)
    rel = "reviews/SCR-1.yaml"
    planted_text = SCR.replace("commissioned_by: board", "commissioned_by: nobody")
    model, _, _ = loader.parse_file(planted_text.encode(), rel)
    shard = next(p for p in cache_files() if p.suffix == ".pickle")
    # signed with this user's key, but under another version's stamp
    write_signed(shard, "0|another lif", {rel: (digest(root / rel), model)})
    assert validate_json(lif, root)[0] == 0


def test_the_cache_is_never_written_inside_the_records_repo(lif, make_repo, monkeypatch, tmp_path):
    root = make_repo(BROKEN)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    lif("validate", "-C", str(root), "--as-of", AS_OF)
    lif("validate", "-C", str(root), "--as-of", AS_OF)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    assert all(not str(p).startswith(str(root)) for p in cache_files())
    # without LIF_CACHE_DIR it goes to the XDG cache folder, still outside the repo
    monkeypatch.delenv("LIF_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    lif("validate", "-C", str(root), "--as-of", AS_OF)
    assert any((tmp_path / "xdg" / "lif").rglob("*.pickle"))
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_a_cache_folder_that_cannot_be_made_is_ignored(lif, make_repo, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("LIF_CACHE_DIR", str(blocker / "lif"))
    root = make_repo(BROKEN)
    result = lif("validate", "-C", str(root), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert "unknown-agency" in result.stdout


def test_a_deleted_file_is_gone_and_a_new_one_at_its_path_is_read(lif, make_repo):
    root = make_repo({**GOOD, "reviews/R1.yaml": REVIEW})
    validate_json(lif, root)
    gone = root / "reviews" / "R1.yaml"
    gone.unlink()
    assert validate_json(lif, root) == (0, {"errors": [], "warnings": [], "records": 7})
    gone.write_text(REVIEW.replace("referred", "refered"), encoding="utf-8")
    code, data = validate_json(lif, root)
    assert (code, [(p["code"], p["line"]) for p in data["errors"]]) == (1, [("invalid-value", 4)])


def test_the_cache_key_follows_the_repository_not_the_spelling(lif, make_repo):
    root = make_repo(GOOD)
    validate_json(lif, root)
    files = cache_files()
    lif("validate", "-C", root.name, "--as-of", AS_OF, cwd=root.parent)
    assert {p.parent for p in cache_files()} == {p.parent for p in files}


def _signature(path: Path) -> tuple[int, int, int, int]:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def test_the_stat_index_skips_unchanged_files_and_never_hides_a_change(lif, make_repo, monkeypatch):
    # Files in tmp_path were all written a moment ago; trust them at once.
    monkeypatch.setattr("lif_cli.cache.RACY_NS", 0)
    root = make_repo(GOOD)
    validate_json(lif, root)
    plan = root / "actions" / "SCR-1.yaml"
    cache = open_cache(root)
    assert cache.known_digest("actions/SCR-1.yaml", _signature(plan)) == digest(plan)
    # same size, different content, and the old modification time put back:
    # the change time (and so the signature) still moves, so the file is read
    old = os.stat(plan)
    text = plan.read_text(encoding="utf-8")
    changed = text.replace("agency: police", "agency: polixe")
    assert len(changed) == len(text)
    plan.write_text(changed, encoding="utf-8")
    os.utime(plan, ns=(old.st_atime_ns, old.st_mtime_ns))
    code, data = validate_json(lif, root)
    assert (code, [(p["code"], p["line"]) for p in data["errors"]]) == (1, [("unknown-agency", 12)])


def test_an_unchanged_signature_is_not_read_at_all(lif, make_repo, monkeypatch):
    """Plant a different model under the file's signature: a run that does not
    read the file shows it; once the file's signature moves, the truth is back."""
    monkeypatch.setattr("lif_cli.cache.RACY_NS", 0)
    root = make_repo(GOOD)
    validate_json(lif, root)
    rel = "reviews/SCR-1.yaml"
    planted = SCR.replace("commissioned_by: board", "commissioned_by: nobody").encode()
    model, _, _ = loader.parse_file(planted, rel)
    cache = open_cache(root)
    fake = hashlib.blake2b(planted, digest_size=16).hexdigest()
    cache.put(rel, fake, model)
    cache.note_stat(rel, _signature(root / rel), fake, time.time_ns())
    cache.save({str(p.relative_to(root)) for p in root.rglob("*.yaml")})
    assert [p["code"] for p in validate_json(lif, root)[1]["errors"]] == ["unknown-who"]
    os.utime(root / rel)  # any change of signature sends lif back to the bytes
    assert validate_json(lif, root) == (0, {"errors": [], "warnings": [], "records": 7})


def test_a_file_changed_moments_ago_is_not_trusted_by_its_signature(lif, make_repo, monkeypatch):
    root = make_repo(GOOD)
    validate_json(lif, root)  # every file was written a moment ago
    plan = root / "actions" / "SCR-1.yaml"
    assert open_cache(root).known_digest("actions/SCR-1.yaml", _signature(plan)) is None
    monkeypatch.setattr("lif_cli.cache.RACY_NS", 0)
    validate_json(lif, root)
    assert open_cache(root).known_digest("actions/SCR-1.yaml", _signature(plan)) == digest(plan)


def test_a_link_out_of_the_repo_is_refused_on_warm_runs_too(lif, make_repo, tmp_path, monkeypatch):
    monkeypatch.setattr("lif_cli.cache.RACY_NS", 0)
    root = make_repo(GOOD)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(REVIEW.replace("R1", "R9"), encoding="utf-8")
    (root / "reviews" / "R9.yaml").symlink_to(outside)
    for _ in range(3):
        code, data = validate_json(lif, root)
        assert (code, [(p["code"], p["file"]) for p in data["errors"]]) == (
            1,
            [("symlink-outside-repo", "reviews/R9.yaml")],
        )


@pytest.mark.parametrize("example", ["nscb", "borsetshire"])
def test_every_example_model_comes_back_from_the_cache_as_it_went_in(example):
    # Models pickle through Model.__reduce__ (lif's own, leaner than
    # pydantic's state): what comes back must equal the model in every field,
    # in which fields the file set, and in how it serialises.
    root = Path(__file__).resolve().parents[1] / "examples" / example
    records = loader.load(WorkTree(root), use_cache=False)
    models = [rf.model for rf in records.files if rf.model is not None]
    assert len(models) > 20
    for model in models:
        back = pickle.loads(pickle.dumps(model, protocol=5))
        assert type(back) is type(model)
        assert back == model
        assert back.model_fields_set == model.model_fields_set
        assert back.model_dump_json() == model.model_dump_json()
