"""Regenerate the golden footprint documents (run from the repository root, then review the diff).

    python tests/golden/footprint/regenerate.py

They are computed against the frozen factors of tests/fixtures/factors, so that updating the
shipped factor database never rewrites these expectations silently.
"""

from pathlib import Path

from click.testing import CliRunner

import sobriete.io.factor_files as factor_files
from sobriete.cli.main import cli

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parents[1] / "fixtures" / "factors"
CASES = {
    "ville-val-de-loire-2024.json": ["inventories/ville-val-de-loire-2024.yaml"],
    "commune-saint-aubin-2024-acquisition.json": ["inventories/commune-saint-aubin-2024.yaml",
                                                   "--method", "acquisition"],
}
OPTIONS = ["--format", "json", "--draws", "200", "--seed", "0"]


def run(args):
    factor_files._shipped_root = lambda: FIXTURE
    result = CliRunner().invoke(cli, ["footprint", *args, *OPTIONS])
    assert result.exit_code == 0, result.output
    return result.stdout


if __name__ == "__main__":
    for name, args in CASES.items():
        (HERE / name).write_text(run(args), encoding="utf-8")
        print("wrote", HERE / name)
