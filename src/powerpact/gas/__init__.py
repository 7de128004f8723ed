"""Gas security of supply: N-1, the supply standard, a winter drill and diversity indicators."""

from powerpact.gas.common import GasOptions
from powerpact.gas.drill import DrillFigures, DrillResult, drill
from powerpact.gas.indicators import IndicatorFigures, Indicators, indicators
from powerpact.gas.n1 import NMinus1, NMinus1Figures, n_minus_1
from powerpact.gas.network import NetworkFigures, NetworkResult, network
from powerpact.gas.standard import SupplyStandard, SupplyStandardFigures, supply_standard

# The record of every figure the gas engine reports under its own name: `gas --json` and the
# "gas" stage of assess print exactly these fields. A system with a gas network adds
# NetworkFigures to `gas --json` (not yet to assess).
GAS_FIGURES = (NMinus1Figures, SupplyStandardFigures, IndicatorFigures, DrillFigures)

__all__ = [
    "GAS_FIGURES",
    "DrillFigures",
    "DrillResult",
    "GasOptions",
    "IndicatorFigures",
    "Indicators",
    "NMinus1",
    "NMinus1Figures",
    "NetworkFigures",
    "NetworkResult",
    "SupplyStandard",
    "SupplyStandardFigures",
    "drill",
    "indicators",
    "n_minus_1",
    "network",
    "supply_standard",
]
