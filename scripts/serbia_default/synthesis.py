"""Synthesise hourly and daily input series from small derived shape factors.

The embedded default system may not ship third-party hourly series. Instead
``scripts/derive_serbia_data.py`` reduces them to small tables in ``src/powerpact/data/derived/``
(monthly means, month x hour shapes, quantiles, AR(1) parameters) and this module turns those
tables plus published annual totals into hourly series with realistic variability:

- demand: month x day-type x hour shape times an AR(1) "weather" residual, scaled so the year
  sums exactly to the published annual energy;
- wind: a Gaussian AR(1) process with a diurnal mean, mapped month by month through the
  empirical capacity-factor quantiles (this keeps calm hours and the skewed distribution) and
  scaled, with a cap, to the target capacity factor;
- solar: month x hour mean shape times an AR(1) daily clearness ratio drawn from the empirical
  daily quantiles;
- run-of-river: monthly availability shape times an AR(1) daily log-ratio, scaled to the target
  annual energy;
- a daily temperature path (seasonal curve + AR(1) anomalies) that drives both the demand
  weather term and the heating part of daily gas demand, so cold spells hit power and gas
  together;
- neighbour prices from stated parameters (no public hourly source).

Every function takes a ``seed`` and draws from its own ``numpy.random.default_rng([seed, key])``
stream, so a series does not change when another one is added or removed, and the same seed
always gives the same series.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

# The derived tables ship with the package (their README documents them); only the build reads
# them.
DERIVED_DIR = Path(__file__).resolve().parents[2] / "src" / "powerpact" / "data" / "derived"

# Stream keys: one independent random stream per series.
_KEY_DEMAND = 1
_KEY_WIND = 2
_KEY_SOLAR = 3
_KEY_ROR = 10  # + index of the profile
_KEY_PRICE = 30  # regional price noise; + 1 + index of the market for its own noise
_KEY_GAS = 50


@dataclass(frozen=True)
class Derived:
    """The derived shape tables, as read from ``src/powerpact/data/derived``."""

    demand_monthly: pd.DataFrame
    demand_shape: pd.DataFrame
    demand_residual: pd.DataFrame
    wind_quantiles: pd.DataFrame
    wind_ar1: pd.DataFrame
    wind_diurnal: pd.DataFrame
    solar_shape: pd.DataFrame
    solar_daily: pd.DataFrame
    ror_monthly: pd.DataFrame
    ror_daily: pd.DataFrame
    hydro_inflow_shares: pd.DataFrame
    thermal_outages: pd.DataFrame


def load_derived(path: Path | None = None) -> Derived:
    """Read the derived tables written by ``scripts/derive_serbia_data.py``."""
    base = DERIVED_DIR if path is None else Path(path)
    names = Derived.__dataclass_fields__.keys()
    return Derived(**{n: pd.read_csv(base / f"{n}.csv") for n in names})


def hourly_index(year: int) -> pd.DatetimeIndex:
    """Hourly UTC timestamps of a calendar year."""
    start = pd.Timestamp(year=year, month=1, day=1, tz="UTC")
    end = pd.Timestamp(year=year + 1, month=1, day=1, tz="UTC")
    return pd.date_range(start, end, freq="h", inclusive="left")


def format_timestamps(index: pd.DatetimeIndex) -> list[str]:
    """ISO 8601 UTC strings like ``2025-01-01T00:00:00Z``."""
    return [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in index]


def _rng(seed: int, key: int) -> np.random.Generator:
    return np.random.default_rng([seed, key])


def _ar1_path(
    phi: np.ndarray, sd: np.ndarray, rng: np.random.Generator, stationary_start: bool = True
) -> np.ndarray:
    """AR(1) path x_t = phi_t x_{t-1} + sd_t eps_t with time-varying parameters."""
    n = len(phi)
    eps = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = sd[0] * eps[0] / np.sqrt(max(1.0 - phi[0] ** 2, 1e-6)) if stationary_start else 0.0
    for t in range(1, n):
        x[t] = phi[t] * x[t - 1] + sd[t] * eps[t]
    return x


def scale_to_mean(x: np.ndarray, target_mean: float, cap: float = 1.0) -> np.ndarray:
    """Scale a non-negative series by one factor, capped at ``cap``, so its mean is exact.

    Capping loses energy at the top, so the factor is found by bisection; the result has mean
    ``target_mean`` to floating-point precision (if the target is reachable below the cap).
    """
    x = np.clip(np.asarray(x, dtype=float), 0.0, None)
    if target_mean <= 0 or x.max() <= 0:
        return np.zeros_like(x)
    if target_mean >= cap:
        raise ValueError(f"target mean {target_mean} is not below the cap {cap}")
    lo, hi = 0.0, target_mean / x.mean()
    while np.minimum(hi * x, cap).mean() < target_mean:
        hi *= 2.0
        if hi > 1e6:
            raise ValueError("target mean not reachable below the cap")
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.minimum(mid * x, cap).mean() < target_mean:
            lo = mid
        else:
            hi = mid
    y = np.minimum(hi * x, cap)
    # Remove the last rounding error on the uncapped part, so the mean is exact.
    free = y < cap
    if free.any():
        y[free] *= 1.0 + (target_mean * len(y) - y.sum()) / y[free].sum()
    return np.minimum(y, cap)


def _by_month(values: pd.Series, months: np.ndarray) -> np.ndarray:
    return values.reindex(months).to_numpy(dtype=float)


def monthly_demand_ratios(
    derived: Derived,
    heating_damping: float,
    cooling_uplift: float,
    cooling_index: Sequence[float],
) -> np.ndarray:
    """Monthly mean-load ratios (mean 1 over the months, weighted by days) for today's demand.

    The 2010 shape is too winter-heavy for the 2020s (less electric heating, much more air
    conditioning): the winter/summer deviation from the mean is damped by ``heating_damping``
    and a cooling term ``cooling_uplift * cooling_index[month]`` is added.
    """
    base = derived.demand_monthly.set_index("month")["mean_load_ratio"].reindex(range(1, 13))
    ratio = 1.0 + heating_damping * (base.to_numpy() - 1.0)
    ratio = ratio + cooling_uplift * np.asarray(cooling_index, dtype=float)
    return ratio


def synth_demand(
    index: pd.DatetimeIndex,
    derived: Derived,
    annual_energy_mwh: float,
    monthly_ratio: Sequence[float],
    seed: int,
    noise_scale: float = 1.0,
    daily_factor: np.ndarray | None = None,
) -> np.ndarray:
    """Hourly demand in MW summing exactly to ``annual_energy_mwh`` over ``index``.

    ``daily_factor`` (one value per day of ``index``, e.g. from :func:`weather_factor`)
    multiplies the deterministic shape; the AR(1) residual, scaled by ``noise_scale``, adds the
    variability that temperature does not explain.
    """
    months = index.month.to_numpy()
    daytype = np.where(index.day_of_week.to_numpy() >= 5, "weekend", "weekday")
    shape = derived.demand_shape.set_index(["month", "daytype", "hour"])["factor"]
    keys = pd.MultiIndex.from_arrays([months, daytype, index.hour.to_numpy()])
    base = shape.reindex(keys).to_numpy(dtype=float)
    base = base * np.asarray(monthly_ratio, dtype=float)[months - 1]
    res = derived.demand_residual.set_index("month")
    phi = _by_month(res["phi"], months)
    sd = _by_month(res["innovation_sd"], months) * noise_scale
    noise = _ar1_path(phi, sd, _rng(seed, _KEY_DEMAND))
    if daily_factor is not None:
        days = index.normalize()
        day_index = pd.DatetimeIndex(days.unique())
        base = base * pd.Series(daily_factor, index=day_index).reindex(days).to_numpy()
    load = base * np.clip(1.0 + noise, 0.5, 1.5)
    return load * (annual_energy_mwh / load.sum())


def synth_wind(
    index: pd.DatetimeIndex, derived: Derived, mean_cf: float, seed: int, cap: float = 0.95
) -> np.ndarray:
    """Hourly wind capacity factors with calm spells, scaled to ``mean_cf``."""
    months = index.month.to_numpy()
    hours = index.hour.to_numpy()
    ar = derived.wind_ar1.set_index("month")
    phi = _by_month(ar["phi"], months)
    sd = _by_month(ar["innovation_sd"], months)
    e = _ar1_path(phi, sd, _rng(seed, _KEY_WIND))
    mu = derived.wind_diurnal.set_index(["month", "hour"])["mean_score"]
    z = e + mu.reindex(pd.MultiIndex.from_arrays([months, hours])).to_numpy(dtype=float)
    cf = np.empty(len(index))
    q = derived.wind_quantiles
    for m in np.unique(months):
        sel = months == m
        # Map ranks within the month onto the empirical quantiles of that month.
        ranks = pd.Series(z[sel]).rank(method="first").to_numpy()
        u = ranks / (sel.sum() + 1.0)
        qm = q[q["month"] == m].sort_values("q")
        cf[sel] = np.interp(u, qm["q"].to_numpy(), qm["cf"].to_numpy())
    return scale_to_mean(cf, mean_cf, cap)


def synth_solar(
    index: pd.DatetimeIndex, derived: Derived, mean_cf: float, seed: int, cap: float = 1.0
) -> np.ndarray:
    """Hourly solar PV capacity factors: mean diurnal shape times a daily clearness ratio."""
    months = index.month.to_numpy()
    hours = index.hour.to_numpy()
    shape = derived.solar_shape.set_index(["month", "hour"])["mean_cf"]
    base = shape.reindex(pd.MultiIndex.from_arrays([months, hours])).to_numpy(dtype=float)
    days = index.normalize()
    day_index = pd.DatetimeIndex(days.unique())
    dmonths = day_index.month.to_numpy()
    daily = derived.solar_daily.set_index("month")
    phi = _by_month(daily["phi"], dmonths)
    # Run the daily process in normal space with unit variance; the empirical quantiles of the
    # daily ratio give the distribution, the AR(1) parameter the persistence of cloudy spells.
    sd = np.sqrt(np.clip(1.0 - phi**2, 1e-6, None))
    z = _ar1_path(phi, sd, _rng(seed, _KEY_SOLAR))
    qcols = [c for c in daily.columns if c.startswith("q")]
    qlevels = np.array([int(c[1:]) / 100.0 for c in qcols])
    ratio = np.empty(len(day_index))
    for m in np.unique(dmonths):
        sel = dmonths == m
        ranks = pd.Series(z[sel]).rank(method="first").to_numpy()
        u = ranks / (sel.sum() + 1.0)
        ratio[sel] = np.interp(u, qlevels, daily.loc[m, qcols].to_numpy(dtype=float))
    ratio_h = pd.Series(ratio, index=day_index).reindex(days).to_numpy()
    return scale_to_mean(base * ratio_h, mean_cf, cap)


def synth_run_of_river(
    index: pd.DatetimeIndex,
    derived: Derived,
    profile: str,
    mean_af: float,
    seed: int,
    key: int = 0,
    cap: float = 1.0,
) -> np.ndarray:
    """Hourly run-of-river availability: monthly shape times AR(1) daily variation."""
    shape = derived.ror_monthly[derived.ror_monthly["profile"] == profile]
    monthly = shape.set_index("month")["mean_af"]
    days = index.normalize()
    day_index = pd.DatetimeIndex(days.unique())
    dmonths = day_index.month.to_numpy()
    par = derived.ror_daily.set_index("profile").loc[profile]
    n = len(day_index)
    phi = np.full(n, float(par["phi"]))
    sd = np.full(n, float(par["innovation_sd"]))
    x = _ar1_path(phi, sd, _rng(seed, _KEY_ROR + key))
    daily = _by_month(monthly, dmonths) * np.exp(x)
    hourly = pd.Series(daily, index=day_index).reindex(days).to_numpy()
    return scale_to_mean(hourly, mean_af, cap)


def monthly_energy(
    shares: Sequence[float], annual_mwh: float, capacity_mw: float, year: int
) -> np.ndarray:
    """Split annual energy by monthly shares without exceeding capacity x hours in any month.

    Energy above a month's physical maximum (less a 5 % margin for outages) is moved to the
    other months in proportion to their headroom.
    """
    hours = np.array([pd.Period(f"{year}-{m:02d}").days_in_month * 24 for m in range(1, 13)])
    limit = 0.95 * capacity_mw * hours
    if annual_mwh > limit.sum():
        raise ValueError("annual energy exceeds what the capacity can generate")
    s = np.asarray(shares, dtype=float)
    e = annual_mwh * s / s.sum()
    for _ in range(50):
        excess = np.clip(e - limit, 0.0, None).sum()
        if excess <= 1e-9:
            break
        e = np.minimum(e, limit)
        room = limit - e
        e = e + excess * room / room.sum()
    return e


def synth_prices(
    index: pd.DatetimeIndex,
    demand_mw: np.ndarray,
    solar_cf: np.ndarray,
    wind_cf: np.ndarray,
    annual_mean: float,
    monthly_factor: Sequence[float],
    seed: int,
    key: int = 0,
    load_sensitivity: float = 0.25,
    solar_depth: float = 0.45,
    wind_depth: float = 0.15,
    noise_sd: float = 0.08,
    noise_phi: float = 0.9,
    regional_share: float = 0.95,
) -> np.ndarray:
    """Hourly day-ahead price of a neighbouring market (EUR/MWh), stylised.

    No public hourly price series is available to the project, so prices are built from stated
    parameters: a monthly level, a load term (standardised demand within the month), a midday
    solar dip and a wind dip (regional renewables depress prices), and AR(1) noise. The noise is
    mostly regional (``regional_share`` of its variance is the same path for every market, which
    ``key`` does not change): coupled neighbouring markets clear at nearly equal prices, and
    independent noise would invent price gaps that a dispatch trades through Serbia every hour.
    The series is rescaled so its plain annual mean equals ``annual_mean``.
    """
    months = index.month.to_numpy()
    level = np.asarray(monthly_factor, dtype=float)[months - 1]
    d = pd.Series(demand_mw)
    grp = d.groupby(months)
    zload = ((d - grp.transform("mean")) / grp.transform("std")).to_numpy()
    step_sd = np.full(len(index), noise_sd * np.sqrt(1 - noise_phi**2))
    phi = np.full(len(index), noise_phi)
    regional = _ar1_path(phi, step_sd, _rng(seed, _KEY_PRICE))
    own = _ar1_path(phi, step_sd, _rng(seed, _KEY_PRICE + 1 + key))
    noise = np.sqrt(regional_share) * regional + np.sqrt(1 - regional_share) * own
    rel = 1.0 + load_sensitivity * zload - solar_depth * solar_cf - wind_depth * wind_cf + noise
    price = level * np.clip(rel, -0.05, None)
    return price * (annual_mean / price.mean())


def synth_temperature(
    dates: pd.DatetimeIndex,
    seed: int,
    mean_temp_c: float = 12.5,
    temp_amplitude_c: float = 11.5,
    coldest_day_of_year: int = 15,
    anomaly_sd_c: float = 3.0,
    anomaly_phi: float = 0.8,
) -> tuple[np.ndarray, np.ndarray]:
    """Daily mean temperature (deg C): a seasonal curve plus AR(1) anomalies.

    Returns ``(temperature, climatology)``. One temperature path drives both the electricity
    demand weather term and the gas heating demand, so cold spells hit both systems at once
    (which is what matters for a gas-to-power security study).
    """
    doy = dates.day_of_year.to_numpy()
    clim = mean_temp_c - temp_amplitude_c * np.cos(2 * np.pi * (doy - coldest_day_of_year) / 365.25)
    n = len(dates)
    anomaly = _ar1_path(
        np.full(n, anomaly_phi),
        np.full(n, anomaly_sd_c * np.sqrt(1 - anomaly_phi**2)),
        _rng(seed, _KEY_GAS),
    )
    return clim + anomaly, clim


def degree_days(
    temp_c: np.ndarray, heating_base_c: float = 15.0, cooling_base_c: float = 20.0
) -> tuple[np.ndarray, np.ndarray]:
    """Heating and cooling degree days of daily mean temperatures."""
    hdd = np.clip(heating_base_c - temp_c, 0.0, None)
    cdd = np.clip(temp_c - cooling_base_c, 0.0, None)
    return hdd, cdd


def weather_factor(
    temp_c: np.ndarray,
    clim_c: np.ndarray,
    heating_per_degree: float,
    cooling_per_degree: float,
) -> np.ndarray:
    """Daily multiplicative demand factor from temperature anomalies.

    1 + h * (HDD - HDD_clim) + c * (CDD - CDD_clim): a day colder (hotter) than the seasonal
    normal raises demand by ``h`` (``c``) per degree. Seasonal levels stay in the monthly ratios.
    """
    hdd, cdd = degree_days(temp_c)
    hdd0, cdd0 = degree_days(clim_c)
    return 1.0 + heating_per_degree * (hdd - hdd0) + cooling_per_degree * (cdd - cdd0)


def synth_gas_demand(
    temp_c: np.ndarray,
    annual_mcm: float,
    base_mcm_per_day: float,
    heating_base_c: float = 15.0,
) -> np.ndarray:
    """Daily non-power gas demand (mcm/day): base + k * HDD, summing exactly to ``annual_mcm``."""
    hdd, _ = degree_days(np.asarray(temp_c, dtype=float), heating_base_c=heating_base_c)
    heat = annual_mcm - base_mcm_per_day * len(hdd)
    if heat <= 0:
        raise ValueError("base demand alone exceeds the annual total")
    return base_mcm_per_day + heat * hdd / hdd.sum()


def daily_energy(index: pd.DatetimeIndex, hourly_mw: np.ndarray) -> pd.Series:
    """Daily energy (MWh) of an hourly MW series."""
    return pd.Series(hourly_mw, index=index).resample("D").sum()


def summarise(values: Mapping[str, float]) -> str:
    """One line per item, for build logs."""
    return "\n".join(f"  {k}: {v:,.3f}" for k, v in values.items())
