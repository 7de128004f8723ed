"""The optional gas network of the default: ``gas_nodes.csv`` and ``gas_pipelines.csv``.

The figures come from ``scripts/gas_network/figures.csv`` (issue 16; see
docs/gas-network-data.md): full citations, or UNSOURCED with the reason in the note. Each cell
is logged to the system's ``sources.csv`` with that citation; an UNSOURCED figure is logged as an
assumption. Annual volumes are spread evenly over 365 days (an average daily rate).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

import pandas as pd

from .common import REPO, Context, write_csv
from .figures import Figure

NETWORK_FIGURES_CSV = REPO / "scripts" / "gas_network" / "figures.csv"
DAYS_PER_YEAR = 365
MCM_PER_BCM = 1000.0
ASSUMPTION = "ASSUMPTION"


def load_network_figures(ctx: Context) -> dict[str, Figure]:
    """The network figures by key, their citations registered with the source log."""
    figures: dict[str, Figure] = {}
    with open(NETWORK_FIGURES_CSV, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            unsourced = row["source"] == "UNSOURCED"
            source = ASSUMPTION if unsourced else f"GAS_NETWORK:{row['key']}"
            if not unsourced:
                ctx.log.citations[source] = row["source"]
            figures[row["key"]] = Figure(
                key=row["key"],
                value=float(row["value"]),
                unit=row["unit"],
                year=int(row["year"]),
                source=source,
                note=f"assumption: {row['note']}" if unsourced else row["note"],
            )
    return figures


def per_day(figure: Figure) -> Figure:
    """A daily rate: mcm/d as given, bcm/yr and mcm/yr spread evenly over the year."""
    scale = {"mcm/d": 1.0, "bcm/yr": MCM_PER_BCM / DAYS_PER_YEAR, "mcm/yr": 1 / DAYS_PER_YEAR}
    value = round(figure.number * scale[figure.unit], 2)
    note = figure.note if figure.unit == "mcm/d" else f"{figure.note} [{figure.unit} / 365]"
    return Figure(figure.key, value, "mcm/day", figure.year, figure.source, note)


def minus(first: Figure, *others: Figure) -> Figure:
    """`first` less `others` (same unit), citing `first`; the note names what was taken off."""
    value = first.number - sum(o.number for o in others)
    taken = ", ".join(f"{o.key} {o.number:g}" for o in others)
    return Figure(
        first.key,
        round(value, 4),
        first.unit,
        first.year,
        first.source,
        f"{first.note} [less {taken}]",
    )


Spec = Callable[[dict[str, Figure]], Figure]


def rate(key: str) -> Spec:
    return lambda g: per_day(g[key])


# node -> (country, kind, zone, {column: spec}, {text column: value}). The demands are what each
# node's buyers take from this corridor under contract (or the observed flow), not national
# demand: the model follows gas on the route, not each country's whole balance.
NODES: dict[str, tuple[str, str, str, dict[str, Spec], dict[str, str]]] = {
    "AZ": (
        "AZ",
        "source",
        "",
        {
            "supply_mcm_per_day": lambda g: per_day(
                minus(g["node:AZ:gas_exports_total"], g["node:AZ:exports_to_syria"])
            )
        },
        {"supplier": "SOCAR", "supply_kind": "pipeline"},
    ),
    "GE": (
        "GE",
        "demand",
        "",
        {"demand_mcm_per_day": rate("node:AZ:exports_to_georgia")},
        {"demand_supplier": "SOCAR"},
    ),
    "TR": (
        "TR",
        "transit",
        "",
        {"demand_mcm_per_day": rate("node:AZ:exports_to_turkey")},
        {"demand_supplier": "SOCAR"},
    ),
    "GR": (
        "GR",
        "transit",
        "",
        {"demand_mcm_per_day": rate("contract:AZ->GR:depa")},
        {"demand_supplier": "SOCAR"},
    ),
    "IT": (
        "IT",
        "edge",
        "",
        {"demand_mcm_per_day": rate("contract:AZ->IT:sd2_buyers")},
        {"demand_supplier": "SOCAR"},
    ),
    "BG": (
        "BG",
        "transit",
        "",
        {
            "demand_mcm_per_day": rate("contract:AZ->BG:bulgargaz"),
            "storage_mcm": lambda g: g["storage:BG:chiren_wgv"],
            "storage_withdrawal_mcm_per_day": lambda g: g["storage:BG:chiren_withdrawal"],
        },
        {"demand_supplier": "SOCAR"},
    ),
    "TS": (
        "RU",
        "source",
        "",
        {"supply_mcm_per_day": rate("flow:TurkStream:to_EU_2024")},
        {"supplier": "Gazprom", "supply_kind": "pipeline"},
    ),
    # Balkan Stream in Bulgaria (Strandzha 2 -> Kireevo): TurkStream's buyers other than Serbia
    # and Hungary take their gas along it (BG, GR, MK, BA, RO).
    "BGT": (
        "BG",
        "transit",
        "",
        {
            "demand_mcm_per_day": lambda g: per_day(
                minus(
                    g["flow:TurkStream:to_EU_2024"],
                    g["flow:TurkStream->HU:2024"],
                    g["contract:RU->RS:gazprom_2022"],
                )
            )
        },
        {"demand_supplier": "Gazprom"},
    ),
    "ZAJ": ("RS", "transit", "", {}, {}),
    "RS": ("RS", "demand", "RS", {}, {}),
    "HU": ("HU", "demand", "", {}, {}),
    # Gas Serbia may draw in Hungary: its own stock in Hungarian storage, at the rate it drew in
    # 2022. Access to the old Horgos line is limited to Srbijagas and a few shippers, so the
    # line is fed from this node, not from Hungary's market.
    "HUS": (
        "HU",
        "edge",
        "",
        {
            "storage_mcm": lambda g: g["storage:RS:serbian_gas_in_hungary_nov2024"],
            "storage_withdrawal_mcm_per_day": lambda g: g["flow:Horgos:hu_storage_withdrawal_2022"],
        },
        {},
    ),
    "RO": ("RO", "transit", "", {}, {}),
    "LNG-REV": (
        "GR",
        "source",
        "",
        {"supply_mcm_per_day": rate("lng:GR:revithoussa_sendout")},
        {"supplier": "LNG", "supply_kind": "lng"},
    ),
    "LNG-ALX": (
        "GR",
        "source",
        "",
        {"supply_mcm_per_day": rate("lng:GR:alexandroupolis_sendout")},
        {"supplier": "LNG", "supply_kind": "lng"},
    ),
}


def _note(figure: Figure, text: str) -> Figure:
    return Figure(figure.key, figure.number, figure.unit, figure.year, figure.source, text)


def _turkish_route_reverse(g: dict[str, Figure]) -> Figure:
    """Strandzha 1 TR->BG: the source row gives BG->TR as its value and TR->BG in its note."""
    row = g["pipe:TransBalkan_BG:capacity_TR_direction"]
    return Figure(
        row.key,
        round(16 * MCM_PER_BCM / DAYS_PER_YEAR, 2),
        "mcm/day",
        row.year,
        row.source,
        f"{row.note} [TR->BG 16 bcm/yr from the note / 365]",
    )


# pipeline -> (from, to, {column: spec}). Names equal to a gas entry of gas_entries.csv stand
# for that entry and carry its contracts.
PIPELINES: dict[str, tuple[str, str, dict[str, Spec]]] = {
    "scp": ("AZ", "GE", {"capacity_mcm_per_day": rate("pipe:SCP:capacity_with_SCPX")}),
    "tanap": ("GE", "TR", {"capacity_mcm_per_day": rate("pipe:TANAP:capacity")}),
    # SCP's original 20.3 mcm/d went to BOTAS at Turkgozu; after SCPX the part of SCP's flow
    # TANAP does not take still enters Turkey there.
    "scp-turkgozu": (
        "GE",
        "TR",
        {
            "capacity_mcm_per_day": lambda g: _note(
                g["pipe:SCP:capacity_original"],
                "SCP's original capacity, the entry to BOTAS at Turkgozu (derived: the pipe's "
                "own capacity there is not in the sources)",
            )
        },
    ),
    "tanap-kipoi": ("TR", "GR", {"capacity_mcm_per_day": rate("pipe:TANAP:delivery_to_europe")}),
    "itg-kipi": ("TR", "GR", {"capacity_mcm_per_day": rate("pipe:ITG_Kipi:capacity")}),
    "strandzha-1": (
        "TR",
        "BG",
        {
            "capacity_mcm_per_day": _turkish_route_reverse,
            "reverse_capacity_mcm_per_day": rate("pipe:TransBalkan_BG:capacity_TR_direction"),
        },
    ),
    # The terminals' send-out into the Greek grid: the terminal is the limit, not the link.
    "revithoussa": ("LNG-REV", "GR", {"capacity_mcm_per_day": rate("lng:GR:revithoussa_sendout")}),
    "alexandroupolis": (
        "LNG-ALX",
        "GR",
        {"capacity_mcm_per_day": rate("lng:GR:alexandroupolis_sendout")},
    ),
    "tap": ("GR", "IT", {"capacity_mcm_per_day": rate("pipe:TAP:capacity_initial")}),
    "igb": (
        "GR",
        "BG",
        {
            "capacity_mcm_per_day": rate("pipe:IGB:capacity"),
            "reverse_capacity_mcm_per_day": rate("pipe:IGB:capacity_reverse"),
        },
    ),
    "kulata-sidirokastro": (
        "BG",
        "GR",
        {
            "capacity_mcm_per_day": rate("pipe:Kulata_Sidirokastro:capacity"),
            "reverse_capacity_mcm_per_day": rate("pipe:Kulata_Sidirokastro:capacity_reverse"),
        },
    ),
    "turkstream-strandzha-2": (
        "TS",
        "BGT",
        {"capacity_mcm_per_day": rate("pipe:TurkStream:string2_europe")},
    ),
    "balkan-stream-bg": (
        "BGT",
        "ZAJ",
        {"capacity_mcm_per_day": rate("pipe:BalkanStream_BG:capacity")},
    ),
    "balkan-stream-zajecar": (
        "ZAJ",
        "RS",
        {"capacity_mcm_per_day": rate("pipe:Gastrans:exit_domestic_total")},
    ),
    "gastrans-horgos": (
        "ZAJ",
        "HU",
        {
            "capacity_mcm_per_day": rate("pipe:Gastrans:exit_horgos"),
            "transit_obligation_mcm_per_day": rate("contract:RU->HU:via_serbia"),
        },
    ),
    "ibs-dimitrovgrad": (
        "BG",
        "RS",
        {
            "capacity_mcm_per_day": rate("pipe:IBS:design_capacity"),
            "reverse_capacity_mcm_per_day": rate("pipe:IBS:capacity_RS_BG"),
        },
    ),
    "horgos-reverse": (
        "HUS",
        "RS",
        {"capacity_mcm_per_day": rate("pipe:Horgos_old:capacity_HU_RS_current")},
    ),
    "csanadpalota": (
        "RO",
        "HU",
        {
            "capacity_mcm_per_day": rate("pipe:Csanadpalota:capacity_RO_HU_2022"),
            "reverse_capacity_mcm_per_day": rate("pipe:Csanadpalota:capacity_HU_RO"),
        },
    ),
    "trans-balkan-negru-voda": (
        "RO",
        "BG",
        {
            "capacity_mcm_per_day": lambda g: per_day(
                _sum(
                    g["pipe:TransBalkan:negru_voda_I_RO_BG"],
                    g["pipe:TransBalkan:negru_voda_II_III_RO_BG"],
                )
            ),
            "reverse_capacity_mcm_per_day": rate("pipe:TransBalkan:reverse_phase1"),
        },
    ),
    "ruse-giurgiu": (
        "BG",
        "RO",
        {
            "capacity_mcm_per_day": rate("pipe:Ruse_Giurgiu:capacity_BG_RO_2019"),
            "reverse_capacity_mcm_per_day": rate("pipe:Ruse_Giurgiu:capacity_RO_BG_2019"),
        },
    ),
}


def _sum(first: Figure, second: Figure) -> Figure:
    return Figure(
        first.key,
        round(first.number + second.number, 4),
        first.unit,
        first.year,
        first.source,
        f"{first.note} [plus {second.key} {second.number:g}]",
    )


def build_gas_network(ctx: Context) -> None:
    """Write ``gas_nodes.csv`` and ``gas_pipelines.csv``."""
    g = load_network_figures(ctx)

    def cell(item: str, figure: Figure) -> Any:
        return ctx.log.add(item, figure)

    nodes = []
    for node, (country, kind, zone, numbers, texts) in NODES.items():
        row: dict[str, Any] = {"node": node, "country": country, "kind": kind, "zone": zone}
        row.update(texts)
        for column, spec in numbers.items():
            row[column] = cell(f"gas_nodes.csv:{node}:{column}", spec(g))
        share_key = (
            "gas_network.RS.protected_share" if zone else "gas_network.foreign.protected_share"
        )
        row["protected_share"] = cell(
            f"gas_nodes.csv:{node}:protected_share", ctx.figures[share_key]
        )
        nodes.append(row)
    node_columns = [
        "node",
        "country",
        "kind",
        "zone",
        "supply_mcm_per_day",
        "supply_kind",
        "supplier",
        "demand_mcm_per_day",
        "demand_supplier",
        "protected_share",
        "storage_mcm",
        "storage_withdrawal_mcm_per_day",
    ]
    write_csv(pd.DataFrame(nodes, columns=node_columns), ctx.out / "gas_nodes.csv")

    pipes = []
    for name, (start, end, numbers) in PIPELINES.items():
        row = {"name": name, "from": start, "to": end}
        for column, spec in numbers.items():
            row[column] = cell(f"gas_pipelines.csv:{name}:{column}", spec(g))
        row["outage_rate_per_year"] = cell(
            f"gas_pipelines.csv:{name}:outage_rate_per_year",
            ctx.figures["gas_entries.pipeline.outage_rate_per_year"],
        )
        row["outage_duration_days"] = cell(
            f"gas_pipelines.csv:{name}:outage_duration_days",
            ctx.figures["gas_entries.outage_duration_days"],
        )
        pipes.append(row)
    pipe_columns = [
        "name",
        "from",
        "to",
        "capacity_mcm_per_day",
        "reverse_capacity_mcm_per_day",
        "booked_by_others_mcm_per_day",
        "transit_obligation_mcm_per_day",
        "outage_rate_per_year",
        "outage_duration_days",
    ]
    write_csv(pd.DataFrame(pipes, columns=pipe_columns), ctx.out / "gas_pipelines.csv")
