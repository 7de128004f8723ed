"""Can the volatility surrogate's bias be corrected from its own design dispatches? Estimators
of Serbia's bill at held-out paths built only from the study's designs (issue 19), each checked
against full dispatches at two held-out seeds; and how far a full dispatch's own bill moves
between two optimal dispatches of the same prices (warm-started in the study's family, and
from scratch), the floor under any surrogate's gap (benchmarks/volatility.md).

    .venv/bin/python benchmarks/volatility_estimators.py [--option see-2025/nis-ccgt]
        [--paths 167] [--held-out 12] [--workers 2]

The study and the held-out paths are volatility_regional.py's (one climate year, 167 paths of
seed 2025); held-out seeds 77 and 78. Nothing here is fitted on a held-out path.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from volatility_regional import STUDY_SEED, study_options  # the same study, one definition

from powerpact.studies.volatility import option_spec, volatility
from powerpact.studies.volatility.bill import CostTerms
from powerpact.studies.volatility.design import DesignResult, DesignTask, option_system
from powerpact.studies.volatility.execute import run_tasks
from powerpact.studies.volatility.paths import climate_years, draws, scaled_logs
from powerpact.studies.volatility.study import focus_zone, path_groups

HELD_OUT_SEEDS = (77, 78)


@dataclass(frozen=True)
class Repriced:
    """Every design re-priced at every point: bills and system costs (designs × points), the
    points' distances to the designs (`paths.scaled_logs`) and which designs each may take."""

    bill_eur: np.ndarray
    system_eur: np.ndarray
    distance: np.ndarray
    allowed: np.ndarray

    def chosen(self, allowed: np.ndarray | None = None) -> np.ndarray:
        """Per point, the allowed design of least re-priced system cost (the surrogate's pick)."""
        mask = self.allowed if allowed is None else allowed
        return np.argmin(np.where(mask, self.system_eur, np.inf), axis=0)

    def taken(self, chosen: np.ndarray) -> np.ndarray:
        return self.bill_eur[chosen, np.arange(self.bill_eur.shape[1])]


def _at(terms: CostTerms, base_gas: float, points: np.ndarray) -> np.ndarray:
    return terms.at(base_gas * points[:, 0], points[:, 1], points[:, 2])


def repriced(
    designs: Sequence[DesignResult], groups: np.ndarray, points: np.ndarray, group: np.ndarray
) -> Repriced:
    task = designs[0].task
    base_gas = designs[0].bill.design.gas_eur_per_mwh_th / task.gas_multiplier
    apart = scaled_logs(_points(designs))[:, None] - scaled_logs(points)[None]
    return Repriced(
        bill_eur=np.vstack([_at(d.bill, base_gas, points) for d in designs]),
        system_eur=np.vstack([_at(d.system_cost, base_gas, points) for d in designs]),
        distance=np.sqrt((apart**2).sum(axis=2)),
        allowed=groups[:, None] == group[None, :],
    )


def leave_one_out(designs: Sequence[DesignResult], groups: np.ndarray) -> tuple[np.ndarray, ...]:
    """At each design: the surrogate's relative bill error with that design left out, and the
    distance to the design it took instead (0 and 1 when its group has no other)."""
    own = repriced(designs, groups, _points(designs), groups)
    others = own.allowed & ~np.eye(len(designs), dtype=bool)
    alone = ~others.any(axis=0)
    chosen = own.chosen(others | np.diag(alone))
    true = np.diag(own.bill_eur)
    error = np.where(alone, 0.0, own.taken(chosen) / true - 1)
    step = np.where(alone, 1.0, own.distance[chosen, np.arange(len(designs))])
    return error, step, alone


def _points(designs: Sequence[DesignResult]) -> np.ndarray:
    return np.array(
        [[d.task.gas_multiplier, d.task.co2_multiplier, d.task.power_multiplier] for d in designs]
    )


Estimator = Callable[[Repriced], np.ndarray]


def estimators(designs: Sequence[DesignResult], groups: np.ndarray) -> dict[str, Estimator]:
    error, step, alone = leave_one_out(designs, groups)

    def surrogate(r: Repriced) -> np.ndarray:
        return r.taken(r.chosen())

    def nearest(r: Repriced) -> np.ndarray:
        return r.taken(np.argmin(np.where(r.allowed, r.distance, np.inf), axis=0))

    def least_bill(r: Repriced) -> np.ndarray:
        return np.where(r.allowed, r.bill_eur, np.inf).min(axis=0)

    def local_envelope(r: Repriced) -> np.ndarray:
        # Least system cost among the designs within 1 volatility (always the nearest).
        near = np.where(r.allowed, r.distance, np.inf)
        return r.taken(r.chosen(r.allowed & ((near <= 1.0) | (near == near.min(axis=0)))))

    def shepard(r: Repriced) -> np.ndarray:
        weight = np.where(r.allowed, 1 / np.maximum(r.distance, 1e-9) ** 4, 0.0)
        return (weight * r.bill_eur).sum(axis=0) / weight.sum(axis=0)

    def softmin(r: Repriced) -> np.ndarray:
        excess = r.system_eur / np.where(r.allowed, r.system_eur, np.inf).min(axis=0) - 1
        weight = np.where(r.allowed, np.exp(-excess / 0.0025 - r.distance**2), 0.0)
        return (weight * r.bill_eur).sum(axis=0) / weight.sum(axis=0)

    def kernel(r: Repriced) -> np.ndarray:
        weight = np.where(r.allowed & ~alone[:, None], np.exp(-0.5 * (r.distance / 0.5) ** 2), 0)
        return weight / np.maximum(weight.sum(axis=0), 1e-300)

    def loo_residual(r: Repriced) -> np.ndarray:
        return surrogate(r) / (1 + (kernel(r) * error[:, None]).sum(axis=0))

    def loo_rate(r: Repriced) -> np.ndarray:
        # Exact at the designs: the LOO error per squared step, times the squared distance to
        # the design taken.
        taken = r.distance[r.chosen(), np.arange(r.distance.shape[1])]
        rate = (kernel(r) * (error / step**2)[:, None]).sum(axis=0)
        return surrogate(r) / (1 + rate * taken**2)

    return {
        "surrogate (least system cost)": surrogate,
        "nearest design": nearest,
        "least re-priced bill": least_bill,
        "least system cost within 1 sigma": local_envelope,
        "Shepard mean of bills (1/d^4)": shepard,
        "softmin of system cost x Gauss(d)": softmin,
        "LOO residual, Gauss 0.5 sigma": loo_residual,
        "LOO error/step^2 x d^2, Gauss 0.5": loo_rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--option", default="see-2025/nis-ccgt")
    parser.add_argument("--paths", type=int, default=167)
    parser.add_argument("--held-out", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    option = option_spec(args.option)
    # The regional check's surrogate study: its designs are what the estimators are built from.
    options = study_options(args.paths, args.workers)
    result = volatility(option, options)
    designs, groups = result.designs, result.design_group
    print(f"{args.option}, {args.paths} paths, 1 climate year: {len(designs)} design dispatches")
    system = option_system(option, None)
    climates = climate_years(system, focus_zone(system, None), 1)
    cold = run_tasks([d.task for d in designs], args.workers)
    for seed in HELD_OUT_SEEDS:
        points = draws(args.held_out, seed, climates).prices.stacked()
        group = path_groups(np.zeros(len(points), int), points[:, 0], result.gas_thresholds)
        tasks = [
            DesignTask(option, "RS", None, climates[0], STUDY_SEED, *map(float, m)) for m in points
        ]
        full = np.array([r.bill.own_eur() for r in run_tasks(tasks, args.workers)])
        at = repriced(designs, groups, points, group)
        print(f"  held-out seed {seed}, {len(points)} paths: |gap| of the bill")
        for name, estimate in estimators(designs, groups).items():
            gap = estimate(at) / full - 1
            size = np.abs(gap)
            print(
                f"    {name:34s} median {100 * np.median(size):5.2f} %, 90th "
                f"{100 * np.percentile(size, 90):5.2f} %, max {100 * size.max():5.2f} %; "
                f"{(gap > 0).sum()} of {len(gap)} over, {(size <= 0.01).sum()} within 1 %"
            )
        # The same surrogate from the same design points dispatched from scratch: another
        # optimum of each design's LP.
        again = repriced(cold, groups, points, group)
        moved = again.taken(again.chosen()) - at.taken(at.chosen())
        print(
            f"    the surrogate from the designs dispatched from scratch: the same designs taken "
            f"{(again.chosen() == at.chosen()).all()}, |change| of the bill up to "
            f"{100 * np.abs(moved / full).max():.2f} % of the full bill"
        )
    spread = np.array(
        [w.bill.own_eur() / c.bill.own_eur() - 1 for w, c in zip(designs, cold, strict=True)]
    )
    system_spread = np.array(
        [
            w.system_cost.own_eur() / c.system_cost.own_eur() - 1
            for w, c in zip(designs, cold, strict=True)
        ]
    )
    print(
        f"  the designs dispatched again from scratch: system cost within "
        f"{100 * np.abs(system_spread).max():.4f} %, Serbia's bill |change| median "
        f"{100 * np.median(np.abs(spread)):.2f} %, max {100 * np.abs(spread).max():.2f} %"
    )


if __name__ == "__main__":
    main()
