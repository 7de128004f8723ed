"""Options of the plant appraisal: finance, prices, cost overrides and price risk."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

# EU ETS average EUA price in 2025 (Veyt, "2025 EU ETS year in review", early 2026).
ETS_PRICE_2025_EUR_PER_T = 75.0


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RiskOptions(_Frozen):
    """Correlated, mean-reverting lognormal price factors, one draw per path and operating year.

    Each factor's log-deviation follows x_t = φ·x_{t−1} + σ·ε_t (x_0 = 0), and the price is
    base × exp(x_t − Var(x_t)/2), so every year's mean equals the base price. Defaults (annual log
    volatilities) are read off the year-on-year moves in the reference data: TTF front month −33 %
    over 2025 (log −0.40); EUA average −22 % in 2024 and +12 % in 2025 (log −0.25, +0.11, RMS 0.19).
    Persistence and correlations are assumptions to verify; neighbour power prices follow gas
    closely in South-East Europe, where gas plants usually set the price.
    """

    paths: int = Field(default=500, ge=1, le=100_000)
    seed: int = 2025
    gas_volatility: float = Field(default=0.40, ge=0, le=3)
    co2_volatility: float = Field(default=0.20, ge=0, le=3)
    power_volatility: float = Field(default=0.35, ge=0, le=3)
    persistence: float = Field(default=0.6, ge=0, lt=1)
    corr_gas_co2: float = Field(default=0.3, ge=-1, le=1)
    corr_gas_power: float = Field(default=0.8, ge=-1, le=1)
    corr_co2_power: float = Field(default=0.5, ge=-1, le=1)

    @model_validator(mode="after")
    def _positive_semidefinite(self) -> RiskOptions:
        import numpy as np

        if np.linalg.eigvalsh(self.correlation()).min() < -1e-12:
            raise ValueError("the correlations of gas, CO2 and power do not form a valid matrix")
        return self

    def correlation(self) -> list[list[float]]:
        g_c, g_p, c_p = self.corr_gas_co2, self.corr_gas_power, self.corr_co2_power
        return [[1.0, g_c, g_p], [g_c, 1.0, c_p], [g_p, c_p, 1.0]]


class AppraisalOptions(_Frozen):
    """Everything the appraisal assumes beyond the system and the technology cost table.

    `None` means: take the value from the system (prices) or the technology table (costs).
    """

    # IEA/NEA Projected Costs of Generating Electricity 2020 reports LCOE at 3, 7 and 10 % real.
    discount_rate: float = Field(default=0.07, ge=0, le=1)
    technology: str | None = None
    lifetime_years: int | None = Field(default=None, ge=1, le=100)
    construction_years: int | None = Field(default=None, ge=1, le=20)
    capex_eur_per_kw: float | None = Field(default=None, ge=0)
    fixed_om_eur_per_kw_year: float | None = Field(default=None, ge=0)
    variable_om_eur_per_mwh: float | None = Field(default=None, ge=0)
    fuel_price_eur_per_mwh_th: float | None = Field(default=None, ge=0)
    co2_price_eur_per_t: float | None = Field(default=None, ge=0)
    ets_price_eur_per_t: float = Field(default=ETS_PRICE_2025_EUR_PER_T, ge=0)
    export_share: float | None = Field(default=None, ge=0, le=1)
    eu_markets: tuple[str, ...] | None = None
    cbam_in_npv: bool = False
    risk: RiskOptions = Field(default_factory=RiskOptions)
