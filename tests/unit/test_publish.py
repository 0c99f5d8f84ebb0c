"""Publishing a document set: staged, checked against the manifest, then moved into place."""

from __future__ import annotations

import errno
import json
import os
import time

import pytest

from sobriete.documents import publish
from sobriete.errors import InputError, InputErrors
from sobriete.io import writers
from sobriete.io.output_paths import STALE_SECONDS, clean_stale_temporaries


def _write_set(folder, files: dict, *, force=False):
    staging = publish.stage(folder, force=force)
    written = []
    for name, text in files.items():
        path = staging / name
        writers.atomic_write(path, text)
        written.append(path)
    return publish.commit(staging, written)


def _visible(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_set_lands_with_its_digests_and_no_staging_left(tmp_path):
    out = tmp_path / "docs"
    final = _write_set(out, {"a.md": "A", "charts/b.svg": "<svg/>"})
    assert final == [out / "a.md", out / "charts" / "b.svg"]
    assert (out / "a.md").read_text() == "A"
    manifest = json.loads((out / publish.MANIFEST).read_text())
    # sha256("A")
    assert manifest["files"]["a.md"] == "559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd"
    assert not [p for p in out.iterdir() if p.name.startswith(publish.STAGE_PREFIX)]


def test_rewriting_our_own_unchanged_files_is_allowed_and_other_files_are_kept(tmp_path):
    out = tmp_path / "docs"
    _write_set(out, {"fr.md": "1", "shared.svg": "s1"})
    _write_set(out, {"en.md": "2", "shared.svg": "s2"})
    assert (out / "shared.svg").read_text() == "s2"
    assert set(json.loads((out / publish.MANIFEST).read_text())["files"]) == {"fr.md", "en.md", "shared.svg"}


def test_a_file_the_user_changed_or_wrote_is_never_replaced_without_force(tmp_path):
    out = tmp_path / "docs"
    _write_set(out, {"a.md": "ours", "b.md": "ours"})
    (out / "a.md").write_text("edited by the user")
    (out / "c.md").write_text("the user's own file")
    with pytest.raises(InputErrors) as caught:
        _write_set(out, {"a.md": "new", "b.md": "new", "c.md": "new"})
    located = sorted(p.path for p in caught.value.problems)
    assert located == [str(out / "a.md"), str(out / "c.md")]
    # nothing moved: b.md (which we could replace) is unchanged too, no staging left
    assert (out / "a.md").read_text() == "edited by the user"
    assert (out / "b.md").read_text() == "ours"
    assert (out / "c.md").read_text() == "the user's own file"
    assert _visible(out) == [publish.MANIFEST, "a.md", "b.md", "c.md"]
    _write_set(out, {"a.md": "new", "c.md": "new"}, force=True)
    assert (out / "c.md").read_text() == "new"


def test_a_forged_manifest_of_names_does_not_let_a_newer_user_file_be_replaced(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / publish.MANIFEST).write_text(json.dumps({"files": ["notes.md", "../outside.md"]}))
    old = time.time() - 100
    os.utime(out / publish.MANIFEST, (old, old))
    (out / "notes.md").write_text("the user's notes, written after the manifest")
    with pytest.raises(InputErrors):
        _write_set(out, {"notes.md": "report"})
    assert (out / "notes.md").read_text().startswith("the user's notes")
    assert "../outside.md" not in publish.read_manifest(out)


def test_a_folder_of_someone_else_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "budget.xlsx").write_text("x")
    with pytest.raises(InputErrors) as caught:
        publish.stage(out)
    assert "sobriete did not write" in caught.value.problems[0].message
    assert _visible(out) == ["budget.xlsx"]


def test_a_full_disk_half_way_leaves_the_previous_set_untouched(tmp_path, monkeypatch):
    out = tmp_path / "docs"
    _write_set(out, {"a.md": "old a", "b.md": "old b"})
    real = os.replace
    calls = {"n": 0}

    def full_disk(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:  # the second file of the new set cannot be written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    staging = publish.stage(out)
    monkeypatch.setattr(writers.os, "replace", full_disk)
    written = []
    with pytest.raises(InputError) as caught:
        for name in ("a.md", "b.md"):
            path = staging / name
            writers.atomic_write(path, "new")
            written.append(path)
    assert "no space left" in str(caught.value).lower()
    monkeypatch.setattr(writers.os, "replace", real)
    publish._discard(staging)
    assert (out / "a.md").read_text() == "old a" and (out / "b.md").read_text() == "old b"
    assert _visible(out) == [publish.MANIFEST, "a.md", "b.md"]


def test_a_staging_folder_left_by_a_killed_run_is_removed_once_stale(tmp_path):
    left = tmp_path / f"{publish.STAGE_PREFIX}abc.tmp"
    (left / "charts").mkdir(parents=True)
    (left / "charts" / "x.svg").write_text("x")
    recent = tmp_path / f"{publish.STAGE_PREFIX}new.tmp"
    recent.mkdir()
    old = time.time() - STALE_SECONDS - 10
    os.utime(left, (old, old))
    clean_stale_temporaries(tmp_path)
    assert not left.exists() and recent.exists()
