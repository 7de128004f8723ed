"""The README's figures come from runs (scripts/readme_figures.py), and this test re-runs the
cheap configuration of its `check` block and fails if the README disagrees.

What it checks: the `check` block (a one-week run of every shipped scenario) against a fresh
run, digit for digit as printed; and that `--check` catches a changed figure. What it does not:
the full-year `figures` block, whose run takes minutes; `python scripts/readme_figures.py
--check` compares that one with a fresh full run.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from docblock import read_block

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location(
        "readme_figures", ROOT / "scripts" / "readme_figures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cheap(script, tmp_path_factory):
    out = tmp_path_factory.mktemp("cheap") / "out"
    document, _ = script.run_assess(out, **script.CHECK_ARGS)
    return document, out / "results.json"


def test_readme_check_block_matches_a_fresh_run(script, cheap) -> None:
    document, _ = cheap
    readme = README.read_text(encoding="utf-8")
    assert read_block(readme, "check", README) == script.check_block(document)


def test_readme_figures_are_not_empty(script) -> None:
    readme = README.read_text(encoding="utf-8")
    assert "Niš" in readme or "nis-ccgt" in read_block(readme, "figures", README)
    assert read_block(readme, "speed", README).startswith("The full default `powerpact assess`")


def test_check_fails_when_a_figure_is_edited(script, cheap, tmp_path: Path) -> None:
    _, results = cheap
    readme = tmp_path / "README.md"
    readme.write_text(README.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["--results", str(results), "--cheap-results", str(results), "--readme", str(readme)]
    assert script.main(args) == 0  # writes the blocks from these results
    assert script.main([*args, "--check"]) == 0
    text = readme.read_text(encoding="utf-8")
    block = read_block(text, "check", readme)
    first_row = block.splitlines()[4]
    edited = first_row.replace(first_row.split("|")[2], " 0.0 ")
    assert edited != first_row
    readme.write_text(text.replace(first_row, edited), encoding="utf-8")
    assert script.main([*args, "--check"]) == 1
    assert json.loads(results.read_text())["scenarios"]


def test_flexibility_line_states_each_option_and_the_quick_forms_range(script) -> None:
    # Two quick-form figures whose ± ranges (1.96 standard errors) cover zero: the line gives
    # both options and says that the sign, hence the ranking, is not settled.
    def figures(value_eur: float, se_eur: float) -> dict:
        return {
            "form": "quick",
            "weeks": 5,
            "starts": 2.0,
            "hours_online": 1000.0,
            "capacity_factor": 0.25,
            "value_of_flexibility_eur": value_eur,
            "value_of_flexibility_se_eur": se_eur,
        }

    doc = {
        "flexibility": {
            "nis-ccgt": {"nis-ccgt": figures(-1.0e6, 1.0e6)},
            "nis-ocgt": {"nis-ocgt": figures(0.5e6, 0.1e6)},
        }
    }
    line = script._flexibility(doc)
    assert "nis-ccgt 2.0 starts, online 1,000 h, capacity factor with commitment 25.0 %" in line
    assert "value of flexibility −EUR 1.00 m ± EUR 1.96 m" in line
    assert "+EUR 0.50 m ± EUR 0.20 m" in line
    assert "unsettled for nis-ccgt." in line
    assert "overlap: the quick form does not rank" in line
    apart = {"flexibility": {**doc["flexibility"], "nis-ccgt": {"nis-ccgt": figures(-3e6, 1e6)}}}
    assert "does not rank" not in script._flexibility(apart)
    assert script._flexibility({}) is None
