"""`powerpact assess`: every engine once per scenario, sharing work, then one folder of outputs.

The run is a list of stages. A stage runs one engine on every scenario (one progress bar each) and
may read what earlier stages produced for the same scenario, so that one dispatch feeds both the
plant appraisal and the gas drill. Outputs are written into a staging folder beside the target and
renamed into place only when complete, so Ctrl-C never leaves a half-written report behind.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from powerpact import __version__
from powerpact.adequacy import AdequacyFigures, MonteCarloOptions
from powerpact.dispatch import DispatchResult, DispatchSummary, ZoneFigures
from powerpact.economics import Appraisal, AppraisalFigures
from powerpact.gas import GAS_FIGURES, DrillResult, Indicators, NMinus1, SupplyStandard
from powerpact.progress import progress_bar
from powerpact.studies.credit_stage import CreditFigures, credit_stage
from powerpact.system import (
    DEFAULT_SYSTEM,
    InputError,
    System,
    embedded_scenarios,
    first_hours,
    load,
)
from powerpact.system.figures import Figures
from powerpact.system.load import embedded_path
from powerpact.system.metrics import Overview, overview
from powerpact.system.time import per_year

DEFAULT_SEED = 2025
DEFAULT_SAMPLES = 1000
DEFAULT_CREDIT_SAMPLES = 20


@dataclass(frozen=True)
class AssessOptions:
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    hours: int | None = None  # cut every scenario to its first N hours (quick looks, tests)
    robustness: str = "off"  # off | quick | full: see powerpact.studies.robustness
    # Adequacy over climate years ("all", or years and stress cases, as `adequacy
    # --climate-years`) and the demand forecast band; None and 0: the system's own year, as is.
    climate_years: str | None = None
    demand_band: float = 0.0
    # Sample-years of each run of the capacity-credit stage (headroom at the standard, ELCC of
    # each option: studies/credit_stage.py); 0 skips the stage.
    credit_samples: int = DEFAULT_CREDIT_SAMPLES
    # Paths of the volatility section (0: not run), and how: "quick" re-prices each scenario's
    # own dispatch to price paths (no extra dispatch); "exact" runs the study, every path of
    # climate years and prices a full dispatch (paths × scenarios dispatches).
    volatility_paths: int = 0
    volatility: str = "quick"
    # Least-cost expansion of the latest year's scenarios (studies/expand_compare.py): minutes
    # per scenario on the regional default, so off unless asked.
    expansion: bool = False
    # Starts, ramps and the value of flexibility of each new plant (studies/flexibility.py): four
    # dispatches per plant on representative weeks ("quick"), on the whole horizon ("full": tens
    # of minutes a plant on the regional default) or not at all ("off").
    flexibility: str = "quick"

    def monte_carlo(self) -> MonteCarloOptions:
        """The Monte Carlo options every adequacy run of assess uses."""
        chosen = None if self.climate_years is None else self.climate_years.split(",")
        return MonteCarloOptions(
            climate_years=None if chosen is None else [y.strip() for y in chosen if y.strip()],
            demand_band=self.demand_band,
        )


@dataclass(frozen=True)
class Stage:
    """One engine applied to one scenario; `run` sees earlier stages' results for that scenario."""

    key: str
    label: str
    run: Callable[[System, dict[str, Any], Context], Any]
    headline: Callable[[Any], dict[str, Any]]
    # The records whose fields are this stage's headline keys: what the report may read.
    figures: tuple[type[Figures], ...]

    def names(self) -> frozenset[str]:
        return frozenset().union(*(f.names() for f in self.figures))


@dataclass(frozen=True)
class Context:
    options: AssessOptions
    baseline: System
    references: Mapping[str, System]  # scenario name → the system it is compared with
    # What a stage keeps for later scenarios (the credit stage: each scenario's headroom).
    memo: dict[Any, Any] = field(default_factory=dict)


@dataclass
class ScenarioResult:
    name: str
    description: str
    assumptions: tuple[str, ...]
    system: System
    results: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def headline(self) -> dict[str, dict[str, Any]]:
        """Headline figures by stage, JSON-ready."""
        return {
            stage.key: stage.headline(self.results[stage.key])
            for stage in STAGES
            if self.results.get(stage.key) is not None
        }


@dataclass
class Assessment:
    scenarios: list[ScenarioResult]
    baseline: str
    options: AssessOptions
    started_utc: datetime
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)  # see `references`
    robustness: Any = None  # powerpact.studies.robustness.Robustness, when it ran
    # powerpact.studies.flexibility.FlexibilityResult of each new plant (unless --flexibility off)
    flexibility: list[Any] = field(default_factory=list)
    volatility: list[Any] = field(default_factory=list)  # studies.volatility.VolatilityResult
    expansion: Any = None  # powerpact.studies.expand_compare.ExpansionComparison, when it ran

    def by_name(self) -> dict[str, ScenarioResult]:
        return {s.name: s for s in self.scenarios}

    def headlines(self) -> dict[str, dict[str, dict[str, Any]]]:
        return {s.name: s.headline() for s in self.scenarios}


# --- scenario selection -----------------------------------------------------------------------


def select_inputs(scenarios: Sequence[str], system: Path | None) -> list[str | Path]:
    """What to load: the named scenarios (looked up in `system`/scenarios first), else every
    scenario of `system`, else `system` itself, else every embedded default scenario."""
    if system is not None and not (system / "system.yaml").is_file():
        system = embedded_path(str(system)) or system
    if system is not None and not (system / "system.yaml").is_file():
        raise InputError(str(system), "is not a system folder (no system.yaml)", field="system")
    folder = system / "scenarios" if system is not None else None
    if scenarios:
        chosen: list[str | Path] = []
        for name in scenarios:
            local = folder / f"{name}.yaml" if folder is not None else None
            chosen.append(local if local is not None and local.is_file() else name)
        return chosen
    if system is not None:
        found = sorted(folder.glob("*.yaml")) if folder is not None else []
        return list(found) or [system]
    return list(embedded_scenarios(DEFAULT_SYSTEM))


def load_inputs(inputs: Sequence[str | Path]) -> list[System]:
    return [load(item) for item in inputs]


def pick_baseline(names: Sequence[str], requested: str | None = None) -> str:
    """The scenario others are compared with: as asked, else one called baseline*, else first."""
    if requested is not None:
        if requested not in names:
            raise InputError(
                "--baseline", f"{requested!r} is not among the scenarios run", field="baseline"
            )
        return requested
    return next((n for n in names if n.startswith("baseline")), names[0])


def references(systems: Sequence[System], baseline: str) -> dict[str, str]:
    """What each scenario other than the baseline is compared with: the scenario it edits (its
    YAML `base:`) when that one is in the run, else the baseline. So a plant added after the coal
    closures is measured against the closures, not against today."""
    names = {s.name for s in systems}
    refs = {}
    for system in systems:
        base = system.scenario.base if system.scenario else None
        if system.name != baseline:
            refs[system.name] = base if base in names and base != system.name else baseline
    return refs


def reading_order(
    systems: Sequence[System], baseline: str, refs: Mapping[str, str]
) -> list[System]:
    """Baseline first, then by study year; within a year each scenario right after the one it is
    compared with, scenarios that others build on before those that none does."""
    parent = {name: ref for name, ref in refs.items() if ref != baseline}
    children: dict[str | None, list[System]] = {}
    for system in systems:
        children.setdefault(parent.get(system.name), []).append(system)
    order: list[System] = []

    def visit(name: str | None) -> None:
        # stable sort: input order among siblings, those with followers first
        for child in sorted(children.get(name, []), key=lambda s: s.name not in children):
            order.append(child)
            visit(child.name)

    visit(None)
    return sorted(order, key=lambda s: (s.name != baseline, s.year))


def input_paths(systems: Iterable[System]) -> set[Path]:
    """Every file and folder the scenarios were loaded from (their YAMLs, bases, profiles)."""
    from powerpact.system.load import input_paths as paths_of

    return {
        path
        for s in systems
        if s.origin
        for path in paths_of(s.scenario.file if s.scenario else s.origin)
    }


def check_out_dir(out: Path, systems: Iterable[System]) -> None:
    """Refuse, before running, an output folder that overlaps an input or is not powerpact's."""
    from powerpact import outputs_guard

    outputs_guard.check_inputs_outside(out, input_paths(systems))
    outputs_guard.check_writable(out)
    outputs_guard.check_claimable(out, "assess")


# --- stages -----------------------------------------------------------------------------------


def _overview_stage(system: System, done: dict[str, Any], context: Context) -> Any:
    return overview(system)


def _overview_headline(result: Overview | ZoneFigures) -> dict[str, Any]:
    data = result.to_dict()
    data.pop("scenario", None)
    return data


def _dispatch_stage(system: System, done: dict[str, Any], context: Context) -> Any:
    from powerpact import dispatch

    return dispatch.run(system)


def _dispatch_headline(result: DispatchResult) -> dict[str, Any]:
    # The same document `powerpact dispatch --json` prints.
    return result.summary().to_dict()


def _focus_stage(system: System, done: dict[str, Any], context: Context) -> Any:
    """The focus zone's own figures (Serbia's in the default) from the same dispatch: the
    `focus_zone` of `powerpact dispatch --json`, by one definition (DispatchResult.zone_figures)."""
    run = done.get("dispatch")
    return None if run is None else run.zone_figures(system.focus_zone)


def _adequacy_stage(system: System, done: dict[str, Any], context: Context) -> Any:
    from powerpact import adequacy
    from powerpact.adequacy.multiarea import is_multi_area

    samples, seed = context.options.samples, context.options.seed
    # The same engine `powerpact adequacy --method montecarlo` runs, so both print one number;
    # on several zones the system's result carries the zones' indices.
    options = context.options.monte_carlo()
    if is_multi_area(system):
        result = adequacy.monte_carlo_areas(system, samples, seed, options).system
    else:
        result = adequacy.monte_carlo(system, samples, seed, options)
    # The standard is per year; LOLE is per horizon (annualised when --hours cuts it).
    return result.against_standard(
        system.settings.reliability_standard_lole_hours, per_year(system, result.lole_hours)
    )


def _copt_stage(system: System, done: dict[str, Any], context: Context) -> Any:
    from powerpact import adequacy
    from powerpact.adequacy.multiarea import is_multi_area

    # The exact table pools zones; on several zones it would be the copper-plate answer, which
    # `powerpact adequacy --method copt` refuses too: no check figure then.
    return None if is_multi_area(system) else adequacy.copt(system)


@dataclass(frozen=True)
class GasResults:
    n_minus_1: NMinus1
    supply_standard: SupplyStandard
    indicators: Indicators
    drill: DrillResult | None  # None when the horizon has no winter day to drill

    def figures(self) -> list[Figures]:
        """The records of `powerpact gas`, in its order (GAS_FIGURES), the drill's if it ran."""
        parts: list[NMinus1 | SupplyStandard | Indicators | DrillResult | None] = [
            self.n_minus_1,
            self.supply_standard,
            self.indicators,
            self.drill,
        ]
        return [part.figures() for part in parts if part is not None]

    def headline(self) -> dict[str, Any]:
        return {k: v for part in self.figures() for k, v in part.to_dict().items()}


def _gas_stage(system: System, done: dict[str, Any], context: Context) -> Any:
    from powerpact import gas
    from powerpact.gas.common import winter_days

    dispatch = done.get("dispatch")
    burn_mcm_per_day = dispatch.gas_burn_mcm.sum(axis=1) if dispatch is not None else None
    return GasResults(
        n_minus_1=gas.n_minus_1(system),
        supply_standard=gas.supply_standard(system),
        # The dispatch adds what `powerpact gas` cannot know: the power plants' gas (so the import
        # dependency of all consumption) and the electricity imports; the rest is as `gas` has it.
        indicators=gas.indicators(
            system,
            power_gas_mcm_per_year=(
                per_year(system, float(burn_mcm_per_day.sum()))
                if burn_mcm_per_day is not None
                else None
            ),
            electricity_net_imports_mwh=dispatch.net_import_mwh if dispatch is not None else None,
        ),
        # The drill's own stress case, as `powerpact gas` runs it: gas plants ask for full output.
        drill=gas.drill(system) if len(winter_days(system)) else None,
    )


def new_thermal_plants(system: System, baseline: System) -> list[str]:
    """Fuel-burning generators of `system` that the baseline lacks, largest first."""
    gens = system.generators
    new = gens[
        ~gens.index.isin(baseline.generators.index)
        & (gens["fuel"] != "")
        & (gens["efficiency"] > 0)
    ]
    return list(new.sort_values("capacity_mw", ascending=False).index)


def appraisal_technology(system: System, plant: str) -> str:
    """The cost-table technology of `plant`: a design word in its name (nis-ccgt), its
    technology column if the table has it, or for gas plants the design of nearest efficiency."""
    from powerpact.economics import AppraisalOptions
    from powerpact.economics.costs import technology_of, technology_table

    try:
        return technology_of(plant, AppraisalOptions())
    except InputError:
        pass
    table = technology_table()
    row = system.generators.loc[plant]
    if str(row["technology"]).lower() in table.index:
        return str(row["technology"]).lower()
    designs = table.loc[[t for t in ("ccgt", "ocgt") if t in table.index], "efficiency"]
    if row["fuel"] == system.settings.gas.fuel and len(designs):
        return str((designs - row["efficiency"]).abs().idxmin())
    raise InputError(system.name, f"no cost data to appraise {plant!r}", field="plant")


@dataclass(frozen=True)
class PlantAppraisals:
    appraisals: dict[str, Appraisal]  # plant name, largest plant first

    def headline(self) -> dict[str, Any]:
        """The largest new plant's figures, plus every plant's under `plants`."""
        each = {name: a.headline() for name, a in self.appraisals.items()}
        return {**next(iter(each.values())), "plants": each}


def _economics_stage(system: System, done: dict[str, Any], context: Context) -> Any:
    from powerpact import economics
    from powerpact.studies.appraisal import appraise

    plants = new_thermal_plants(system, context.references.get(system.name, context.baseline))
    if not plants:
        return None
    options = {
        p: economics.AppraisalOptions(
            technology=appraisal_technology(system, p),
            risk=economics.RiskOptions(seed=context.options.seed),
        )
        for p in plants
    }
    return PlantAppraisals(
        {
            plant: appraise(system, plant, options[plant], dispatch=done.get("dispatch"))
            for plant in plants
        }
    )


def _headline_method(result: Any) -> dict[str, Any]:
    return result.headline()


STAGES: list[Stage] = [
    Stage("overview", "System overview", _overview_stage, _overview_headline, (Overview,)),
    Stage(
        "dispatch", "Dispatch (hourly LP)", _dispatch_stage, _dispatch_headline, (DispatchSummary,)
    ),
    Stage("focus", "Focus zone and trade", _focus_stage, _overview_headline, (ZoneFigures,)),
    Stage(
        "adequacy", "Adequacy (Monte Carlo)", _adequacy_stage, _headline_method, (AdequacyFigures,)
    ),
    Stage(
        "adequacy_copt", "Adequacy (COPT check)", _copt_stage, _headline_method, (AdequacyFigures,)
    ),
    Stage(
        "credit",
        "Headroom and capacity credit",
        credit_stage,
        _headline_method,
        (CreditFigures,),
    ),
    Stage("gas", "Gas security", _gas_stage, _headline_method, GAS_FIGURES),
    Stage("economics", "Plant appraisal", _economics_stage, _headline_method, (AppraisalFigures,)),
]


# --- running ----------------------------------------------------------------------------------


def assess(
    systems: Sequence[System],
    options: AssessOptions | None = None,
    baseline: str | None = None,
    show_progress: bool | None = None,
) -> Assessment:
    """Run every stage on every scenario; `systems` are loaded scenarios, unique by name."""
    options = options or AssessOptions()
    if options.hours is not None:
        systems = [first_hours(s, options.hours) for s in systems]
    names = [s.name for s in systems]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(duplicates[0], "two inputs have this scenario name; rename one")
    base_name = pick_baseline(names, baseline)
    refs = references(systems, base_name)
    systems = reading_order(systems, base_name, refs)
    scenarios = [
        ScenarioResult(
            name=s.name,
            description=s.scenario.description if s.scenario else s.settings.description,
            assumptions=s.scenario.assumptions if s.scenario else (),
            system=s,
        )
        for s in systems
    ]
    by_name = {s.name: s for s in systems}
    context = Context(
        options=options,
        baseline=systems[0],
        references={name: by_name[ref] for name, ref in refs.items()},
    )
    assessment = Assessment(scenarios, base_name, options, datetime.now(UTC), references=refs)
    start = time.perf_counter()
    with progress_bar(
        disable=None if show_progress is None else not show_progress, plain=True
    ) as bar:
        for stage in STAGES:
            task = bar.add_task(stage.label, total=len(scenarios))
            stage_start = time.perf_counter()
            for scenario in scenarios:
                tick = time.perf_counter()
                scenario.results[stage.key] = stage.run(scenario.system, scenario.results, context)
                scenario.seconds[stage.key] = time.perf_counter() - tick
                bar.advance(task)
            assessment.stage_seconds[stage.key] = time.perf_counter() - stage_start
    if options.robustness != "off":
        from powerpact.studies.robustness import study

        assessment.robustness = study(assessment, options.robustness, show_progress)
        assessment.stage_seconds["robustness"] = assessment.robustness.seconds
    if options.volatility_paths:
        assessment.volatility = _volatility(assessment)
        assessment.stage_seconds["volatility"] = sum(r.seconds for r in assessment.volatility)
    if options.flexibility != "off":
        from powerpact.studies.flexibility import of_assessment

        tick = time.perf_counter()
        assessment.flexibility = of_assessment(assessment, options.flexibility)
        assessment.stage_seconds["flexibility"] = time.perf_counter() - tick
    if options.expansion:
        from powerpact.studies.expand_compare import compare

        assessment.expansion = compare(assessment)
        assessment.stage_seconds["expansion"] = assessment.expansion.seconds
    assessment.seconds = time.perf_counter() - start
    return assessment


VOLATILITY_FORMS = ("quick", "exact")


def _volatility(assessment: Assessment) -> list[Any]:
    """The volatility section on each scenario (docs/volatility.md, "In assess"): the quick
    form (its own dispatch re-priced to the price paths, no extra dispatch) or the study with
    every path dispatched, over the same paths for every scenario."""
    from powerpact.studies.volatility import OptionSpec, VolatilityOptions, of_dispatch, volatility

    form = assessment.options.volatility
    if form not in VOLATILITY_FORMS:
        raise InputError("--volatility", f"must be one of {', '.join(VOLATILITY_FORMS)}")
    out = []
    for scenario in assessment.scenarios:
        run = scenario.results.get("dispatch")
        if run is None:
            continue
        options = VolatilityOptions(
            paths=assessment.options.volatility_paths,
            seed=assessment.options.seed,
            zone=scenario.system.focus_zone,
            method="exact",
        )
        reference = assessment.references.get(scenario.name)
        if form == "quick":
            out.append(of_dispatch(scenario.system, run, options, reference))
        else:
            option = OptionSpec(scenario.name, scenario.name, "", reference, scenario.system)
            out.append(volatility(option, options))
    return out


def _version_of(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _solver(assessment: Assessment) -> dict[str, Any]:
    """The LP solver as the dispatch reported it, and the Python binding's version."""
    runs = [s.results["dispatch"] for s in assessment.scenarios if s.results.get("dispatch")]
    solver = {"name": runs[0].solver, "version": runs[0].solver_version} if runs else {}
    return {**solver, "highspy_version": _version_of("highspy")}


def provenance(assessment: Assessment) -> dict[str, Any]:
    """What produced these numbers: enough to reproduce them."""
    options = assessment.options
    return {
        "powerpact_version": __version__,
        "python_version": platform.python_version(),
        "platform": platform.platform(),
        "started_utc": assessment.started_utc.isoformat(timespec="seconds"),
        "run_time_s": round(assessment.seconds, 3),
        "seed": options.seed,
        "monte_carlo_samples": options.samples,
        "hours": options.hours,
        "solver": _solver(assessment),
        "baseline": assessment.baseline,
        "compared_with": assessment.references,
        "input_hashes": {s.name: dict(s.system.input_hashes) for s in assessment.scenarios},
        "input_origin": {s.name: s.system.origin for s in assessment.scenarios},
    }


# --- writing ----------------------------------------------------------------------------------


def write_outputs(
    assessment: Assessment,
    out: Path,
    write: Callable[[Assessment, Path], None],
) -> Path:
    """Let `write` fill a staging folder, then swap it for `out` in one step.

    Whatever stops `write` (an error, Ctrl-C, a kill) leaves `out` as it was. Only files an
    earlier assess wrote are replaced; see `powerpact.outputs_guard`.
    """
    from powerpact.outputs_guard import replace_outputs

    return replace_outputs(out, "assess", lambda staging: write(assessment, staging))
