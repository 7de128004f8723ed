"""Power-side consequences of a gas route loss: the dispatch and adequacy engines run on the
system with the route out (both model the daily gas balance themselves)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

import pandas as pd

from powerpact.gas.drill import DrillResult, drill, without_gas_outages
from powerpact.system import System, with_outages
from powerpact.system import without as remove_rows
from powerpact.system.figures import Figures

TOLERANCE_MW = 1e-6


@dataclass(frozen=True)
class DispatchCase(Figures):
    """The dispatch of one case over the whole horizon. Its gas figures are the LP's, with
    foresight over the year: `dispatch_non_power_gas_shortfall_mcm` is non-power demand the LP
    left unserved (power plants are never short: they burn only gas the LP delivers), not the
    drill's `drill_power_gas_shortfall_mcm`, the full-output gas the plants could not get."""

    unserved_mwh: float
    unserved_hours: float
    unserved_hours_during_outage: float
    dispatch_non_power_gas_shortfall_mcm: float
    dispatch_gas_burn_mcm: float
    dispatch_gas_burn_during_outage_mcm: float


@dataclass(frozen=True)
class PowerImpact:
    """One row per case ("route in service", "route out", "route out without …") with the
    dispatch's unserved energy and hours, in total and during the route outage, and adequacy
    indices when the adequacy engine was run."""

    system: str
    drill: DrillResult
    cases: pd.DataFrame

    def headline(self) -> dict[str, Any]:
        return {
            case: {str(k): (None if pd.isna(v) else float(v)) for k, v in row.items()}
            for case, row in self.cases.iterrows()
        }


def with_route_out(
    system: System, route: Sequence[str], start: pd.Timestamp, end: pd.Timestamp
) -> System:
    """`system` with each component of `route` (gas entry or storage site) out on [start, end)."""
    days = (end - start) / pd.Timedelta(days=1)
    return with_outages(system, [{"component": n, "start": start, "days": days} for n in route])


def _dispatch_row(system: System, start: pd.Timestamp, end: pd.Timestamp) -> dict[str, float]:
    from powerpact.dispatch import run

    result = run(system)
    unserved = result.unserved_mw.sum(axis=1)
    during = (unserved.index >= start) & (unserved.index < end)
    burn = result.gas_burn_mcm.sum(axis=1)
    burn_during = (burn.index >= start) & (burn.index < end)
    return DispatchCase(
        unserved_mwh=float(unserved.sum()),
        unserved_hours=float((unserved > TOLERANCE_MW).sum()),
        unserved_hours_during_outage=float((unserved[during] > TOLERANCE_MW).sum()),
        dispatch_non_power_gas_shortfall_mcm=float(result.gas_shortfall_mcm.to_numpy().sum()),
        dispatch_gas_burn_mcm=float(burn.sum()),
        dispatch_gas_burn_during_outage_mcm=float(burn[burn_during].sum()),
    ).to_dict()


def _adequacy_row(system: System, adequacy: dict[str, Any]) -> dict[str, float]:
    from powerpact.adequacy import monte_carlo

    headline = monte_carlo(system, **adequacy).headline()
    return {f"adequacy_{k}": float(v) for k, v in headline.items() if _is_number(v)}


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def power_impact(
    system: System,
    route: str | Sequence[str] | None = None,
    start: str | pd.Timestamp | None = None,
    days: int = 30,
    without: Sequence[str] = (),
    adequacy: dict[str, Any] | None = None,
) -> PowerImpact:
    """Electricity shortfall with the drill's route in service, out, and out without the
    generators in `without` (e.g. the Niš plant). `adequacy`: keyword options for
    powerpact.adequacy.monte_carlo; None skips the Monte Carlo."""
    result = drill(system, route, start, days)
    base = without_gas_outages(system)
    out = with_route_out(base, result.route, result.start, result.end)
    cases = {"route in service": base, "route out": out}
    if without:
        cases[f"route out without {', '.join(without)}"] = remove_rows(out, "generators", without)
    rows = {}
    for name, case in cases.items():
        row = _dispatch_row(case, result.start, result.end)
        if adequacy is not None:
            row.update(_adequacy_row(case, adequacy))
        rows[name] = row
    return PowerImpact(system.name, result, pd.DataFrame.from_dict(rows, orient="index"))
