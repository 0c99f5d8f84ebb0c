"""Shared fixtures: the frozen test factor set, the repository's paths, small file writers.

Golden and unit tests use the frozen factor set in ``tests/fixtures/factors`` so that updating
the shipped factors never silently rewrites an expectation. CLI tests that need it patch
``sobriete.io.factor_files._shipped_root`` (the one place the shipped folder is looked up) rather
than passing ``--factors``, which would change the database version.
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

import sobriete.io.factor_files

REPO = Path(__file__).resolve().parent.parent
FIXTURE_FACTORS = REPO / "tests" / "fixtures" / "factors"
SHIPPED_FACTORS = REPO / "factors"
INVENTORIES = REPO / "inventories"

SHIPPED_FACTORS_READY = all((SHIPPED_FACTORS / name).is_file() for name in ("profiles.yaml", "intensities.yaml"))
requires_shipped_factors = pytest.mark.skipif(
    not SHIPPED_FACTORS_READY,
    reason="the shipped factor set (factors/profiles.yaml, factors/intensities.yaml) is not written yet",
)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Tests compare English text: no locale from the environment, English messages before and after."""
    from sobriete.locale import set_language

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def factors():
    """The frozen test factor set (round numbers, not real factors)."""
    return sobriete.io.factor_files.load_factors(base=FIXTURE_FACTORS)


@pytest.fixture
def fixture_factor_root(monkeypatch):
    """Make the CLI (and load_factors()) read the frozen test factor set as the shipped one."""
    monkeypatch.setattr(sobriete.io.factor_files, "_shipped_root", lambda: FIXTURE_FACTORS)
    return FIXTURE_FACTORS


@pytest.fixture
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture
def write(tmp_path):
    """write("name.yaml", text) → Path: a dedented text file under tmp_path (folders created)."""

    def _write(name: str, text: str | bytes, *, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    return _write


def sha256_tree(root: Path) -> dict[str, str]:
    """Hash of every file under root (relative path → sha256), to prove inputs are not modified."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


@pytest.fixture
def tree_hash():
    return sha256_tree


# Property tests draw the same examples on every run (CI included): a failure is reproducible, and
# a landing never depends on luck. `HYPOTHESIS_PROFILE=explore pytest` draws new examples.
import os as _os

from hypothesis import settings as _settings

_settings.register_profile("sobriete", derandomize=True, deadline=None)
_settings.register_profile("explore", deadline=None)
_settings.load_profile(_os.environ.get("HYPOTHESIS_PROFILE", "sobriete"))
