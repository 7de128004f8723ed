"""Gas security of supply: N-1, the supply standard, a winter drill and diversity indicators."""

from powerpact.gas.common import GasOptions
from powerpact.gas.drill import DrillResult, drill
from powerpact.gas.indicators import Indicators, indicators
from powerpact.gas.n1 import NMinus1, n_minus_1
from powerpact.gas.standard import SupplyStandard, supply_standard

__all__ = [
    "DrillResult",
    "GasOptions",
    "Indicators",
    "NMinus1",
    "SupplyStandard",
    "drill",
    "indicators",
    "n_minus_1",
    "supply_standard",
]
