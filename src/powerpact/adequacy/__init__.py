"""Probabilistic resource adequacy: LOLE, LOLD, EENS and LOLP by the analytical capacity outage
probability table (`copt`) and by sequential Monte Carlo with joint gas–power risk
(`monte_carlo`), and multi-area sequential Monte Carlo with zones joined by their interconnectors
(`monte_carlo_areas`). See docs/adequacy.md."""

from powerpact.adequacy.copt import CoptOptions, OutageTable, copt, outage_table
from powerpact.adequacy.montecarlo import MonteCarloOptions, monte_carlo
from powerpact.adequacy.multiarea import MultiAreaResult, monte_carlo_areas
from powerpact.adequacy.results import AdequacyFigures, AdequacyResult, merge

__all__ = [
    "AdequacyFigures",
    "AdequacyResult",
    "CoptOptions",
    "MonteCarloOptions",
    "MultiAreaResult",
    "OutageTable",
    "copt",
    "merge",
    "monte_carlo",
    "monte_carlo_areas",
    "outage_table",
]
