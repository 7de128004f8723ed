"""Run the regional 2016 backcast for the full year and write ``docs/backcast.md``.

Every number on the page is computed here from one dispatch run of ``backcast-2016`` and from
``scripts/region/history_2016.csv`` (published 2016 statistics) and ``figures.csv``; nothing on the
page is typed by hand. Run:  python scripts/region/backcast_report.py [--out docs/backcast.md]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "src"))

import powerpact  # noqa: E402
import powerpact.dispatch  # noqa: E402
from powerpact.dispatch.inputs import prepare  # noqa: E402
from powerpact.dispatch.model import build  # noqa: E402

HISTORY = HERE / "history_2016.csv"
FIGURES = HERE / "figures.csv"
GAPS = HERE / "backcast_gaps.md"

#: model technology -> statistics item
GROUP = {
    "lignite": "coal",
    "coal": "coal",
    "gas": "gas",
    "oil": "oil",
    "nuclear": "nuclear",
    "hydro_reservoir": "hydro",
    "run_of_river": "hydro",
    "hydro": "hydro",
    "wind": "wind",
    "solar": "solar",
    "biomass": "bioenergy",
    "other": "other_renewable",
}
ITEMS = ["coal", "gas", "oil", "nuclear", "hydro", "wind", "solar", "bioenergy"]


def zone_balance(system, result) -> pd.DataFrame:
    """Hourly balance terms per zone, MWh per hour."""
    zones = list(system.settings.zones)
    gens, links, stor = system.generators, system.interconnectors, system.storage
    out = {}
    for z in zones:
        gen = result.generation_mw.loc[:, gens.index[gens["zone"] == z]].sum(axis=1)
        s = stor.index[stor["zone"] == z]
        dis = result.storage_discharge_mw.loc[:, s].sum(axis=1)
        ch = result.storage_charge_mw.loc[:, s].sum(axis=1)
        into = pd.Series(0.0, index=result.flow_mw.index)
        for name, row in links.iterrows():
            if row["to_zone"] == z:
                into += result.flow_mw[name]
            elif row["from_zone"] == z:
                into -= result.flow_mw[name]
        out[z] = pd.DataFrame(
            {
                "generation": gen,
                "discharge": dis,
                "charge": ch,
                "net_import": into,
                "unserved": result.unserved_mw[z],
                "spilled": result.spilled_mw[z],
                "demand": result.demand_mw[z],
            }
        )
    return pd.concat(out, axis=1)


def model_table(system, result) -> pd.DataFrame:
    gens = system.generators
    energy = result.generation_mw.sum() / 1e6
    tech = gens["technology"].map(GROUP).fillna("other_renewable")
    by = energy.groupby([gens["zone"], tech]).sum().unstack(fill_value=0.0)
    bal = zone_balance(system, result)
    zones = list(system.settings.zones)
    for z in zones:
        b = bal[z]
        by.loc[z, "storage_net"] = (b["discharge"].sum() - b["charge"].sum()) / 1e6
        by.loc[z, "net_imports"] = b["net_import"].sum() / 1e6
        by.loc[z, "demand"] = b["demand"].sum() / 1e6
        by.loc[z, "unserved"] = b["unserved"].sum() / 1e6
        by.loc[z, "spilled"] = b["spilled"].sum() / 1e6
    by = by.reindex(columns=[*ITEMS, "storage_net", "net_imports", "demand", "unserved", "spilled"])
    by = by.fillna(0.0)
    by["total_generation"] = by[ITEMS].sum(axis=1)
    return by.loc[zones]


def history_table() -> pd.DataFrame:
    h = pd.read_csv(HISTORY)
    t = h.pivot_table(index="zone", columns="item", values="value", aggfunc="first")
    t.loc["RS"] = t.loc["RS"].add(t.loc["XK"], fill_value=0.0)  # 2016 RS zone includes Kosovo
    return t.drop(index="XK")


def fmt(x: float, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "n/a"
    return f"{x:,.{digits}f}"


def signed(x: float, digits: int = 1) -> str:
    if np.isnan(x):
        return "n/a"
    return ("+" if x >= 0 else "") + fmt(x, digits)


def write_page(path: Path, system, result, timing: dict, lp_size: dict) -> dict:
    model = model_table(system, result)
    hist = history_table()
    figures = pd.read_csv(FIGURES)
    bal = zone_balance(system, result)
    zones = list(system.settings.zones)
    closure = max(
        float(
            (
                bal[z]["generation"]
                + bal[z]["discharge"]
                - bal[z]["charge"]
                + bal[z]["net_import"]
                + bal[z]["unserved"]
                - bal[z]["spilled"]
                - bal[z]["demand"]
            )
            .abs()
            .max()
        )
        for z in zones
    )
    cap = (
        system.generators.groupby(["zone", "technology"])["capacity_mw"].sum().unstack(fill_value=0)
    )
    L: list[str] = []
    a = L.append
    a("# Regional backcast 2016: model against history")
    a("")
    a(
        "This page is written by `scripts/region/backcast_report.py` from one full-year dispatch "
        "of the embedded system `backcast-2016` (`src/powerpact/data/backcast-2016`, built by "
        "`scripts/build_backcast_2016.py` from public data, every number in its `sources.csv`). "
        "The published 2016 figures are in `scripts/region/history_2016.csv` with source and "
        "licence per row. No figure of the model was tuned to match history: the differences "
        "below are what the public inputs give, and the gaps that explain them are listed at the "
        "end."
    )
    a("")
    a("## Run")
    a("")
    a("| item | value |")
    a("|---|---|")
    a(f"| hours | {len(result.generation_mw):,} (2016, UTC) |")
    a(f"| zones | {', '.join(zones)} |")
    a(f"| edge markets (flat price) | {', '.join(system.settings.markets)} |")
    a(
        f"| generators / storage / links | {len(system.generators)} / {len(system.storage)} / "
        f"{len(system.interconnectors)} |"
    )
    a(
        f"| LP columns x rows, non-zeros | {lp_size['cols']:,} x {lp_size['rows']:,}, "
        f"{lp_size['nnz']:,} |"
    )
    a(f"| LP build time | {timing['build_s']:.1f} s |")
    a(f"| solve time (HiGHS {result.solver_version}, dual simplex) | {timing['solve_s']:.1f} s |")
    a(f"| wall time of `powerpact.dispatch.run` | {timing['run_s']:.1f} s |")
    a(f"| machine | {platform.machine()}, Python {platform.python_version()}, shared 2-core host |")
    a(f"| total cost | {result.total_cost_eur / 1e9:,.2f} bn EUR |")
    a(f"| unserved energy | {result.unserved_mwh / 1e3:,.1f} GWh |")
    a(f"| largest hourly balance residual (any zone) | {closure:.2e} MW |")
    a("")
    a("## Generation by fuel, TWh (model / history / difference)")
    a("")
    a(
        "History: Our World in Data energy dataset (Ember yearly data), 2016. `coal` is lignite "
        "and hard coal together. RS history is Serbia plus Kosovo, as the RS zone of 2016 "
        "contains Kosovo. The model's `hydro` is reservoir plus run-of-river output; "
        "pumped-storage net output (always negative: losses) is shown apart."
    )
    a("")
    head = "| zone | " + " | ".join(ITEMS) + " | total |"
    a(head)
    a("|" + "---|" * (len(ITEMS) + 2))
    rows_out = {}
    for z in zones:
        cells = []
        for it in [*ITEMS, "total_generation"]:
            m = float(model.loc[z, it])
            h = float(hist.loc[z, it]) if it in hist.columns and z in hist.index else np.nan
            d = m - h if not np.isnan(h) else np.nan
            cells.append(f"{fmt(m, 1)} / {fmt(h, 1)} / {signed(d)}")
            rows_out[(z, it)] = (m, h)
        a(f"| {z} | " + " | ".join(cells) + " |")
    tot_m = model[[*ITEMS, "total_generation"]].sum()
    tot_h = hist.reindex(zones)[[*ITEMS, "total_generation"]].sum()
    a(
        "| **region** | "
        + " | ".join(
            f"{fmt(tot_m[i], 1)} / {fmt(tot_h[i], 1)} / {signed(tot_m[i] - tot_h[i])}"
            for i in [*ITEMS, "total_generation"]
        )
        + " |"
    )
    a("")
    a("## Net imports and demand, TWh")
    a("")
    a(
        "| zone | net imports model | net imports history | difference | demand model | demand "
        "history | pumped storage net (model) | unserved (model) |"
    )
    a("|---|---|---|---|---|---|---|---|")
    for z in zones:
        mi, hi = float(model.loc[z, "net_imports"]), float(hist.loc[z, "net_imports"])
        d = mi - hi if not np.isnan(hi) else np.nan
        a(
            f"| {z} | {fmt(mi)} | {fmt(hi)} | {fmt(d)} | {fmt(model.loc[z, 'demand'])} | "
            f"{fmt(hist.loc[z, 'demand'])} | {fmt(model.loc[z, 'storage_net'], 3)} | "
            f"{fmt(model.loc[z, 'unserved'], 3)} |"
        )
    mk = result.market_import_mw.sum() / 1e6 - result.market_export_mw.sum() / 1e6
    a("")
    a(
        "Net imports of the region from the edge markets (model), TWh: "
        + ", ".join(f"{m} {fmt(v)}" for m, v in mk.items())
        + f"; total {fmt(float(mk.sum()))}. Mean zone prices (model), EUR/MWh: "
        + ", ".join(f"{z} {result.price_eur_per_mwh[z].mean():.1f}" for z in zones)
        + "."
    )
    a("")
    pumped = float(result.storage_charge_mw.to_numpy().sum()) / 1e6
    a(
        f"Pumped storage pumped {fmt(pumped, 3)} TWh in the year: with flat edge prices and no "
        "unit commitment the hourly price spread rarely exceeds the round-trip loss."
    )
    a("")
    a("## Installed capacity in the model, MW")
    a("")
    techs = list(cap.columns)
    a("| zone | " + " | ".join(techs) + " | pumped storage |")
    a("|" + "---|" * (len(techs) + 2))
    st = system.storage.groupby("zone")["power_mw"].sum()
    for z in zones:
        a(
            f"| {z} | "
            + " | ".join(fmt(float(cap.loc[z, t]), 0) if z in cap.index else "0" for t in techs)
            + f" | {fmt(float(st.get(z, 0.0)), 0)} |"
        )
    a("")
    a("## What the comparison shows")
    a("")
    diffs = []
    for z in zones:
        for it in ["coal", "gas", "hydro", "nuclear"]:
            m, h = rows_out[(z, it)]
            if not np.isnan(h):
                diffs.append((abs(m - h), z, it, m, h))
    diffs.sort(reverse=True)
    a("Largest absolute differences by zone and fuel (model minus history, TWh):")
    a("")
    for _, z, it, m, h in diffs[:8]:
        a(f"- {z} {it}: {fmt(m, 1)} vs {fmt(h, 1)} ({'+' if m - h >= 0 else ''}{fmt(m - h, 1)})")
    a("")
    a(
        "Reading: a least-cost LP without unit commitment, with flat edge prices, one regional "
        "fuel price per fuel and observed (not forced) availability runs every plant whose "
        "marginal cost is below the neighbours' price as much as its availability allows. Plants "
        "that ran in 2016 for reasons the LP does not see (must-run heat, contracts, system "
        "services, national dispatch rules) or did not run for reasons it does not see (mine "
        "output limits, water management, regulated prices) show up as the differences above."
    )
    a("")
    a("## Gaps and assumptions (all of them)")
    a("")
    a("Inputs of the system (details and sources per number in `sources.csv`):")
    a("")
    a(GAPS.read_text(encoding="utf-8").split("-->\n", 1)[1].rstrip())
    a("")
    rte = figures[figures["source"].astype(str).str.startswith("UNSOURCED")]
    rte = rte[~rte["key"].str.match(r"(see2025|corridor|kostt)\.")]  # 2025 keys: see-2025
    a("Figures marked UNSOURCED in `scripts/region/figures.csv` (assumptions, to be replaced):")
    a("")
    a("| key | value | unit | note |")
    a("|---|---|---|---|")
    for _, r in rte.iterrows():
        a(f"| {r['key']} | {r['value']} | {r['unit']} | {r['note']} |")
    ro = figures.set_index("key")
    links = system.interconnectors
    ro_exp = (
        links.loc[links["from_zone"] == "RO", "capacity_mw"].sum()
        + links.loc[links["to_zone"] == "RO", "capacity_reverse_mw"].sum()
    )
    ro_imp = (
        links.loc[links["from_zone"] == "RO", "capacity_reverse_mw"].sum()
        + links.loc[links["to_zone"] == "RO", "capacity_mw"].sum()
    )
    a("")
    a(
        f"Check against a sourced total: the modelled RO borders allow {fmt(ro_exp, 0)} MW of "
        f"export and {fmt(ro_imp, 0)} MW of import; Transelectrica's 2016 maximum was "
        f"{fmt(float(ro.loc['ntc.RO.total_export', 'value']), 0)} MW export and "
        f"{fmt(float(ro.loc['ntc.RO.total_import', 'value']), 0)} MW import (all borders "
        f"together). The Balkans set's 1,300 MW on RO-RS alone is high for 2016."
    )
    a("")
    a("History side:")
    a("")
    h = pd.read_csv(HISTORY)
    for _, r in h[h["source"] == "UNSOURCED"].iterrows():
        a(f"- {r['zone']} {r['item']}: UNSOURCED — {r['note']}")
    a(
        "- The statistics are annual net generation as compiled by Ember/OWID; national TSO or "
        "Eurostat figures differ by a few per cent (own use, auto-producers, pumped storage). "
        "The ENTSO-E Statistical Factsheet 2016 could not be retrieved here."
    )
    a("")
    path.write_text("\n".join(L) + "\n", encoding="utf-8")
    return {"model": model, "history": hist, "closure": closure}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "backcast.md")
    args = ap.parse_args()
    system = powerpact.load("backcast-2016")
    t0 = time.perf_counter()
    lp, _ = build(prepare(system))
    arrays = lp.arrays()
    lp_size = {"cols": int(lp.n_cols), "rows": int(lp.n_rows), "nnz": len(arrays["value"])}
    t1 = time.perf_counter()
    result = powerpact.dispatch.run(system)
    t2 = time.perf_counter()
    timing = {
        "build_s": result.build_time_s,
        "solve_s": result.solve_time_s,
        "run_s": t2 - t1,
        "lp_size_s": t1 - t0,
    }
    out = write_page(args.out, system, result, timing, lp_size)
    print(f"wrote {args.out}; run {timing['run_s']:.1f} s; balance residual {out['closure']:.2e}")


if __name__ == "__main__":
    main()
