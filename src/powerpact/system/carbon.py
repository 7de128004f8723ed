"""Carbon prices by zone and the CBAM charge on electricity entering the EU (settings `carbon`).

Without a `carbon` section every zone pays `co2_price_eur_per_t`, as before zones had their own
price. With one, EU members pay the EU ETS price of the study year and other zones their own
price (0 unless given); CBAM then charges flows from a non-EU area into an EU one. Giving
`co2_price_eur_per_t` as well (a scenario asking "what if carbon cost X everywhere") sets that
one price for every zone and market, which leaves CBAM nothing to charge; a scenario that adds
`carbon` alone drops its base's `co2_price_eur_per_t` (system/scenario.py), so the overlay that
speaks last chooses.
"""

from __future__ import annotations

import numpy as np

from powerpact.system.settings import (
    CBAM_DEFAULT_FACTOR_T_PER_MWH,
    CBAM_EU_FACTOR_T_PER_MWH,
    CBAM_FIRST_YEAR,
    EU_27,
    Carbon,
    Settings,
)


def zonal(settings: Settings) -> Carbon | None:
    """The carbon section when it sets prices by zone; None when one price applies everywhere."""
    if settings.carbon is None or "co2_price_eur_per_t" in settings.model_fields_set:
        return None
    return settings.carbon


def ets_price_eur_per_t(carbon: Carbon, year: int) -> float:
    """The path interpolated linearly to `year`, flat before its first and after its last year."""
    years = sorted(carbon.ets_price_eur_per_t_by_year)
    prices = [carbon.ets_price_eur_per_t_by_year[y] for y in years]
    return float(np.interp(year, years, prices))


def eu_members(settings: Settings) -> frozenset[str]:
    carbon = settings.carbon
    if carbon is not None and carbon.eu_members is not None:
        return frozenset(carbon.eu_members)
    return frozenset(a for a in (*settings.zones, *settings.markets) if a in EU_27)


def co2_price_by_area(settings: Settings, year: int) -> dict[str, float]:
    """EUR/t paid by generators in each zone (and, for CBAM, notionally in each market)."""
    areas = (*settings.zones, *settings.markets)
    carbon = zonal(settings)
    if carbon is None:
        return dict.fromkeys(areas, settings.co2_price_eur_per_t)
    ets = ets_price_eur_per_t(carbon, year)
    members = eu_members(settings)
    return {a: ets if a in members else carbon.non_eu_price_eur_per_t.get(a, 0.0) for a in areas}


def cbam_charged(settings: Settings, year: int) -> bool:
    carbon = zonal(settings)
    if carbon is None:
        return False
    enabled = carbon.cbam.enabled
    return year >= CBAM_FIRST_YEAR if enabled is None else enabled


def cbam_eur_per_t(settings: Settings, year: int, origin: str, destination: str) -> float:
    """CBAM per t of embedded CO2 on electricity from `origin` into `destination`: the ETS price
    less the carbon price paid at origin, when it enters the EU from outside (else 0)."""
    carbon = zonal(settings)
    if carbon is None or not cbam_charged(settings, year):
        return 0.0
    members = eu_members(settings)
    if origin in members or destination not in members:
        return 0.0
    paid = co2_price_by_area(settings, year)[origin]
    return max(ets_price_eur_per_t(carbon, year) - paid, 0.0)


def default_factor_t_per_mwh(settings: Settings, area: str) -> float:
    """The CBAM default emission factor of `area`'s electricity: the settings' table over the
    built-in one, the EU's own factor for a country in neither."""
    given = settings.carbon.cbam.default_factor_t_per_mwh if settings.carbon else {}
    return given.get(area, CBAM_DEFAULT_FACTOR_T_PER_MWH.get(area, CBAM_EU_FACTOR_T_PER_MWH))
