"""One definition per figure: a name that `assess` and a single command both print is one number.

Every shipped scenario is assessed once (first week, few Monte Carlo years); then each single
command (`dispatch`, `adequacy` both methods, `gas`, `appraise` for every plant assess appraises)
is run through the CLI with `--json` on the same cut system with the same options, and every
figure the two print under the same name must agree. The shared names are found, not listed, so
a figure added to both later is checked too.
"""

from __future__ import annotations

import ast
import json
import math
from collections.abc import Callable, Collection, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import powerpact.report
import powerpact.system as system_module
from powerpact.cli import app
from powerpact.io import to_json
from powerpact.studies.assess import (
    Assessment,
    AssessOptions,
    assess,
    first_hours,
    provenance,
)
from powerpact.system import DEFAULT_SYSTEM, System, embedded_scenarios, load

HOURS = 168  # the first week: winter, so the gas drill and the supply standard run
SAMPLES = 8
SEED = 11
SCENARIOS = tuple(embedded_scenarios(DEFAULT_SYSTEM))
# Figures `gas` prints as null because they need the dispatch that only `assess` runs
# (docs/gas-security.md, "One name, one number"); every other shared name must be equal.
NEEDS_DISPATCH = {"import_dependency", "electricity_import_dependency"}
# Run facts rather than figures: how long the solver took differs from run to run.
NOT_FIGURES = {"solve_time_s", "build_time_s"}
REL = 1e-9


@cache
def cut(name: str) -> System:
    return first_hours(load(name), HOURS)


def flatten(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """("a.b", value) for every leaf of nested mappings."""
    for key, value in data.items():
        if isinstance(value, Mapping):
            yield from flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, int | float):
        return bool(a == b)
    if not isinstance(b, int | float):
        return False
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-9 * REL)


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """results.json of one assess run of every shipped scenario, as written."""
    options = AssessOptions(samples=SAMPLES, seed=SEED, hours=HOURS)
    assessment: Assessment = assess([load(n) for n in SCENARIOS], options, show_progress=False)
    from powerpact.report.outputs import results_document

    return json.loads(to_json(results_document(assessment, provenance(assessment))))


@pytest.fixture(scope="module")
def command(request: pytest.FixtureRequest) -> Callable[..., dict[str, Any]]:
    """Run `powerpact ARGS --json` on the first HOURS hours of its scenario; the parsed JSON."""
    runner = CliRunner()
    patch = pytest.MonkeyPatch()
    # The commands import `load` from powerpact.system when they run: they get the cut system.
    patch.setattr(system_module, "load", cut)
    request.addfinalizer(patch.undo)

    def run(*args: str) -> dict[str, Any]:
        outcome = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
        assert outcome.exit_code == 0, outcome.output
        return json.loads(outcome.stdout)

    return run


def compare(
    assessed: Mapping[str, Any], printed: Mapping[str, Any], what: str
) -> tuple[set[str], list[str]]:
    """The shared names and the differences between two headlines."""
    ours, theirs = dict(flatten(assessed)), dict(flatten(printed))
    shared = (set(ours) & set(theirs)) - NOT_FIGURES
    wrong = [
        f"{what} {key}: assess {ours[key]!r}, command {theirs[key]!r}"
        for key in sorted(shared)
        if not same(ours[key], theirs[key])
        and not (key in NEEDS_DISPATCH and theirs[key] is None and ours[key] is not None)
    ]
    return shared, wrong


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_assess_and_each_command_print_one_number_per_name(
    scenario: str, results: dict[str, Any], command: Callable[..., dict[str, Any]]
) -> None:
    headline = results["scenarios"][scenario]["headline"]
    runs: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]] = [
        ("dispatch", headline["dispatch"], command("dispatch", scenario)),
        (
            "adequacy",
            headline["adequacy"],
            command("adequacy", scenario, "--samples", str(SAMPLES), "--seed", str(SEED)),
        ),
        ("gas", headline["gas"], command("gas", scenario)),
    ]
    # On several zones COPT would pool them: assess has no COPT check and the command refuses.
    if "adequacy_copt" in headline:
        copt = command("adequacy", scenario, "--method", "copt")
        runs.append(("adequacy --method copt", headline["adequacy_copt"], copt))
    for plant, figures in (headline.get("economics") or {}).get("plants", {}).items():
        printed = command(
            "appraise",
            scenario,
            "--plant",
            plant,
            "--technology",
            figures["technology"],
            "--seed",
            str(SEED),
        )
        runs.append((f"appraise {plant}", figures, printed))
    minimum = {"dispatch": 8, "adequacy": 8, "adequacy --method copt": 5, "gas": 40}
    problems = []
    for what, assessed, printed in runs:
        shared, wrong = compare(assessed, printed, what)
        assert len(shared) >= minimum.get(what, 15), f"{what}: only {sorted(shared)} shared"
        problems += wrong
    assert not problems, "\n".join(problems)


# --- every name the report and the terminal tables read is a figure some engine defines --------


def _literal_figures(path: Path, stages: Collection[str]) -> Iterator[tuple[str, str, int]]:
    """(stage, key, line) of every `value(headline, "stage", "key")` with literal names, and of
    every ("stage", "key") pair of string literals (the tables the verdict loops over)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "value":
            pair = node.args[1:3]
        elif isinstance(node, ast.Tuple) and len(node.elts) >= 2:
            pair = node.elts[:2]
        else:
            continue
        names = [a.value for a in pair if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if len(names) == 2 and names[0] in stages:
            yield names[0], names[1], node.lineno


def test_every_literal_figure_the_report_reads_exists() -> None:
    # `value` checks its names when called; this reads every literal name in the report's code,
    # including sentences that no other test reaches, so a renamed figure fails here.
    from powerpact.report.summary import FIGURE_NAMES

    report = Path(powerpact.report.__file__).parent
    found = [
        (p.name, *figure)
        for p in sorted(report.glob("*.py"))
        for figure in _literal_figures(p, FIGURE_NAMES)
    ]
    assert len(found) >= 20
    unknown = [f for f in found if f[2] not in FIGURE_NAMES[f[1]]]
    assert not unknown, f"figures no engine defines: {unknown}"


def test_terminal_labels_name_existing_figures() -> None:
    from powerpact.cli.appraise import _ROWS
    from powerpact.economics import AppraisalFigures
    from powerpact.gas import GAS_FIGURES
    from powerpact.report.gas_tables import _LABELS, _POWER_LABELS
    from powerpact.studies.gas_power import DispatchCase

    gas = frozenset().union(*(f.names() for f in GAS_FIGURES))
    # every label names a figure, and every scalar figure has a label
    assert set(_LABELS) == gas - {
        "supplier_shares",
        "supplier_volumes_mcm_per_year",
        "supplier_routes",
    }
    assert set(_POWER_LABELS) == DispatchCase.names()
    rows = {key for key, row in _ROWS.items() if row is not None}
    assert rows <= AppraisalFigures.names(), rows - AppraisalFigures.names()
