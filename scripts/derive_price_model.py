"""Derive `src/powerpact/data/derived/price_model.csv`: the parameters of the correlated,
mean-reverting lognormal price model of the volatility study (docs/volatility.md) from annual
means of TTF gas, EU ETS allowances and a neighbour power price in `scripts/volatility/figures.csv`.

Gas comes as the World Bank's "Natural gas, Europe" in USD/MMBtu (`ttf_usd_per_mmbtu`) with the
ECB's yearly mean USD per EUR (`usd_per_eur`), converted here to EUR/MWh; a year with a direct
`ttf` row (EUR/MWh) takes that row instead.

The model is the appraisal's (`powerpact.economics.risk.price_multipliers`): for each factor the
log deviation of the annual mean from its long-run level follows x_t = φ·x_{t−1} + σ·ε_t, the
shocks ε correlated across factors. Here, on the demeaned log annual means y_t of 2015–2025:

- φ (one persistence for all three factors, as the model has one): pooled least squares of y_t
  on y_{t−1}, clipped to [0, 0.95];
- σ of each factor: the standard deviation of its residuals y_t − φ·y_{t−1};
- correlations: of those residuals, over the years all three series have.

Stress path "gas-2022": each factor's 2022 annual mean over its latest year in the table.

Run: python scripts/derive_price_model.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "scripts" / "volatility" / "figures.csv"
OUT = ROOT / "src" / "powerpact" / "data" / "derived" / "price_model.csv"
FACTORS = ("gas", "co2", "power")
SERIES = {"gas": "ttf", "co2": "eua", "power": "power"}
STRESS_YEAR = 2022
MAX_PERSISTENCE = 0.95
MWH_PER_MMBTU = 0.293071  # 1 MMBtu = 1.055056 GJ = 0.293071 MWh
HEADER = (
    "# Price model of the volatility study, derived by scripts/derive_price_model.py from\n"
    "# scripts/volatility/figures.csv (annual means of TTF, EUA and the Hungarian day-ahead\n"
    "# price; sources there). Do not edit: rerun the script.\n"
)


def annual_means(figures: pd.DataFrame) -> pd.DataFrame:
    """Years × factors of annual mean prices, gas in EUR/MWh."""
    table = figures.pivot(index="year", columns="series", values="value")
    converted = table["ttf_usd_per_mmbtu"] / table["usd_per_eur"] / MWH_PER_MMBTU
    table["ttf"] = table["ttf"].combine_first(converted) if "ttf" in table else converted
    return table.rename(columns={v: k for k, v in SERIES.items()})[list(FACTORS)]


def fit(means: pd.DataFrame) -> dict[str, float]:
    logs = np.log(means)
    deviations = logs - logs.mean()
    lagged, current = deviations.shift(1).iloc[1:], deviations.iloc[1:]
    both = lagged.notna() & current.notna()
    phi = float((lagged[both] * current[both]).sum().sum() / (lagged[both] ** 2).sum().sum())
    phi = min(max(phi, 0.0), MAX_PERSISTENCE)
    residuals = (current - phi * lagged).dropna()
    sigma = residuals.std(ddof=1)
    corr = residuals.corr()
    params = {f"{f}_volatility": float(sigma[f]) for f in FACTORS}
    params["persistence"] = phi
    params["corr_gas_co2"] = float(corr.loc["gas", "co2"])
    params["corr_gas_power"] = float(corr.loc["gas", "power"])
    params["corr_co2_power"] = float(corr.loc["co2", "power"])
    for factor in FACTORS:
        column = means[factor].dropna()
        params[f"stress_{STRESS_YEAR}_{factor}"] = float(column.loc[STRESS_YEAR] / column.iloc[-1])
    params["first_year"] = float(means.index.min())
    params["last_year"] = float(means.index.max())
    return params


def main() -> None:
    figures = pd.read_csv(FIGURES)
    params = fit(annual_means(figures))
    lines = [HEADER, "parameter,value\n"]
    lines += [f"{name},{value:.6g}\n" for name, value in params.items()]
    OUT.write_text("".join(lines))
    print(f"wrote {OUT.relative_to(ROOT)}")
    for name, value in params.items():
        print(f"  {name} = {value:.4g}")


if __name__ == "__main__":
    main()
