"""Operating reserves in the dispatch: each zone with a requirement (the system's reserves.csv)
holds upward and downward headroom every hour.

Upward headroom is what the zone's dispatchable units (generators without a profile, reservoir
hydro included) could still add, plus storage that could discharge more or stop charging;
downward headroom is what they could still take off. Without commitment the headroom of a
generator is its available output minus its output (an aggregated, cheap form: a unit that is
off counts as able to start, as fast reserve from hydro and gas mostly is); with commitment on,
a committable unit counts only while it is online, between its minimum stable and available
output. A requirement not held is a shortfall at the zone's `shortfall_cost_eur_per_mwh`, never
an infeasible problem; the cost stays below the value of lost load so load is never shed to
hold reserve. Storage headroom ignores its state of charge (an hour's reserve is rarely
activated for long).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from powerpact.dispatch.commitment import CommitmentBlocks, CommitmentData
from powerpact.dispatch.inputs import DispatchInputs
from powerpact.dispatch.lp import SparseLp
from powerpact.dispatch.model import Blocks
from powerpact.system import System


@dataclass(frozen=True)
class Requirements:
    zones: np.ndarray  # positions in the system's zones of the zones with a requirement
    upward_mw: np.ndarray
    downward_mw: np.ndarray
    shortfall_cost_eur_per_mwh: np.ndarray


def requirement_rows(system: System) -> np.ndarray:
    """Rows of the system's reserve table that ask for any reserve."""
    table = system.reserves
    return ((table["upward_mw"] > 0) | (table["downward_mw"] > 0)).to_numpy()


def requirements(inp: DispatchInputs) -> Requirements:
    table = inp.system.reserves[requirement_rows(inp.system)]
    zones = list(inp.system.settings.zones)
    return Requirements(
        zones=np.array([zones.index(z) for z in table.index], dtype=np.int64),
        upward_mw=table["upward_mw"].to_numpy(float),
        downward_mw=table["downward_mw"].to_numpy(float),
        shortfall_cost_eur_per_mwh=table["shortfall_cost_eur_per_mwh"].to_numpy(float),
    )


def hold_reserves(
    lp: SparseLp,
    inp: DispatchInputs,
    blocks: Blocks,
    committed: tuple[CommitmentData, CommitmentBlocks] | None = None,
) -> Blocks:
    """`blocks` with the shortfall columns of upward and downward reserve rows added to `lp`,
    one per zone with a requirement and hour; `committed`: the commitment's units online."""
    need = requirements(inp)
    n_hours = inp.demand_mw.shape[0]
    shape = (n_hours, len(need.zones))
    up_short = lp.add_cols(0.0, need.upward_mw, need.shortfall_cost_eur_per_mwh, shape)
    down_short = lp.add_cols(0.0, need.downward_mw, need.shortfall_cost_eur_per_mwh, shape)
    held = replace(blocks, reserve_up_short=up_short, reserve_down_short=down_short)
    if not len(need.zones):
        return held
    gen, charge, discharge = blocks.gen, blocks.charge, blocks.discharge
    gens = inp.system.generators
    provider = (gens["profile"] == "").to_numpy()
    upper = np.where(provider, inp.gen_upper_mw, 0.0)
    lower = np.where(provider, inp.gen_lower_mw, 0.0)
    if committed is not None:
        # Committable units count through their units online, below.
        data = committed[0]
        upper[:, data.units] = 0.0
        lower[:, data.units] = 0.0
    up_rhs = np.empty(shape)
    down_rhs = np.empty(shape)
    for k, zone in enumerate(need.zones):
        in_zone = inp.gen_zone == zone
        stores = inp.sto_zone == zone
        up_rhs[:, k] = (
            need.upward_mw[k]
            - upper[:, in_zone].sum(axis=1)
            - inp.sto_discharge_mw[:, stores].sum(axis=1)
        )
        down_rhs[:, k] = (
            need.downward_mw[k]
            + lower[:, in_zone].sum(axis=1)
            - inp.sto_charge_mw[:, stores].sum(axis=1)
        )
    up = lp.add_rows(up_rhs, np.inf, shape)
    down = lp.add_rows(down_rhs, np.inf, shape)
    lp.add_terms(up, up_short)
    lp.add_terms(down, down_short)
    slot = {int(zone): k for k, zone in enumerate(need.zones)}
    g_rows = np.array([slot.get(int(z), -1) for z in inp.gen_zone], dtype=np.int64)
    g = np.flatnonzero(provider & (g_rows >= 0))
    lp.add_terms(up[:, g_rows[g]], gen[:, g], -1.0)
    lp.add_terms(down[:, g_rows[g]], gen[:, g], 1.0)
    s_rows = np.array([slot.get(int(z), -1) for z in inp.sto_zone], dtype=np.int64)
    s = np.flatnonzero(s_rows >= 0)
    lp.add_terms(up[:, s_rows[s]], discharge[:, s], -1.0)
    lp.add_terms(up[:, s_rows[s]], charge[:, s], 1.0)
    lp.add_terms(down[:, s_rows[s]], charge[:, s], -1.0)
    lp.add_terms(down[:, s_rows[s]], discharge[:, s], 1.0)
    if committed is not None:
        data, units = committed
        rows = g_rows[data.units]
        use = np.flatnonzero((rows >= 0) & provider[data.units])
        available = inp.gen_upper_mw[:, data.units]
        per_unit = available / data.count
        minimum = np.minimum(data.min_stable * data.unit_mw, per_unit)
        lp.add_terms(up[:, rows[use]], units.online[:, use], per_unit[:, use])
        lp.add_terms(down[:, rows[use]], units.online[:, use], -minimum[:, use])
    return held
