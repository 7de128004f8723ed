"""``interconnectors.csv`` and ``market_prices.csv``: Serbia's borders and neighbouring markets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import synthesis as syn
from .common import ZONE, Context, write_csv

# Border -> neighbouring market. The market's position is the random-stream key of its prices.
BORDERS = {"rs-hu": "HU", "rs-ro": "RO", "rs-bg": "BG", "rs-wb": "WB"}
MARKETS = list(BORDERS.values())


def _border_row(ctx: Context, name: str, market: str) -> dict[str, object]:
    def cell(column: str, key: str) -> float:
        return ctx.log.add(f"interconnectors.csv:{name}:{column}", ctx.figures[key])

    return {
        "name": name,
        "from_zone": ZONE,
        "to_zone": market,
        "capacity_mw": cell("capacity_mw", f"interconnectors.{name}.capacity_mw"),
        "capacity_reverse_mw": cell(
            "capacity_reverse_mw", f"interconnectors.{name}.capacity_reverse_mw"
        ),
        # A hurdle cost on every border stops the dispatch buying from one neighbour and selling
        # to another in the same hour for free.
        "hurdle_cost_eur_per_mwh": cell(
            "hurdle_cost_eur_per_mwh", "interconnectors.hurdle_cost_eur_per_mwh"
        ),
        "forced_outage_rate": cell("forced_outage_rate", "interconnectors.forced_outage_rate"),
        "mttr_h": cell("mttr_h", "interconnectors.mttr_h"),
    }


def build_interconnectors(ctx: Context) -> pd.DataFrame:
    """Write ``interconnectors.csv``: one aggregated line per neighbouring market."""
    frame = pd.DataFrame([_border_row(ctx, name, market) for name, market in BORDERS.items()])
    write_csv(frame, ctx.out / "interconnectors.csv")
    return frame


def monthly_price_factors(ctx: Context) -> list[float]:
    return [
        float(ctx.figures.value(f"market_prices.monthly_factor_m{m:02d}")) for m in range(1, 13)
    ]


def build_market_prices(
    ctx: Context, demand_mw: np.ndarray, solar_cf: np.ndarray, wind_cf: np.ndarray
) -> pd.DataFrame:
    """Write ``market_prices.csv``: hourly prices of the neighbouring markets.

    The annual means sit within 2 EUR/MWh of each other: HU, RO and BG are coupled in the EU
    day-ahead market and clear at nearly equal prices, and WB trades with them.
    """
    f, log = ctx.figures, ctx.log
    factors = monthly_price_factors(ctx)
    prices = pd.DataFrame({"timestamp": ctx.timestamps})
    for key, market in enumerate(MARKETS):
        mean = f[f"markets.{market}.annual_mean_eur_per_mwh"]
        hourly = syn.synth_prices(
            ctx.hours, demand_mw, solar_cf, wind_cf, mean.number, factors, ctx.seed, key=key
        )
        prices[market] = np.round(hourly, 2)
        log.add(f"market_prices.csv:{market}:annual_mean", mean)
    log.add(
        "market_prices.csv:monthly_factor",
        f["market_prices.monthly_factor"].with_note(levels="/".join(f"{x:.2f}" for x in factors)),
    )
    write_csv(prices, ctx.out / "market_prices.csv")
    return prices


def import_availability(ctx: Context) -> dict[str, float]:
    """Share of import capacity each neighbour delivers in scarcity (logged for system.yaml)."""
    shares = {}
    for market in MARKETS:
        shares[market] = ctx.log.add(
            f"system.yaml:markets.{market}.import_availability",
            ctx.figures[f"markets.{market}.import_availability"],
        )
    return shares
