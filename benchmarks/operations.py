"""Operations on the default: how reserves, planned maintenance, heat-led CHP and commitment
move the headline figures. Prints a Markdown table per study (recorded in benchmarks/operations.md).

Run from the repository root: `PYTHONPATH=src python benchmarks/operations.py`.
"""

from __future__ import annotations

import time

import powerpact
from powerpact import adequacy
from powerpact.dispatch import DispatchOptions, run
from powerpact.system import System
from powerpact.system.heat import nis_with_heat, with_heat_led_chp
from powerpact.system.maintenance import with_maintenance
from powerpact.system.operations import with_reserves


def dispatch_rows(name: str, system: System, options: DispatchOptions) -> str:
    started = time.perf_counter()
    result = run(system, options)
    seconds = time.perf_counter() - started
    gen = result.generation_mwh_by_technology()
    cf = result.capacity_factor_by_unit()
    niš = next((cf[n] for n in ("nis-ocgt", "nis-ccgt") if n in cf), float("nan"))
    return (
        f"| {name} | {result.total_cost_eur / 1e6:,.1f} | {result.co2_t / 1e6:.2f} | "
        f"{gen.get('lignite', 0.0) / 1e6:.2f} | {niš:.2f} | "
        f"{result.summary().reserve_shortfall_mwh:,.0f} | {result.start_cost_eur / 1e6:.1f} | "
        f"{seconds:.0f} s |"
    )


def main() -> None:
    base = powerpact.load("serbia-2025")
    print("## Dispatch of serbia-2025, full year (LP, no commitment)\n")
    print(
        "| variant | cost, M EUR | CO2, Mt | lignite, TWh | Niš CF | reserve short, MWh | "
        "start-ups, M EUR | time |"
    )
    print("|---|---|---|---|---|---|---|---|")
    off = DispatchOptions()
    print(dispatch_rows("as shipped", base, off))
    print(dispatch_rows("reserves (RS 656 up / 196 down)", with_reserves(base), off))
    print(dispatch_rows("maintenance", with_maintenance(base), off))
    print(dispatch_rows("heat-led CHP", with_heat_led_chp(base), off))
    both = with_maintenance(with_reserves(base))
    print(dispatch_rows("reserves + maintenance", both, off))

    print("\n## Adequacy (exact COPT)\n")
    print("| scenario | variant | LOLE h/yr | EENS MWh/yr |")
    print("|---|---|---|---|")
    for scenario in ("baseline-2025", "coal-exit-2032"):
        system = powerpact.load(scenario)
        for label, variant in (
            ("as shipped", system),
            ("reserves withheld", with_reserves(system)),
            ("maintenance", with_maintenance(system)),
            ("both", with_maintenance(with_reserves(system))),
        ):
            figures = adequacy.copt(variant).figures()
            print(f"| {scenario} | {label} | {figures.lole_hours:.4g} | {figures.eens_mwh:.4g} |")

    print("\n## Commitment with the derived data (LP relaxation, rolling 48/24 h), full year\n")
    print(
        "| scenario | CO2 price | commitment | cost, M EUR | CO2, Mt | lignite, TWh | Niš CF | "
        "reserve short, MWh | start-ups, M EUR | time |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for scenario in ("nis-ocgt", "nis-ccgt"):
        for price in (0.0, 100.0):
            system = powerpact.load(scenario).variant({"settings": {"co2_price_eur_per_t": price}})
            for mode in ("off", "lp"):
                options = DispatchOptions(commitment=mode)  # type: ignore[arg-type]
                row = dispatch_rows(scenario, system, options)
                print(row.replace(f"| {scenario} |", f"| {scenario} | {price:g} | {mode} |", 1))
    heated = nis_with_heat(powerpact.load("nis-ccgt"))
    print(dispatch_rows("nis-ccgt with heat (350 MWe + 150 MWth), commitment off", heated, off))


if __name__ == "__main__":
    main()
