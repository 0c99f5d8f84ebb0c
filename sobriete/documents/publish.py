"""Publishing a document set: written aside, checked, then moved into place together.

A report or a roadmap is a set of files (Markdown, HTML, charts, tables). Writing them one by one
into the user's folder would leave it mixing old and new files when the run stops half-way (a full
disk, a killed process). Instead the set is written into a staging folder that sobriete owns
(``.sobriete-stage-….tmp``, next to the files it will replace, so moving is a rename on the same
file system); nothing in the user's folder changes until every file is written. Then each file
the set would replace is checked against the folder's manifest (``.sobriete-documents.json``):
sobriete replaces only files it wrote itself and that nobody changed since (their SHA-256 is in
the manifest), unless ``--force``. Only then are the files renamed into place and the manifest
recorded. A staging folder left by a killed run is removed by the next run after an hour
(``output_paths.clean_stale_temporaries``).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import InputError, InputErrors, error
from ..locale import _
from ..io.output_paths import TEMP_SUFFIX, check_output, clean_stale_temporaries, environment_error
from ..io.writers import atomic_write

MANIFEST = ".sobriete-documents.json"
STAGE_PREFIX = ".sobriete-stage-"

_staged: dict[Path, tuple[Path, bool]] = {}  # staging folder → (target folder, force)


def _discard(staging: Path) -> None:
    _staged.pop(staging, None)
    shutil.rmtree(staging, ignore_errors=True)


def stage(directory, *, force: bool = False) -> Path:
    """A new staging folder for documents going to `directory` (created if missing)."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise InputErrors([error(_("exists and is not a folder"), path=str(folder))])
    if folder.is_dir() and not force and not (folder / MANIFEST).is_file():
        visible = [entry for entry in folder.iterdir() if not entry.name.startswith(STAGE_PREFIX)]
        if visible:
            raise InputErrors([error(_("the folder already holds files that sobriete did not write; not overwritten"),
                                     path=str(folder), hint=_("choose an empty folder or use --force"))])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(folder)
        staging = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, suffix=TEMP_SUFFIX, dir=folder))
    except OSError as exc:
        raise environment_error(exc, folder) from exc
    _staged[staging] = (folder, force)
    atexit.register(_discard, staging)  # a run that fails before commit leaves nothing behind
    return staging


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def read_manifest(folder: Path) -> dict[str, str | None]:
    """Files sobriete wrote in `folder`: relative name → SHA-256 (None for an older manifest
    that kept names only). Names that would leave the folder are ignored."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if isinstance(files, list):
        files = {name: None for name in files if isinstance(name, str)}
    if not isinstance(files, dict):
        return {}
    safe = {}
    for name, digest in files.items():
        parts = Path(str(name)).parts
        if not parts or Path(str(name)).is_absolute() or ".." in parts:
            continue
        safe[str(name)] = digest if isinstance(digest, str) else None
    return safe


def _ours(target: Path, name: str, manifest: dict, manifest_time: float) -> bool:
    """Whether sobriete may replace `target`: it wrote it and nobody changed it since."""
    if name not in manifest:
        return False
    recorded = manifest[name]
    if recorded is None:  # an older manifest: names only; trust files not newer than it
        return target.stat().st_mtime <= manifest_time
    return _digest(target) == recorded


def commit(staging: Path, written: list[Path]) -> list[Path]:
    """Move the staged files into their folder (after the checks above); returns the final paths."""
    folder, force = _staged[staging]
    names = [str(Path(p).relative_to(staging)) for p in written]
    manifest = read_manifest(folder)
    try:
        manifest_time = (folder / MANIFEST).stat().st_mtime
    except OSError:
        manifest_time = float("-inf")
    problems, targets = [], []
    for name in names:
        target = folder / name
        try:
            target = check_output(target)
        except InputError as exc:  # an input of the command, a device, a folder…
            problems.append(exc)
            continue
        if target.exists() and not force and not _ours(target, name, manifest, manifest_time):
            problems.append(error(_("exists and was not written by sobriete (or was changed since); not overwritten"),
                                  path=str(target), hint=_("move it away or use --force")))
        targets.append(target)
    if problems:
        _discard(staging)
        raise InputErrors(problems)
    digests = {name: _digest(staging / name) for name in names}
    try:
        for name, target in zip(names, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target)
    except OSError as exc:
        _discard(staging)
        raise environment_error(exc, folder) from exc
    _discard(staging)
    kept = {name: digest for name, digest in manifest.items() if name not in digests and (folder / name).is_file()}
    record = {"generator": "sobriete", "files": dict(sorted({**kept, **digests}.items()))}
    atomic_write(folder / MANIFEST, json.dumps(record, indent=2) + "\n")
    return [folder / name for name in names]
