"""How robust is each conclusion of the verdict? The input value at which it would flip.

Conclusions: for every scenario compared with a reference, whether system operating cost and
power-sector CO2 rise or fall; for every scenario, whether the firm capacity margin is above
zero, whether the loss-of-load expectation meets the adequacy standard (`LOLE_STANDARD_H`) and
whether gas N-1 reaches 100 %; for every appraised plant, the sign of its NPV at today's prices.

Inputs: gas price, carbon price, neighbours' price level, demand, import availability, hydro
year, and every group of values that the system's `sources.csv` marks as an assumption (source
`assumption`, or a note that starts with `assumption`).

Design: one at a time (a tornado). Each input is moved to the low and the high end of a stated
plausible range while all others stay at their base; every scenario is rebuilt at that value as
a scenario overlay by the sweep machinery (`powerpact.studies.sweep.point`), except neighbour
prices and hydro energy, which have no single overlay key and are scaled on the loaded System
(neighbour prices: the edge markets' and, on a regional system, the other zones' fuel prices and
the EU ETS price when the focus zone is outside the EU, so the input means the neighbours' price
level on one zone and on the region alike); the
same engines as `assess` run on it. A conclusion flips where its figure crosses the threshold;
the break-even is located by linear interpolation between the two evaluated points that bracket
the crossing (base and low, or base and high), so it is an estimate whose error grows with the
curvature of the response. Interactions between inputs are not explored.

`quick`: the three inputs that drive cost, carbon and the plants' NPV (gas, carbon and
neighbour prices) on the first `QUICK_HOURS` hours; `full`: every input on the assessment's
horizon with its Monte Carlo samples.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from powerpact.progress import progress_bar
from powerpact.system import InputError, System, scaled, variant
from powerpact.system.carbon import eu_members, zonal

if TYPE_CHECKING:
    from powerpact.studies.assess import Assessment

Mode = Literal["off", "quick", "full"]
MODES: tuple[str, ...] = ("off", "quick", "full")

# The adequacy standard: 3 hours a year of loss-of-load expectation, the reliability standard
# of Great Britain (DECC, EMR Delivery Plan, Dec 2013), France (Code de l'énergie, art.
# D141-12-6) and Belgium (loi du 29 avril 1999, art. 7undecies), the most common value in Europe.
LOLE_STANDARD_H = 3.0
LOLE_STANDARD_SOURCE = (
    "3 h/yr: reliability standard of Great Britain (DECC, EMR Delivery Plan, 2013), France "
    "(Code de l'énergie, art. D141-12-6) and Belgium (law of 29 April 1999), the most common "
    "value among European reliability standards (ACER, Security of EU electricity supply, 2022)"
)
# Changes below the verdict's own floors are reported as "unchanged" there, so no conclusion.
COST_FLOOR_EUR = 0.5e6
CO2_FLOOR_T = 500.0
# The short horizon of `quick`: the first four weeks (winter, when security matters most).
QUICK_HOURS = 672

Kind = Literal["cost", "co2", "margin", "lole", "n1", "npv"]
PRICE_KINDS: frozenset[str] = frozenset({"cost", "co2", "npv"})
ALL_KINDS: frozenset[str] = frozenset({"cost", "co2", "margin", "lole", "n1", "npv"})


# --- conclusions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conclusion:
    kind: str
    scenario: str
    reference: str | None = None  # cost and CO2: the scenario compared with
    plant: str | None = None  # npv
    threshold: float = 0.0
    unit: str = ""

    def metric(self, headlines: Mapping[str, Mapping[str, Any]]) -> float | None:
        """The figure minus its threshold: the conclusion flips where this changes sign."""
        h = headlines.get(self.scenario, {})
        if self.kind in ("cost", "co2"):
            key = "cost_without_lost_load_eur" if self.kind == "cost" else "co2_t"
            ref = headlines.get(self.reference or "", {})
            new, old = _get(h, "dispatch", key), _get(ref, "dispatch", key)
            return None if new is None or old is None else new - old
        if self.kind == "npv":
            plants = _get(h, "economics", "plants") or {}
            npv = plants.get(self.plant, {}).get("npv_eur") if isinstance(plants, dict) else None
            return None if npv is None or not math.isfinite(npv) else float(npv)
        stage, key = {
            "margin": ("overview", "capacity_margin_percent"),
            "lole": ("adequacy", "lole_hours"),
            "n1": ("gas", "n_minus_1_percent"),
        }[self.kind]
        figure = _get(h, stage, key)
        return None if figure is None else figure - self.threshold

    def text(self, metric: float) -> str:
        """The conclusion as the base case states it."""
        up = metric > 0
        if self.kind == "cost":
            return f"system operating cost {'rises' if up else 'falls'} against {self.reference}"
        if self.kind == "co2":
            return f"power-sector CO2 {'rises' if up else 'falls'} against {self.reference}"
        if self.kind == "margin":
            return f"firm capacity margin is {'above' if up else 'below'} zero"
        if self.kind == "lole":
            side = "above" if up else "within"
            return f"loss-of-load expectation is {side} the {LOLE_STANDARD_H:g} h/yr standard"
        if self.kind == "n1":
            return f"gas N-1 {'meets' if metric >= 0 else 'misses'} the 100 % standard"
        return f"NPV of {self.plant} is {'positive' if up else 'negative'} at today's prices"


def _get(headline: Mapping[str, Any], stage: str, key: str) -> Any:
    value = (headline.get(stage) or {}).get(key)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def conclusions(
    headlines: Mapping[str, Mapping[str, Any]], baseline: str, references: Mapping[str, str]
) -> list[Conclusion]:
    """Every conclusion the base figures support, in reading order."""
    found: list[Conclusion] = []
    for name in headlines:
        ref = references.get(name)
        if ref is not None:
            for kind, floor, unit in (
                ("cost", COST_FLOOR_EUR, "EUR/yr"),
                ("co2", CO2_FLOOR_T, "t/yr"),
            ):
                c = Conclusion(kind, name, reference=ref, unit=unit)
                m = c.metric(headlines)
                if m is not None and abs(m) >= floor:
                    found.append(c)
        for kind, threshold, unit in (
            ("margin", 0.0, "%"),
            ("lole", LOLE_STANDARD_H, "h/yr"),
            ("n1", 100.0, "%"),
        ):
            c = Conclusion(kind, name, threshold=threshold, unit=unit)
            if c.metric(headlines) is not None:
                found.append(c)
        plants = _get(headlines[name], "economics", "plants") or {}
        for plant in plants:
            c = Conclusion("npv", name, plant=plant, unit="EUR")
            if c.metric(headlines) is not None:
                found.append(c)
    return found


# --- uncertain inputs -------------------------------------------------------------------------


@dataclass(frozen=True)
class UncertainInput:
    key: str
    label: str
    unit: str
    low: float
    high: float
    why: str  # where the range comes from
    affects: frozenset[str]  # conclusion kinds the input enters (the engines that read it)
    base: Callable[[System], float]
    # the overlay edits (sweep targets) for a value, or None when the input is not an overlay
    edits: Callable[[System, float], dict[str, float]] | None = None
    # else an in-memory change of the loaded system
    transform: Callable[[System, float], System] | None = None
    quick: bool = False
    rows: tuple[str, ...] = ()  # for assumption groups, the items of sources.csv

    def describe(self) -> dict[str, Any]:
        return {
            "input": self.label,
            "key": self.key,
            "unit": self.unit,
            "low_value": self.low,
            "high_value": self.high,
            "range_source": self.why,
            "affects": sorted(self.affects),
            "how": "scenario overlay" if self.edits is not None else "scaled in memory",
            "in_quick": self.quick,
            **({"sources_items": list(self.rows)} if self.rows else {}),
        }


def _gas_fuel(system: System) -> str:
    return system.settings.gas.fuel


def _neighbour_prices(system: System, factor: float) -> System:
    """Every price the neighbours' power is made at, times `factor`: the edge markets' hourly
    prices and, on a regional system, the fuel prices of every zone but the focus zone and the
    EU ETS price (when the focus zone pays its own carbon price, not the ETS's), so that a
    neighbour zone's power price moves like an edge market's."""
    settings = system.settings
    others = [z for z in settings.zones if z != system.focus_zone]
    overlay: dict[str, Any] = {}
    if others:
        overlay["fuels"] = {
            name: {"price_eur_per_mwh_th_by_zone": {z: fuel.price_in(z) * factor for z in others}}
            for name, fuel in settings.fuels.items()
        }
    carbon = zonal(settings)
    if carbon is not None and others and system.focus_zone not in eu_members(settings):
        overlay["carbon"] = {
            "ets_price_eur_per_t_by_year": {
                int(y): p * factor for y, p in carbon.ets_price_eur_per_t_by_year.items()
            }
        }
    moved = variant(system, {"settings": overlay}) if overlay else system
    return scaled(moved, market_prices=factor)


def _hydro(system: System, factor: float) -> System:
    return scaled(system, hydro_energy=factor)


def _availability_edits(system: System, factor: float) -> dict[str, float]:
    return {
        f"settings.markets.{name}.import_availability": min(
            1.0, market.import_availability * factor
        )
        for name, market in system.settings.markets.items()
    }


NAMED_INPUTS: tuple[UncertainInput, ...] = (
    UncertainInput(
        "gas_price",
        "gas price",
        "EUR/MWh_th",
        20.0,
        60.0,
        "TTF front-month traded roughly 25-55 EUR/MWh through 2023-2025 (ACER/ICE Endex); "
        "widened to 20-60 (the default's 36 is a 2025 proxy, sources.csv)",
        PRICE_KINDS,
        base=lambda s: s.settings.fuels[_gas_fuel(s)].price_eur_per_mwh_th,
        edits=lambda s, x: {f"settings.fuels.{_gas_fuel(s)}.price_eur_per_mwh_th": x},
        quick=True,
    ),
    UncertainInput(
        "carbon_price",
        "carbon price",
        "EUR/t",
        0.0,
        100.0,
        "0 today (Serbia has no carbon price; sources.csv) up to 100, about the EU ETS peak of "
        "2023, for an ETS or CBAM-aligned price",
        PRICE_KINDS,
        base=lambda s: s.settings.co2_price_eur_per_t,
        edits=lambda s, x: {"settings.co2_price_eur_per_t": x},
        quick=True,
    ),
    UncertainInput(
        "neighbour_prices",
        "neighbours' price level",
        "x base",
        0.6,
        1.4,
        "±40 % on every hour of the neighbouring markets' prices (on a regional system also on "
        "the fuel prices of the zones around the focus zone and on the EU ETS price, which make "
        "their power prices): the 2023-2025 annual means of "
        "the SEE day-ahead markets moved by about that much year on year (sources.csv annual "
        "means, 2024 vs 2022 far more)",
        PRICE_KINDS,
        base=lambda s: 1.0,
        transform=_neighbour_prices,
        quick=True,
    ),
    UncertainInput(
        "demand",
        "demand level",
        "x base",
        0.95,
        1.10,
        "-5 % to +10 % on hourly demand: a mild or cold, slow or fast-growing year around the "
        "scenario's own forecast (judgement; the 2032 scenarios already add trend growth)",
        frozenset({"cost", "co2", "npv", "margin", "lole"}),
        base=lambda s: 1.0,
        edits=lambda s, x: {"demand.scale": x},
    ),
    UncertainInput(
        "import_availability",
        "import availability",
        "x base",
        0.5,
        1.5,
        "±50 % on each market's import availability (an assumption in sources.csv), capped at 1",
        frozenset({"cost", "co2", "npv", "lole"}),
        base=lambda s: 1.0,
        edits=_availability_edits,
    ),
    UncertainInput(
        "hydro_year",
        "hydro year (reservoir energy)",
        "x base",
        0.75,
        1.25,
        "±25 % on monthly reservoir inflow energy: a dry or a wet year (Serbian hydro output "
        "varies by about a fifth between years); run-of-river profiles are not scaled",
        frozenset({"cost", "co2", "npv", "lole"}),
        base=lambda s: 1.0,
        transform=_hydro,
    ),
)

# Assumed columns of the tables: the range of the factor on the assumed values, why, and the
# conclusions the column enters. Columns not listed get ±50 % and every kind.
ASSUMED_RANGES: dict[tuple[str, str], tuple[float, float, str, frozenset[str]]] = {
    ("generators", "mttr_h"): (
        48 / 72,
        96 / 72,
        "2-4 days, the note of the assumption itself",
        frozenset({"lole"}),
    ),
    ("generators", "min_stable_mw"): (
        0.8,
        1.2,
        "40-60 % of capacity, the range the assumption cites (Agora Energiewende 2017)",
        PRICE_KINDS,
    ),
    ("generators", "forced_outage_rate"): (
        0.5,
        1.5,
        "±50 %: an unsourced rate",
        frozenset({"margin", "lole"}),
    ),
    ("generators", "efficiency"): (0.9, 1.1, "±10 %: an unsourced efficiency", PRICE_KINDS),
    ("storage", "forced_outage_rate"): (
        0.5,
        1.5,
        "±50 %: an unsourced rate",
        frozenset({"margin", "lole"}),
    ),
    ("storage", "mttr_h"): (0.5, 1.5, "±50 %: an unsourced repair time", frozenset({"lole"})),
    ("interconnectors", "forced_outage_rate"): (
        0.5,
        1.5,
        "±50 %: an unsourced rate",
        frozenset({"lole"}),
    ),
    ("interconnectors", "mttr_h"): (0.5, 1.5, "±50 %: an unsourced time", frozenset({"lole"})),
    ("gas_entries", "outage_rate_per_year"): (
        0.5,
        1.5,
        "±50 %: an unsourced rate",
        frozenset({"lole"}),
    ),
    ("gas_entries", "outage_duration_days"): (
        0.5,
        1.5,
        "±50 %: an unsourced duration",
        frozenset({"lole"}),
    ),
}
# Why some assumptions are not varied.
NOT_VARIED = {
    ("generators", "units"): "a unit count, not a quantity a factor can move",
    ("generators", "capacity_mw"): "an assumed split of a sourced total; the total is not assumed",
}


@dataclass
class Inventory:
    inputs: list[UncertainInput] = field(default_factory=list)
    not_varied: list[dict[str, Any]] = field(default_factory=list)


def _is_assumption(row: pd.Series) -> bool:
    source = str(row.get("source", "")).strip().lower()
    note = str(row.get("note", "")).strip().lower()
    return source == "assumption" or note.startswith("assumption")


def _table_limit(table: str, column: str) -> float:
    from powerpact.system.tables import TABLES

    spec = TABLES[table].columns[column]
    if spec.high is None:
        return math.inf
    return spec.high * (0.999 if spec.high_open else 1.0)


def _assumed_edits(
    table: str, column: str, rows: tuple[str, ...]
) -> Callable[[System, float], dict[str, float]]:
    limit = _table_limit(table, column)

    def edits(system: System, factor: float) -> dict[str, float]:
        frame = getattr(system, table)
        present = [r for r in rows if r in frame.index and column in frame.columns]
        return {
            f"{table}.{r}.{column}": min(limit, float(frame.at[r, column]) * factor)
            for r in present
            if pd.notna(frame.at[r, column])
        }

    return edits


def inventory(system: System) -> Inventory:
    """The named inputs, and one input per assumed column of sources.csv that an overlay can
    vary; the assumptions that cannot be varied, with the reason."""
    from powerpact.system.tables import EDITABLE_TABLES

    found = Inventory(inputs=list(NAMED_INPUTS))
    sources = system.sources
    if sources is None or not len(sources):
        return found
    groups: dict[tuple[str, str], list[str]] = {}
    for _, row in sources[sources.apply(_is_assumption, axis=1)].iterrows():
        parts = str(row["item"]).split(":")
        table = parts[0].removesuffix(".csv")
        if table == "system.yaml":
            covered = {
                "co2_price_eur_per_t": "carbon price",
                "price_eur_per_mwh_th": "gas price",
                "import_availability": "import availability",
            }
            what = next((v for k, v in covered.items() if parts[-1].endswith(k)), None)
            if what is None:
                found.not_varied.append(
                    {"item": row["item"], "reason": "a system.yaml setting without a range here"}
                )
            continue
        if len(parts) != 3 or table not in EDITABLE_TABLES:
            found.not_varied.append(
                {
                    "item": row["item"],
                    "reason": "built into the time series or the scenario files; "
                    "no overlay key varies it",
                }
            )
            continue
        groups.setdefault((table, parts[2]), []).append(parts[1])
    for (table, column), rows in groups.items():
        items = tuple(f"{table}.csv:{r}:{column}" for r in rows)
        if (table, column) in NOT_VARIED:
            found.not_varied += [{"item": i, "reason": NOT_VARIED[(table, column)]} for i in items]
            continue
        values = getattr(system, table).reindex(rows)[column] if column else pd.Series()
        if not len(values.dropna()) or not values.fillna(0).abs().sum():
            found.not_varied += [
                {"item": i, "reason": "assumed value is empty or zero: a factor cannot move it"}
                for i in items
            ]
            continue
        low, high, why, affects = ASSUMED_RANGES.get(
            (table, column), (0.5, 1.5, "±50 %: an unsourced assumption", ALL_KINDS)
        )
        found.inputs.append(
            UncertainInput(
                f"assumed.{table}.{column}",
                f"assumed {table} {column} ({len(rows)} rows)",
                "x assumed",
                low,
                high,
                why,
                affects,
                base=lambda s: 1.0,
                edits=_assumed_edits(table, column, tuple(rows)),
                rows=items,
            )
        )
    return found


# --- evaluation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluator:
    """The engines of `assess`, run only for the conclusion kinds asked."""

    samples: int
    seed: int
    plants: Mapping[str, Sequence[str]]  # scenario → plants appraised in the base run
    technologies: Mapping[str, str]  # plant → cost-table technology

    def __call__(self, system: System, name: str, kinds: frozenset[str]) -> dict[str, Any]:
        from powerpact.system.metrics import overview

        out: dict[str, Any] = {}
        if "margin" in kinds:
            out["overview"] = {"capacity_margin_percent": overview(system).capacity_margin_percent}
        run = None
        if kinds & PRICE_KINDS:
            from powerpact import dispatch
            from powerpact.studies.assess import _dispatch_headline

            run = dispatch.run(system)
            out["dispatch"] = _dispatch_headline(run)
        if "lole" in kinds:
            from powerpact import adequacy

            out["adequacy"] = adequacy.monte_carlo(system, self.samples, self.seed).headline()
        if "n1" in kinds:
            from powerpact import gas

            out["gas"] = gas.n_minus_1(system).headline()
        if "npv" in kinds and self.plants.get(name) and run is not None:
            from powerpact.economics import AppraisalOptions
            from powerpact.studies.appraisal import appraise

            out["economics"] = {
                "plants": {
                    plant: {
                        "npv_eur": appraise(
                            system,
                            plant,
                            AppraisalOptions(technology=self.technologies[plant]),
                            dispatch=run,
                            risk=False,
                        ).npv_eur
                    }
                    for plant in self.plants[name]
                }
            }
        return out


def _variant(item: UncertainInput, system: System, value: float, hours: int | None) -> System:
    from powerpact.studies.assess import first_hours
    from powerpact.studies.sweep.point import load_scenario, overlay_scenario

    if item.edits is not None:
        base = system.scenario.file if system.scenario else system.origin
        edits = item.edits(system, value)
        variant = (
            load_scenario(overlay_scenario(system.name, str(base), edits)) if edits else system
        )
    else:
        assert item.transform is not None
        variant = item.transform(system, value)
    return first_hours(variant, hours) if hours else variant


def interpolate(base_x: float, base_m: float, end_x: float, end_m: float | None) -> float | None:
    """Where the metric crosses zero between base and an end, on the straight line through
    the two points; None when it does not cross there."""
    if end_m is None or np.sign(end_m) == np.sign(base_m):
        return None
    if end_m == base_m:
        return end_x
    return base_x + (end_x - base_x) * base_m / (base_m - end_m)


def _entry(
    conclusion: Conclusion,
    item: UncertainInput,
    base_x: float,
    metrics: tuple[float | None, float, float | None],
    horizon: int,
    stated: float,
    error: str = "",
) -> dict[str, Any]:
    """`stated`: the figure of the assessment itself; on a shorter horizon `metrics` may not
    reproduce its conclusion, and then no break-even is claimed."""
    low_m, base_m, high_m = metrics
    agrees = bool(np.sign(stated) == np.sign(base_m))
    crossings = [
        (abs(x - base_x), x)
        for x in (
            interpolate(base_x, base_m, item.low, low_m),
            interpolate(base_x, base_m, item.high, high_m),
        )
        if x is not None
    ]
    break_even = min(crossings)[1] if crossings and agrees else None
    if not agrees:
        reason = (
            f"on the {horizon:,}-hour horizon of this check the base case does not reproduce "
            "the conclusion of the full run; run --robustness full"
        )
    elif break_even is not None:
        reason = None
    elif low_m is None or high_m is None:
        reason = "a figure is missing at an end of the range" + (f" ({error})" if error else "")
    elif low_m == base_m == high_m:
        reason = "the input does not move this figure"
    else:
        reason = (
            f"does not flip between {item.low:g} and {item.high:g} {item.unit}: a straight-line "
            "extrapolation beyond the range would be a guess"
        )
    return {
        "conclusion": conclusion.text(stated),
        "kind": conclusion.kind,
        "scenario": conclusion.scenario,
        "reference": conclusion.reference,
        "plant": conclusion.plant,
        "input": item.label,
        "input_key": item.key,
        "unit": item.unit,
        "base_value": base_x,
        "break_even_value": break_even,
        "flips_within_range": (break_even is not None) if agrees else None,
        "low_value": item.low,
        "high_value": item.high,
        "figure_unit": conclusion.unit,
        "threshold": conclusion.threshold,
        "margin_at_low": low_m,
        "margin_at_base": base_m,
        "margin_at_high": high_m,
        "horizon_hours": horizon,
        "reason": reason,
    }


def _errors(conclusion: Conclusion, ends: Mapping[float, Mapping[str, Any]]) -> str:
    """The engines' errors at either end for the scenarios the conclusion reads."""
    names = [conclusion.scenario, conclusion.reference]
    return "; ".join(
        f"{name} at {value:g}: {runs[name]['error']}"
        for value, runs in ends.items()
        for name in names
        if name is not None and name in runs and "error" in runs[name]
    )


@dataclass
class Robustness:
    mode: str
    entries: list[dict[str, Any]]
    method: dict[str, Any]
    seconds: float


def _plants(assessment: Assessment) -> tuple[dict[str, list[str]], dict[str, str]]:
    plants: dict[str, list[str]] = {}
    techs: dict[str, str] = {}
    for s in assessment.scenarios:
        appraisals = s.results.get("economics")
        if appraisals is None:
            continue
        plants[s.name] = list(appraisals.appraisals)
        for plant, appraisal in appraisals.appraisals.items():
            techs[plant] = appraisal.technology
    return plants, techs


def study(
    assessment: Assessment,
    mode: str = "quick",
    show_progress: bool | None = None,
    inputs: Sequence[UncertainInput] | None = None,
) -> Robustness | None:
    """Every conclusion against every input of the mode (or the `inputs` given): see the
    module's docstring."""
    if mode not in MODES:
        raise InputError("--robustness", f"must be one of {', '.join(MODES)}, got {mode!r}")
    if mode == "off":
        return None
    from powerpact.studies.assess import first_hours

    start = time.perf_counter()
    headlines = assessment.headlines()
    found = conclusions(headlines, assessment.baseline, assessment.references)
    systems = {s.name: s.system for s in assessment.scenarios}
    baseline_system = systems[assessment.baseline]
    stock = inventory(baseline_system)
    if inputs is None:
        inputs = [i for i in stock.inputs if i.quick] if mode == "quick" else stock.inputs
    n_hours = baseline_system.n_hours
    # Variants are rebuilt from the scenario files: cut them to the horizon as the base was cut.
    hours = min(QUICK_HOURS, n_hours) if mode == "quick" else n_hours
    horizon = hours
    plants, techs = _plants(assessment)
    samples = assessment.options.samples
    evaluate = Evaluator(samples, assessment.options.seed, plants, techs)
    kinds_used = {c.kind for c in found}
    # The base: the assessment's own figures when the horizon is the same, else re-run.
    if hours >= n_hours:
        base = headlines
    else:
        wanted = frozenset(kinds_used & set().union(*(i.affects for i in inputs)))
        base = {
            name: evaluate(first_hours(system, hours), name, wanted)
            for name, system in systems.items()
        }
    entries: list[dict[str, Any]] = []
    with progress_bar(
        disable=None if show_progress is None else not show_progress, plain=True
    ) as bar:
        task = bar.add_task(f"Robustness ({mode})", total=2 * len(inputs))
        for item in inputs:
            relevant = [c for c in found if c.kind in item.affects]
            kinds = frozenset(c.kind for c in relevant)
            needed = sorted(
                {c.scenario for c in relevant} | {c.reference for c in relevant if c.reference}
            )
            ends: dict[float, dict[str, Any]] = {}
            for value_at in (item.low, item.high):
                ends[value_at] = {}
                for name in needed:
                    system = systems[name]
                    x = value_at
                    try:
                        variant = _variant(item, system, x, hours)
                        ends[value_at][name] = evaluate(variant, name, kinds)
                    except Exception as exc:  # one failed variant never stops the study
                        ends[value_at][name] = {"error": f"{type(exc).__name__}: {exc}"}
                bar.advance(task)
            for conclusion in relevant:
                base_m, stated = conclusion.metric(base), conclusion.metric(headlines)
                if base_m is None or stated is None:
                    continue
                base_x = item.base(systems[conclusion.scenario])
                entries.append(
                    _entry(
                        conclusion,
                        item,
                        base_x,
                        (
                            conclusion.metric(ends[item.low]),
                            base_m,
                            conclusion.metric(ends[item.high]),
                        ),
                        horizon,
                        stated,
                        _errors(conclusion, ends),
                    )
                )
    seconds = time.perf_counter() - start
    method = {
        "mode": mode,
        "design": "one at a time: each input at the low and high end of its range, others at "
        "base; break-even by linear interpolation between the base and the end that brackets "
        "the crossing",
        "horizon_hours": horizon,
        "monte_carlo_samples": samples,
        "seed": assessment.options.seed,
        "lole_standard_h": LOLE_STANDARD_H,
        "lole_standard_source": LOLE_STANDARD_SOURCE,
        "inputs": [i.describe() for i in inputs],
        "not_varied": stock.not_varied,
        "conclusions": len(found),
        "seconds": round(seconds, 3),
    }
    return Robustness(mode, entries, method, seconds)
