"""A plant's appraisal with the dispatches it needs: the system as given and, for the risk
figures, the system without the plant."""

from __future__ import annotations

from powerpact import dispatch as dispatch_engine
from powerpact import economics
from powerpact.dispatch import DispatchResult
from powerpact.economics import Appraisal, AppraisalOptions
from powerpact.economics.engine import check_plant
from powerpact.system import System, without


def appraise(
    system: System,
    plant: str,
    options: AppraisalOptions | None = None,
    dispatch: DispatchResult | None = None,
    dispatch_without: DispatchResult | None = None,
    risk: bool = True,
) -> Appraisal:
    """Appraise `plant`, dispatching whatever is not given; `risk` adds the price-risk figures,
    which need the dispatch of the system without the plant."""
    check_plant(system, plant)
    dispatch = dispatch or dispatch_engine.run(system)
    if risk and dispatch_without is None:
        dispatch_without = dispatch_engine.run(without(system, "generators", [plant]))
    return economics.appraise(
        system, plant, dispatch, options, dispatch_without=dispatch_without if risk else None
    )
