"""`run_family(systems)`: one system at several price points, each dispatch warm-started from an
earlier one (the one before, or the one `starts` names).

Prices (fuel, carbon, neighbour markets, the value of lost load) are only objective
coefficients: systems that differ in nothing else have LPs of one shape with the same matrix
and bounds, so the previous member's optimal basis is primal feasible for the next one and the
simplex finishes from it in a fraction of a cold solve's iterations (benchmarks/
volatility_family.py). With `horizon="weeks"` the plan starts from the previous plan's basis
and each week from the previous member's same week, whose LP differs from it only in costs
and in the bounds the plan hands it. Every member still ends at an optimum of its own LP; where
that LP has several optima the one reached depends on the start, so a family's results
depend on its members' order and starts, which the caller fixes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import fields
from typing import Any

import numpy as np

from powerpact.dispatch.engine import checked, run, run_year
from powerpact.dispatch.inputs import DispatchInputs, prepare
from powerpact.dispatch.result import DispatchResult
from powerpact.dispatch.solve import DispatchOptions
from powerpact.dispatch.weeks import run_prepared_weeks
from powerpact.system import InputError, System

# Fields of `DispatchInputs` that are objective coefficients: the members of a family may
# differ in these and nothing else (`system` is the source the others were read from).
PRICE_FIELDS = frozenset(
    {
        "system",
        "gen_cost_eur_per_mwh",
        "gen_fuel_eur_per_mwh",
        "gen_co2_eur_per_mwh",
        "link_hurdle_eur_per_mwh",
        "link_cbam_forward_eur_per_mwh",
        "link_cbam_reverse_eur_per_mwh",
        "link_export_price",
        "voll_eur_per_mwh",
        "gas_shortfall_eur_per_mwh",
        "entry_price_eur_per_mwh",
        "contract_price_eur_per_mwh",
    }
)


def run_family(
    systems: Sequence[System],
    options: DispatchOptions | None = None,
    starts: Sequence[int] | None = None,
) -> list[DispatchResult]:
    """`dispatch.run` of each system, in order, each simplex started from the optimal bases of
    member `starts[k]` (an earlier one; default the one before). The systems must differ only
    in prices (InputError naming the first field that differs otherwise). Unit commitment and
    `start="weeks"` solve each member cold."""
    return list(family_results(systems, options, starts))


def family_results(
    systems: Sequence[System],
    options: DispatchOptions | None = None,
    starts: Sequence[int] | None = None,
) -> Iterator[DispatchResult]:
    """`run_family`'s results one at a time, each as soon as it is solved (a long family need
    not hold every member's hourly results at once)."""
    if not systems:
        return
    starts = _starts(len(systems), starts)
    resolved = checked(systems[0], options)
    if resolved.commitment != "off" or resolved.start != "cold":
        yield from (run(system, resolved) for system in systems)
        return
    first = prepare(systems[0])
    # A member's bases are kept until the last member starting from them is solved.
    last_use = {start: k for k, start in enumerate(starts) if start >= 0}
    bases: dict[int, Any] = {}
    for k, system in enumerate(systems):
        inp = first if k == 0 else prepare(system)
        _check_prices_only(first, inp, system.name)
        result, own = _run_one(inp, resolved, bases.get(starts[k]))
        if k in last_use:
            bases[k] = own
        for done in [j for j in bases if last_use[j] <= k]:
            del bases[done]
        yield result


def _starts(n_members: int, starts: Sequence[int] | None) -> list[int]:
    """Each member's start: an earlier member, or −1 (cold) for the first."""
    if starts is None:
        return list(range(-1, n_members - 1))
    chosen = [int(s) for s in starts]
    if len(chosen) != n_members or any(not -1 <= s < k for k, s in enumerate(chosen)):
        raise ValueError("starts: one per member, each an earlier member's index or -1")
    return chosen


def _run_one(
    inp: DispatchInputs, options: DispatchOptions, warm: Any
) -> tuple[DispatchResult, Any]:
    """One member from `warm`: the previous member's `Bases` (weeks) or basis (year)."""
    if options.horizon == "weeks":
        return run_prepared_weeks(inp, options, warm)
    return run_year(inp, options, warm)


def _check_prices_only(first: DispatchInputs, other: DispatchInputs, name: str) -> None:
    for item in fields(DispatchInputs):
        if item.name in PRICE_FIELDS:
            continue
        if not _same(getattr(first, item.name), getattr(other, item.name)):
            raise InputError(
                name,
                "a dispatch family's systems may differ only in prices (fuel, carbon, markets), "
                f"but {item.name} differs from the first member's",
                "run_family",
            )


def _same(a: Any, b: Any) -> bool:
    """Equal values of a `DispatchInputs` field: arrays element by element, indexes by `equals`."""
    if a is None or b is None:
        return a is b
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    return bool(a == b) if not hasattr(a, "equals") else bool(a.equals(b))
