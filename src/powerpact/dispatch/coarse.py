"""The dispatch inputs at reduced time resolution: hours summed into blocks within each UTC day.

The LP of `model.build` read with every hourly quantity in MWh per block instead of MW is the same
problem at coarse resolution: a block's balance is its demand energy, its bounds are the energy the
block's hours allow, costs stay per MWh, storage and reservoir equations are already in MWh. So the
coarse problem is `build` applied to these inputs, with no second formulation to keep in step.

Blocks never cross a UTC day (the gas balance is daily), hence never a calendar month (the hydro
budgets are monthly): both keep their rows unchanged.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from powerpact.dispatch.inputs import DispatchInputs


def block_starts(day_of_hour: np.ndarray, block_h: int) -> np.ndarray:
    """First hour of each block: a new block every `block_h` hours of a day and at each new day."""
    n_hours = len(day_of_hour)
    new_day = np.flatnonzero(np.diff(day_of_hour, prepend=-1))
    first_of_day = np.repeat(new_day, np.diff(np.append(new_day, n_hours)))
    within_day = np.arange(n_hours) - first_of_day
    return np.flatnonzero((within_day % block_h) == 0)


def coarse(inp: DispatchInputs, block_h: int) -> tuple[DispatchInputs, np.ndarray]:
    """`inp` in blocks of up to `block_h` hours, and the first hour of each block."""
    starts = block_starts(inp.day_of_hour, block_h)
    hours = np.diff(np.append(starts, len(inp.day_of_hour)))

    def total(hourly: np.ndarray) -> np.ndarray:
        return np.add.reduceat(hourly, starts, axis=0) if hourly.shape[1] else hourly[starts]

    return (
        dataclasses.replace(
            inp,
            gen_upper_mw=total(inp.gen_upper_mw),
            gen_lower_mw=total(inp.gen_lower_mw),
            demand_mw=total(inp.demand_mw),
            spill_upper_mw=total(inp.spill_upper_mw),
            sto_discharge_mw=total(inp.sto_discharge_mw),
            sto_charge_mw=total(inp.sto_charge_mw),
            link_forward_mw=total(inp.link_forward_mw),
            link_reverse_mw=total(inp.link_reverse_mw),
            path_upper_mw=total(inp.path_upper_mw),
            # A price per MWh: the block's mean, the price of a flow spread evenly over it.
            link_export_price=total(inp.link_export_price) / hours[:, None],
            month_of_hour=inp.month_of_hour[starts],
            day_of_hour=inp.day_of_hour[starts],
        ),
        starts,
    )
