"""Write how much the gas figures of `serbia-2025` move with the gross calorific value (GCV).

    python scripts/gcv_sensitivity.py           # compute; rewrite the block in docs/gas-security.md
    python scripts/gcv_sensitivity.py --check   # exit 1 if the doc's block disagrees

The shipped GCV, 10,550 MWh/mcm, is UNSOURCED for Serbian gas; Gastrans' published capacities
(GWh/d against mcm/d) imply about 10,400. This script runs the default and the variant with the
GCV at 10,400 (the NCV kept at the shipped NCV/GCV ratio, as scripts/serbia_default does) and
writes the figures that depend on it: the N-1 (with D_max given and computed), the gas the plants
burn (the drill's full-output need, the dispatch's burn, the Niš plant's gas need) and the Niš
plant's LCOE. In `nis-ccgt` the plant's full-output gas is part of D_max (scenarios.py adds it to
the observed peak), so the variant recomputes that D_max too. The block sits between
`<!-- gcv-sensitivity:begin -->` and `<!-- gcv-sensitivity:end -->`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from docblock import publish

from powerpact import dispatch
from powerpact.gas import drill, n_minus_1, network
from powerpact.gas.common import computed_peak_day_mcm
from powerpact.studies.appraisal import appraise
from powerpact.system import System, load, variant

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "gas-security.md"
DATA = ROOT / "src" / "powerpact" / "data" / "serbia-2025"
PLANT = "nis-ccgt"
# The GCV Gastrans' capacities imply (docs/gas-security.md, "Energy basis").
ALTERNATIVE_GCV_MWH_PER_MCM = 10_400.0
BLOCK = "gcv-sensitivity"


@dataclass(frozen=True)
class GcvFigures:
    gcv_mwh_per_mcm: float
    n_minus_1_percent: float
    n_minus_1_computed_dmax_percent: float
    n_minus_1_network_percent: float
    nis_n_minus_1_percent: float
    nis_dmax_mcm_per_day: float
    drill_power_need_mcm: float
    dispatch_gas_burn_mcm: float
    nis_gas_need_bcm_per_year: float
    nis_lcoe_eur_per_mwh: float


def with_gcv(system: System, gcv_mwh_per_mcm: float) -> System:
    """`system` with the GCV changed and the NCV at the same NCV/GCV ratio."""
    gas = system.settings.gas
    ratio = gas.ncv / gas.energy_mwh_per_mcm
    overlay = {"energy_mwh_per_mcm": gcv_mwh_per_mcm, "ncv_mwh_per_mcm": gcv_mwh_per_mcm * ratio}
    return variant(system, {"settings": {"gas": overlay}})


def nis_with_gcv(base: System, nis: System, gcv_mwh_per_mcm: float) -> System:
    """The Niš scenario at `gcv_mwh_per_mcm`, its D_max recomputed as the base's D_max plus
    the plant's full-output gas at that GCV (as scripts/serbia_default/scenarios.py does)."""
    changed = with_gcv(nis, gcv_mwh_per_mcm)
    given = base.settings.gas.peak_day_demand_mcm
    assert given is not None, "serbia-2025 gives its D_max"
    base_peak = computed_peak_day_mcm(with_gcv(base, gcv_mwh_per_mcm))
    plant_gas = computed_peak_day_mcm(changed) - base_peak
    peak = round(given + plant_gas, 2)
    return variant(changed, {"settings": {"gas": {"peak_day_demand_mcm": peak}}})


def figures(base: System, nis: System) -> GcvFigures:
    computed = variant(
        base, {"settings": {"gas": {"peak_day_demand_mcm": computed_peak_day_mcm(base)}}}
    )
    burn = dispatch.run(nis)
    appraisal = appraise(nis, PLANT, dispatch=burn, risk=False)
    return GcvFigures(
        gcv_mwh_per_mcm=base.settings.gas.energy_mwh_per_mcm,
        n_minus_1_percent=n_minus_1(base).figures().n_minus_1_percent,
        n_minus_1_computed_dmax_percent=n_minus_1(computed).figures().n_minus_1_percent,
        n_minus_1_network_percent=float(network(base).headline()["n_minus_1_network_percent"]),
        nis_n_minus_1_percent=n_minus_1(nis).figures().n_minus_1_percent,
        nis_dmax_mcm_per_day=float(nis.settings.gas.peak_day_demand_mcm or 0.0),
        drill_power_need_mcm=drill(nis).figures().drill_power_need_mcm,
        dispatch_gas_burn_mcm=burn.figures().gas_burn_mcm,
        nis_gas_need_bcm_per_year=float(appraisal.figures().gas_need_bcm_per_year),
        nis_lcoe_eur_per_mwh=float(appraisal.figures().lcoe_eur_per_mwh),
    )


ROWS: tuple[tuple[str, str, str], ...] = (
    ("n_minus_1_percent", "N-1, one node, D_max given (`serbia-2025`)", "{:.1f} %"),
    ("n_minus_1_computed_dmax_percent", "N-1, one node, D_max computed", "{:.1f} %"),
    ("n_minus_1_network_percent", "N-1 of the network node RS", "{:.1f} %"),
    (
        "nis_dmax_mcm_per_day",
        "`nis-ccgt` D_max (the 1-in-20 D_max + the plant at full output)",
        "{:.2f} mcm/d",
    ),
    ("nis_n_minus_1_percent", "`nis-ccgt` N-1, one node", "{:.1f} %"),
    ("drill_power_need_mcm", "`nis-ccgt` drill: gas the plants ask for", "{:,.1f} mcm"),
    ("dispatch_gas_burn_mcm", "`nis-ccgt` dispatch: gas burnt by plants", "{:,.0f} mcm/yr"),
    ("nis_gas_need_bcm_per_year", "Niš CCGT gas need", "{:.3f} bcm/yr"),
    ("nis_lcoe_eur_per_mwh", "Niš CCGT LCOE", "{:.2f} EUR/MWh"),
)


def render(shipped: GcvFigures, alternative: GcvFigures) -> str:
    head = (
        f"| figure | GCV {shipped.gcv_mwh_per_mcm:,.0f} (shipped) | "
        f"GCV {alternative.gcv_mwh_per_mcm:,.0f} | change |"
    )
    lines = [head, "|---|---|---|---|"]
    for key, label, fmt in ROWS:
        before, after = float(getattr(shipped, key)), float(getattr(alternative, key))
        change = f"{100.0 * (after / before - 1.0):+.2f} %" if before else "–"
        lines.append(f"| {label} | {fmt.format(before)} | {fmt.format(after)} | {change} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    base = load(DATA)
    nis = load(DATA / "scenarios" / f"{PLANT}.yaml")
    shipped = figures(base, nis)
    alternative = figures(
        with_gcv(base, ALTERNATIVE_GCV_MWH_PER_MCM),
        nis_with_gcv(base, nis, ALTERNATIVE_GCV_MWH_PER_MCM),
    )
    rendered = render(shipped, alternative)
    publish(DOC, BLOCK, rendered, args.check)


if __name__ == "__main__":
    main()
