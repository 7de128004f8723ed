"""CBAM on the flows of the dispatch: a cost per MWh on each direction of each interconnector.

Electricity entering the EU from a non-EU zone or market pays, per MWh, the exporter's emission
factor × (ETS price − carbon price paid at origin), floored at 0 (`system/carbon.py`). It is a
cost on that direction's flow variable, so flows and exports respond to it.

The factor is the exporting country's CBAM default value, or with `emission_factor: actual` the
exporting zone's average emission intensity (t CO2 per MWh generated) in a first solve of the
same LP without CBAM. One pass, no fixed point: CBAM makes the zone export less, which changes
its mix, but the average of a zone's own generation moves little with its exports, and a single
pass keeps the LP linear and the PyPSA export a plain LP. Markets have no dispatch, so they keep
their default factor.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

from powerpact.system.carbon import cbam_charged, cbam_eur_per_t, default_factor_t_per_mwh

if TYPE_CHECKING:
    from powerpact.dispatch.inputs import DispatchInputs


def with_cbam(inp: DispatchInputs) -> DispatchInputs:
    """`inp` (prepared without CBAM) with the CBAM cost of each link direction filled in."""
    system = inp.system
    settings, year = system.settings, system.year
    if not cbam_charged(settings, year):
        return inp
    links = system.interconnectors
    origins, destinations = links["from_zone"].tolist(), links["to_zone"].tolist()
    forward_eur_per_t = np.array(
        [cbam_eur_per_t(settings, year, a, b) for a, b in zip(origins, destinations, strict=True)]
    )
    reverse_eur_per_t = np.array(
        [cbam_eur_per_t(settings, year, b, a) for a, b in zip(origins, destinations, strict=True)]
    )
    if not (forward_eur_per_t.any() or reverse_eur_per_t.any()):
        return inp
    factor = _factors(inp)
    return dataclasses.replace(
        inp,
        link_cbam_forward_eur_per_mwh=forward_eur_per_t * [factor[a] for a in origins],
        link_cbam_reverse_eur_per_mwh=reverse_eur_per_t * [factor[b] for b in destinations],
    )


def _factors(inp: DispatchInputs) -> dict[str, float]:
    """t CO2 per MWh of each zone's and market's exports."""
    settings = inp.system.settings
    areas = (*settings.zones, *settings.markets)
    factor = {a: default_factor_t_per_mwh(settings, a) for a in areas}
    if settings.carbon is not None and settings.carbon.cbam.emission_factor == "actual":
        factor.update(_zone_intensity(inp))
    return factor


def _zone_intensity(inp: DispatchInputs) -> dict[str, float]:
    """Average t CO2/MWh of each zone's generation in the dispatch without CBAM; zones that
    generate nothing are left out (they keep their default factor)."""
    # Imported here: the LP is built from DispatchInputs, which is prepared with this module.
    from powerpact.dispatch.model import build
    from powerpact.dispatch.solve import DispatchOptions, solve

    lp, blocks = build(inp)
    gen = solve(lp, DispatchOptions()).x[blocks.gen]
    zones = list(inp.system.settings.zones)
    co2_t_per_mwh = inp.system.generators["co2_t_per_mwh"].to_numpy(dtype=float)
    energy = np.zeros(len(zones))
    emitted = np.zeros(len(zones))
    np.add.at(energy, inp.gen_zone, gen.sum(axis=0))
    np.add.at(emitted, inp.gen_zone, gen.sum(axis=0) * co2_t_per_mwh)
    return {z: float(emitted[i] / energy[i]) for i, z in enumerate(zones) if energy[i] > 0}
