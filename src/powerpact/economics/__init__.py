"""Plant appraisal: LCOE, NPV, IRR, payback, gas need, CO2, carbon-border cost and price risk."""

from powerpact.economics.appraisal import (
    Appraisal,
    AppraisalFigures,
    PlantInputs,
    appraise_plant,
)
from powerpact.economics.costs import PlantCosts, technology_costs
from powerpact.economics.engine import appraise
from powerpact.economics.options import AppraisalOptions, RiskOptions

__all__ = [
    "Appraisal",
    "AppraisalFigures",
    "AppraisalOptions",
    "PlantCosts",
    "PlantInputs",
    "RiskOptions",
    "appraise",
    "appraise_plant",
    "technology_costs",
]
