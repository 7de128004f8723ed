"""The result of an adequacy run: risk indices with their errors and where the risk falls."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from powerpact.system.figures import Figures, optional

MONTHS = pd.RangeIndex(1, 13, name="month")
HOURS_OF_DAY = pd.RangeIndex(0, 24, name="hour")


def format_significant(value: float, digits: int = 4) -> str:
    """A number for a printed table: `digits` significant figures, so that a small nonzero risk
    never shows as 0.00; whole numbers with thousands separators from 10**(digits − 1) up."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    if abs(value) >= 10 ** (digits - 1):
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def cell_frame(values: np.ndarray) -> pd.DataFrame:
    """288 values (month × 24 + hour) as a month × hour-of-day frame."""
    return pd.DataFrame(
        np.asarray(values, float).reshape(12, 24), index=MONTHS, columns=HOURS_OF_DAY
    )


@dataclass(frozen=True)
class AdequacyFigures(Figures):
    """The adequacy headline (`adequacy --json`, assess's "adequacy" and "adequacy_copt"); the
    optional fields are the Monte Carlo's only."""

    system: str
    method: str
    horizon_hours: int
    lole_hours: float
    lold_days: float
    eens_mwh: float
    lolp: float
    lole_hours_stderr: float | None = optional()
    lold_days_stderr: float | None = optional()
    eens_mwh_stderr: float | None = optional()
    lolp_stderr: float | None = optional()
    samples: int | None = optional()
    seed: int | None = optional()
    sample_offset: int | None = optional()
    unserved_p95_mwh: float | None = optional()
    unserved_worst_mwh: float | None = optional()
    # Against the system's reliability standard (per year), when a study compared them.
    lole_standard_hours: float | None = optional()
    meets_standard: bool | None = optional()
    # Multi-area runs: each zone's lole_hours, eens_mwh, lolp, lold_days with their _stderr.
    zones: Mapping[str, Mapping[str, float]] | None = optional()
    # Monte Carlo with a demand forecast band: its standard deviation (fraction of demand).
    demand_band: float | None = optional()


@dataclass(frozen=True)
class AdequacyResult:
    """Loss-of-load risk over the study horizon (the hours of demand.csv; a year gives per-year
    figures). Months and hours of day are in the system's time zone.

    `lole_hours`: expected hours with unserved load. `lold_days`: Monte Carlo, expected local days
    with any unserved load; COPT, the classic daily-peak index Σ_days max_hour LOLP.
    `eens_mwh`: expected unserved energy. `lolp`: `lole_hours / horizon_hours`.
    Standard errors are zero for the exact COPT method.
    """

    method: str
    system: str
    horizon_hours: int
    samples: int
    seed: int | None
    sample_offset: int
    lole_hours: float
    lole_hours_stderr: float
    lold_days: float
    lold_days_stderr: float
    eens_mwh: float
    eens_mwh_stderr: float
    cell_hours: pd.DataFrame  # horizon hours in each month × hour-of-day cell
    cell_lole_hours: pd.DataFrame  # expected loss-of-load hours in each cell
    cell_eens_mwh: pd.DataFrame  # expected unserved energy in each cell
    per_sample: pd.DataFrame  # Monte Carlo: lol_hours, lol_days, unserved_mwh by sample number
    # Monte Carlo over climate years: their labels (per_sample then has `climate_year`)
    climate_years: tuple[str, ...] = ()
    # Multi-area runs: per zone indices (`MultiAreaResult.zone_indices`), None when pooled.
    zones: dict[str, dict[str, float]] | None = None
    # Set by `against_standard`: the standard (LOLE h/yr) and whether annualised LOLE meets it.
    lole_standard_hours: float | None = None
    meets_standard: bool | None = None
    # Demand forecast band (standard deviation, fraction); per_sample then has `demand_error`.
    demand_band: float = 0.0
    # Multi-area runs: each zone's per-sample lol_hours, lol_days, unserved_mwh (index: sample).
    zone_per_sample: Mapping[str, pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def lolp(self) -> float:
        return self.lole_hours / self.horizon_hours

    @property
    def lolp_stderr(self) -> float:
        return self.lole_hours_stderr / self.horizon_hours

    @property
    def shortfall_probability(self) -> pd.DataFrame:
        """Probability of unserved load in an hour of each month × hour-of-day cell (heat map);
        NaN where the horizon has no such hour."""
        return self.cell_lole_hours / self.cell_hours.where(self.cell_hours > 0)

    @property
    def by_month(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "lole_hours": self.cell_lole_hours.sum(axis=1),
                "eens_mwh": self.cell_eens_mwh.sum(axis=1),
            }
        )

    @property
    def by_hour_of_day(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "lole_hours": self.cell_lole_hours.sum(axis=0),
                "eens_mwh": self.cell_eens_mwh.sum(axis=0),
            }
        )

    @property
    def convergence(self) -> pd.DataFrame:
        """Running means of LOLE, LOLD, EENS and LOLP after each sample (Monte Carlo)."""
        count = np.arange(1, len(self.per_sample) + 1)
        lole = self.per_sample["lol_hours"].to_numpy(float).cumsum() / count
        return pd.DataFrame(
            {
                "lole_hours": lole,
                "lold_days": self.per_sample["lol_days"].to_numpy(float).cumsum() / count,
                "eens_mwh": self.per_sample["unserved_mwh"].to_numpy(float).cumsum() / count,
                "lolp": lole / self.horizon_hours,
            },
            index=pd.Index(count, name="samples"),
        )

    @property
    def unserved_distribution(self) -> dict[str, float]:
        """Unserved energy of one horizon (a sample year): mean, 95th percentile, worst."""
        if self.per_sample.empty:
            return {"mean_mwh": self.eens_mwh, "p95_mwh": float("nan"), "worst_mwh": float("nan")}
        energy = self.per_sample["unserved_mwh"].to_numpy()
        return {
            "mean_mwh": float(energy.mean()),
            "p95_mwh": float(np.quantile(energy, 0.95)),
            "worst_mwh": float(energy.max()),
        }

    @property
    def by_climate_year(self) -> pd.DataFrame:
        """Per climate year: samples, LOLE, LOLD and EENS with standard errors (the spread
        across weather years)."""
        return climate_year_table(self.per_sample, self.climate_years)

    def zone_by_climate_year(self) -> dict[str, pd.DataFrame]:
        """Each zone's `by_climate_year` table (multi-area runs over climate years)."""
        if not self.climate_years or not self.zone_per_sample:
            return {}
        labels = self.per_sample["climate_year"]
        return {
            zone: climate_year_table(frame.assign(climate_year=labels), self.climate_years)
            for zone, frame in self.zone_per_sample.items()
        }

    def against_standard(self, standard_lole_hours: float, lole_per_year: float) -> AdequacyResult:
        """This result compared with a reliability standard; `lole_per_year` is this LOLE
        annualised (equal to `lole_hours` on a one-year horizon). The point estimate is compared:
        its standard error is in `lole_hours_stderr`."""
        return replace(
            self,
            lole_standard_hours=standard_lole_hours,
            meets_standard=lole_per_year <= standard_lole_hours,
        )

    def figures(self) -> AdequacyFigures:
        common = AdequacyFigures(
            system=self.system,
            method=self.method,
            horizon_hours=self.horizon_hours,
            lole_hours=self.lole_hours,
            lold_days=self.lold_days,
            eens_mwh=self.eens_mwh,
            lolp=self.lolp,
            lole_standard_hours=self.lole_standard_hours,
            meets_standard=self.meets_standard,
            zones=self.zones,
        )
        if self.method != "montecarlo":
            return common
        distribution = self.unserved_distribution
        return replace(
            common,
            lole_hours_stderr=self.lole_hours_stderr,
            lold_days_stderr=self.lold_days_stderr,
            eens_mwh_stderr=self.eens_mwh_stderr,
            lolp_stderr=self.lolp_stderr,
            samples=self.samples,
            seed=self.seed,
            sample_offset=self.sample_offset,
            unserved_p95_mwh=distribution["p95_mwh"],
            unserved_worst_mwh=distribution["worst_mwh"],
            demand_band=self.demand_band or None,
        )

    def headline(self) -> dict[str, Any]:
        figures = self.figures().to_dict()
        if not self.climate_years:
            return figures
        return figures | climate_headline(
            self.climate_years, self.by_climate_year, self.zone_by_climate_year()
        )


def _mean_and_error(values: np.ndarray) -> tuple[float, float]:
    if len(values) == 0:
        return float("nan"), float("nan")
    error = float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else float("nan")
    return float(values.mean()), error


def from_samples(
    system: str,
    horizon_hours: int,
    seed: int,
    per_sample: pd.DataFrame,
    cell_hours: pd.DataFrame,
    cell_lol_count: np.ndarray,
    cell_unserved_sum: np.ndarray,
    climate_years: tuple[str, ...] = (),
) -> AdequacyResult:
    """Monte Carlo result from per-sample figures and cell sums over the samples."""
    n = len(per_sample)
    lole, lole_err = _mean_and_error(per_sample["lol_hours"].to_numpy(float))
    lold, lold_err = _mean_and_error(per_sample["lol_days"].to_numpy(float))
    eens, eens_err = _mean_and_error(per_sample["unserved_mwh"].to_numpy(float))
    return AdequacyResult(
        method="montecarlo",
        system=system,
        horizon_hours=horizon_hours,
        samples=n,
        seed=seed,
        sample_offset=int(per_sample.index[0]) if n else 0,
        lole_hours=lole,
        lole_hours_stderr=lole_err,
        lold_days=lold,
        lold_days_stderr=lold_err,
        eens_mwh=eens,
        eens_mwh_stderr=eens_err,
        cell_hours=cell_hours,
        cell_lole_hours=cell_frame(cell_lol_count / max(n, 1)),
        cell_eens_mwh=cell_frame(cell_unserved_sum / max(n, 1)),
        per_sample=per_sample,
        climate_years=climate_years,
    )


def merge(parts: list[AdequacyResult]) -> AdequacyResult:
    """Join Monte Carlo runs over disjoint sample ranges of one system and seed into the result
    one run over all their samples gives (per-sample figures are identical by construction)."""
    if not parts:
        raise ValueError("nothing to merge")
    first = parts[0]
    if any(
        p.method != "montecarlo"
        or p.seed != first.seed
        or p.system != first.system
        or p.climate_years != first.climate_years
        or p.demand_band != first.demand_band
        for p in parts
    ):
        raise ValueError("only Monte Carlo runs of one system with one seed can be merged")
    ordered = sorted(parts, key=lambda p: p.sample_offset)
    per_sample = pd.concat([p.per_sample for p in ordered])
    if per_sample.index.has_duplicates:
        raise ValueError("the sample ranges overlap")
    counts = sum(p.cell_lole_hours.to_numpy() * p.samples for p in ordered)
    unserved = sum(p.cell_eens_mwh.to_numpy() * p.samples for p in ordered)
    merged = from_samples(
        first.system,
        first.horizon_hours,
        first.seed or 0,
        per_sample,
        first.cell_hours,
        np.asarray(counts).ravel(),
        np.asarray(unserved).ravel(),
        climate_years=first.climate_years,
    )
    return replace(merged, demand_band=first.demand_band)


# --- Across climate years ---------------------------------------------------------------

SPREAD = {"min": 0.0, "p50": 0.5, "p90": 0.9, "max": 1.0}  # quantiles across climate years
STRESS_PREFIXES = ("dry-", "cold-")  # labels of the named stress cases (`climate.resolve`)
YEAR_KEYS = ("lole_hours", "lold_days", "eens_mwh")


def is_stress_case(label: str) -> bool:
    """A named stress case ("dry-2011", "cold-2012"), not a historical climate year."""
    return str(label).startswith(STRESS_PREFIXES)


def climate_year_table(per_sample: pd.DataFrame, labels: tuple[str, ...]) -> pd.DataFrame:
    """Per climate year of `labels`: samples and the mean of each index with its standard
    error over that year's samples (`per_sample` has `climate_year`, lol_hours, lol_days,
    unserved_mwh)."""
    columns = ["samples"] + [f"{k}{e}" for k in YEAR_KEYS for e in ("", "_stderr")]
    if not labels:
        return pd.DataFrame(columns=columns)
    groups = per_sample.groupby("climate_year", sort=False)
    frame = pd.DataFrame({"samples": groups.size()})
    for key, column in zip(YEAR_KEYS, ("lol_hours", "lol_days", "unserved_mwh"), strict=True):
        frame[key] = groups[column].mean()
        # One sample of a year has no spread to estimate its error from: NaN (null in JSON).
        frame[f"{key}_stderr"] = groups[column].std(ddof=1) / np.sqrt(frame["samples"])
    return frame.reindex([y for y in labels if y in frame.index])[columns]


def spread(values: pd.Series) -> dict[str, float]:
    """Min, median, 90th percentile and max of per-climate-year means (historical years only;
    each mean carries its own sampling error, so with few samples per year the spread is
    partly noise: read each year's `_stderr`)."""
    data = values.to_numpy(float)
    if len(data) == 0:
        return {name: float("nan") for name in SPREAD}
    return {name: float(np.quantile(data, q)) for name, q in SPREAD.items()}


def worst_years(table: pd.DataFrame, count: int = 3) -> list[str]:
    """The `count` riskiest climate years with any unserved energy (LOLE, then EENS); ties at
    zero name no year."""
    risky = table[table["eens_mwh"] > 0]
    return [
        str(y) for y in risky.sort_values(["lole_hours", "eens_mwh"], ascending=False).index[:count]
    ]


def _year_record(row: pd.Series) -> dict[str, float | int | None]:
    out: dict[str, float | int | None] = {"samples": int(row["samples"])}
    for key in YEAR_KEYS:
        for name in (key, f"{key}_stderr"):
            out[name] = None if pd.isna(row[name]) else float(row[name])
    return out


def _area_summary(table: pd.DataFrame) -> dict[str, Any]:
    """One area's (or the system's) figures across climate years: the spread over the
    historical years, the worst years and the stress cases."""
    historical = table[[not is_stress_case(y) for y in table.index]]
    return {
        "spread": {key: spread(historical[key]) for key in ("lole_hours", "eens_mwh")},
        "worst_years": worst_years(historical),
        "stress_cases": {
            str(y): _year_record(row) for y, row in table.iterrows() if is_stress_case(y)
        },
    }


def climate_headline(
    labels: tuple[str, ...],
    system_table: pd.DataFrame,
    zone_tables: Mapping[str, pd.DataFrame],
) -> dict[str, Any]:
    """The JSON keys of a run over climate years: per year (system and zones) with errors, the
    spread across historical years (min/P50/P90/max), the worst years and the stress cases."""
    out: dict[str, Any] = {
        "climate_years": list(labels),
        "by_climate_year": {str(y): _year_record(row) for y, row in system_table.iterrows()},
        "worst_climate_years": worst_years(system_table),
        "climate_year_spread": _area_summary(system_table),
    }
    if zone_tables:
        out["zones_by_climate_year"] = {
            zone: {str(y): _year_record(row) for y, row in table.iterrows()}
            for zone, table in zone_tables.items()
        }
        out["zones_climate_year_spread"] = {
            zone: _area_summary(table) for zone, table in zone_tables.items()
        }
    return out
