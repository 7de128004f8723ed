"""assess's capacity-credit stage: each scenario's headroom at the reliability standard, and the
capacity credit (ELCC) of what an option scenario adds to the scenario it is compared with.

An *option* is what a scenario adds to the scenario it is compared with: a transmission path
(the green corridor's right), else its new dispatchable plants (the Niš CCGT or OCGT). Its credit
is the difference of two headrooms (studies/headroom.py): the scenario's, and the scenario's
without the option, taken out as `adequacy --elcc` takes it out (a path: its right unused, its
capacity still reserved on the legs). So it is the option's own credit, the classic ELCC on
LOLE at the standard, whatever else the scenario changes (the corridor's plants and cable, a
plant's gas contract).

The added load goes to the focus zone (`System.focus_zone`, Serbia in the default): the
headroom is the demand the zone the study is about can add before the *system's* LOLE (any zone
short) reaches the standard, and an option's credit is counted in that zone's load. Spreading it
over the region instead (as `adequacy --elcc` does by default) gives the region's headroom,
which the neighbours' margins dominate, and makes every zone short at once, which is slower.

Headrooms take many Monte Carlo runs, so the stage uses its own, smaller sample count
(`AssessOptions.credit_samples`, reported with every figure and its error) and starts each
search at a nearby headroom: the reference's (computed first, in assess's reading order), and
for the scenario without its option, the scenario's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from powerpact.adequacy import MonteCarloOptions
from powerpact.studies.capacity_credit import without_resource
from powerpact.studies.headroom import Headroom, credit, headroom
from powerpact.system import System
from powerpact.system.figures import Figures, optional

if TYPE_CHECKING:
    from powerpact.studies.assess import Context

# Final bracket of every headroom search (MW): its resolution, 50/√12 ≈ 14 MW, is in the error.
TOLERANCE_MW = 50.0
# First step of a search without a reference to start from, as a share of the zone's peak.
COLD_STEP_SHARE = 0.05


@dataclass(frozen=True)
class CreditFigures(Figures):
    """`credit` in assess's results.json: headroom at the standard and, for an option, its ELCC."""

    reliability_standard_lole_hours: float
    headroom_zone: str  # where the added load goes: the focus zone (Serbia in the default)
    headroom_mw: float | None  # None: LOLE at or above the standard with no load added
    headroom_mw_stderr: float | None
    credit_samples: int  # Monte Carlo sample-years of every run of this stage
    credit_runs: int  # Monte Carlo runs of this scenario's searches
    # Headroom less that of the scenario it is compared with (its whole change, errors taken
    # sample by sample as for the ELCC); the baseline has none.
    headroom_change_mw: float | None = optional()
    headroom_change_mw_stderr: float | None = optional()
    option: str | None = optional()  # the plants or paths added to the reference
    compared_with: str | None = optional()
    option_nameplate_mw: float | None = optional()
    elcc_mw: float | None = optional()
    elcc_mw_stderr: float | None = optional()
    elcc_share_of_nameplate: float | None = optional()


@dataclass(frozen=True)
class CreditResult:
    headroom: Headroom
    standard_lole_hours: float
    zone: str
    option: tuple[str, ...] = ()
    compared_with: str | None = None
    nameplate_mw: float | None = None
    elcc: tuple[float | None, float | None] = (None, None)
    base_runs: int = 0  # runs of the search without the option
    change: tuple[float | None, float | None] = (None, None)  # vs the compared scenario

    def headline(self) -> dict[str, Any]:
        return self.figures().to_dict()

    def figures(self) -> CreditFigures:
        elcc, error = self.elcc
        share = elcc / self.nameplate_mw if elcc is not None and self.nameplate_mw else None
        return CreditFigures(
            reliability_standard_lole_hours=self.standard_lole_hours,
            headroom_zone=self.zone,
            headroom_mw=self.headroom.mw,
            headroom_mw_stderr=self.headroom.stderr_mw,
            credit_samples=self.headroom.samples,
            credit_runs=self.headroom.runs + self.base_runs,
            headroom_change_mw=self.change[0],
            headroom_change_mw_stderr=self.change[1],
            option=", ".join(self.option) or None,
            compared_with=self.compared_with if self.option else None,
            option_nameplate_mw=self.nameplate_mw,
            elcc_mw=elcc,
            elcc_mw_stderr=error,
            elcc_share_of_nameplate=share,
        )


def option_of(system: System, reference: System) -> tuple[str, tuple[str, ...], float]:
    """(table, names, nameplate MW) of the paths, else the dispatchable fuel-burning plants, that
    `system` adds to `reference` (a path's nameplate is its right); ("", (), 0) if none."""
    paths = {
        name: path.capacity_mw
        for name, path in system.settings.paths.items()
        if path.capacity_mw > 0 and name not in reference.settings.paths
    }
    if paths:
        return "paths", tuple(paths), float(sum(paths.values()))
    gens = system.generators
    new = gens[~gens.index.isin(reference.generators.index) & (gens["fuel"] != "")]
    if new.empty:
        return "", (), 0.0
    return "generators", tuple(str(n) for n in new.index), float(new["capacity_mw"].sum())


def credit_stage(system: System, done: dict[str, Any], context: Context) -> CreditResult | None:
    samples, seed = context.options.credit_samples, context.options.seed
    if samples == 0:
        return None
    options = context.options.monte_carlo()
    reference = context.references.get(system.name)
    near = context.memo.get(("headroom", reference.name)) if reference is not None else None
    table, option, nameplate = option_of(system, reference) if reference else ("", (), 0.0)
    own = _headroom(system, samples, seed, options, near, nameplate)
    context.memo[("headroom", system.name)] = own
    standard = system.settings.reliability_standard_lole_hours
    zone = system.focus_zone
    change = credit(own, near) if near is not None else (None, None)
    if not option or reference is None:
        return CreditResult(own, standard, zone, change=change)
    # The base: this scenario without the option (as `adequacy --elcc` takes it out), so the
    # credit is the option's alone, whatever else the scenario changes.
    base = system
    for name in option:
        base = without_resource(base, table, name)
    without = _headroom(base, samples, seed, options, own, nameplate)
    return CreditResult(
        own,
        standard,
        zone,
        option,
        reference.name,
        nameplate,
        credit(own, without),
        without.runs,
        change,
    )


def _headroom(
    system: System,
    samples: int,
    seed: int,
    options: MonteCarloOptions,
    near: Headroom | None,
    nameplate_mw: float,
) -> Headroom:
    peak_mw = float(system.demand[system.focus_zone].max())
    cold = COLD_STEP_SHARE * peak_mw
    zone = system.focus_zone
    if near is None or near.mw is None:
        return headroom(
            system, samples, seed, options, step_mw=cold, tolerance_mw=TOLERANCE_MW, zone=zone
        )
    # An option moves the headroom by about its nameplate; another change by a smaller step.
    step = nameplate_mw if nameplate_mw > 0 else cold / 2
    return headroom(
        system,
        samples,
        seed,
        options,
        start_mw=near.mw,
        step_mw=step,
        tolerance_mw=TOLERANCE_MW,
        zone=zone,
    )
