"""Derive Serbia's 1-in-20 peak gas day from 38 winters of daily temperatures near Belgrade.

    python scripts/gas_peak_day.py RAW            # write the derived CSVs and the docs block
    python scripts/gas_peak_day.py RAW --check    # exit 1 if the committed ones disagree

RAW is `data/belgrade.csv` of the public repository n-kb/weathercontext: ECMWF ERA-Interim 2 m
temperature at 12:00 UTC, one value a day from 1979-01-01 to 2017-10-31, at the grid point
45.00 N 20.25 E (28 km from Belgrade, between Belgrade and Novi Sad, where most of Serbia's gas
is burnt). Give either that CSV or the repository's git directory (a `fetch` mirror, e.g.
/work/.mirror/n-kb+weathercontext/repo), from which the file is read at the pinned commit. The
raw series is never copied into the project: only the 38 winter minima and the figures below.

Method (docs/gas-security.md, "The 1-in-20 peak day"):
1. Winters run July to June; the 38 complete ones are 1979/80 to 2016/17. Each winter's coldest
   day is its minimum noon temperature.
2. A Gumbel distribution for minima is fitted to them by the method of moments
   (scale = s·√6/π, location = mean + γ·scale); the 1-in-20 day is its 5 % quantile,
   location + scale·ln(−ln(1 − 1/20)). A seeded bootstrap of the 38 minima gives a 90 % interval.
3. D_max is anchored on the observed peak, the usual method of gas risk assessments:
   Srbijagas's 17-18 mcm/d (figures.csv, `system.gas.observed_peak_day_mcm`) is an expected,
   average-winter peak, so it is taken at the mean winter minimum, and the 1-in-20 day adds the
   temperature gap times the demand-temperature slope:
       D_max = observed peak + slope x (mean winter minimum - 1-in-20 temperature).
   The slope is serbia-2025's own (base + slope x HDD over its synthetic daily means, summing to
   its non-power annual total: gas_demand.csv's slope). Only the temperature difference enters,
   so the noon-vs-daily-mean bias largely cancels (an approximation: the coldest days have a
   smaller diurnal range). The observed peak includes the gas plants, so they are not added
   again. The bootstrap interval of the 1-in-20 temperature gives D_max's interval.
4. Sensitivities: the slope implied by anchoring the absolute model (base + slope x HDD, base
   15 C) at the observed peak at the mean winter minimum, without and with the gas plants at full
   output taken out of the 18; and the slope calibrated on these noon temperatures (a mean winter
   summing to the non-power annual total). The absolute model itself (base + noon or build slope
   x HDD + plants) is kept as the reason for anchoring: its expected peak overshoots the observed.
"""

from __future__ import annotations

import argparse
import csv
import math
import subprocess
import sys
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
from docblock import replace_block
from serbia_default.common import SEED, YEAR
from serbia_default.synthesis import synth_temperature

from powerpact.gas.common import gas_plant_full_output_mcm_per_day
from powerpact.system import load

ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = ROOT / "scripts" / "serbia_default"
FIGURES_CSV = BUILD_DIR / "gas_peak_day.csv"
MINIMA_CSV = BUILD_DIR / "gas_peak_day_minima.csv"
BUILD_FIGURES = BUILD_DIR / "figures.csv"
DOC = ROOT / "docs" / "gas-security.md"
SERBIA = ROOT / "src" / "powerpact" / "data" / "serbia-2025"
BLOCK = "gas-peak-day"

SOURCE_REPO = "n-kb/weathercontext"
SOURCE_COMMIT = "793a8c96ac537ab7e4319ee15eda62bbd13fb366"
SOURCE_PATH = "data/belgrade.csv"
SOURCE_LICENCE = (
    "repository GPL-3.0; values are ECMWF ERA-Interim 2 m temperature analyses (attribution: ECMWF)"
)
KELVIN = 273.15
RETURN_PERIOD_YEARS = 20
HEATING_BASE_C = 15.0
EULER_GAMMA = 0.5772156649015329
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20
INTERVAL = (0.05, 0.95)
# Srbijagas's expected peak (figures.csv, SB_HEATING), plants included: the anchor of D_max.
OBSERVED_PEAK_KEY = "system.gas.observed_peak_day_mcm"


@dataclass(frozen=True)
class Gumbel:
    """Gumbel distribution for minima: P(X ≤ x) = 1 − exp(−exp((x − location) / scale))."""

    location: float
    scale: float

    def quantile(self, probability: float) -> float:
        return self.location + self.scale * math.log(-math.log(1.0 - probability))


def fit_gumbel_minima(minima: np.ndarray) -> Gumbel:
    """Method-of-moments Gumbel for minima: its mean is location − γ·scale, its variance
    π²·scale²/6; the sample standard deviation uses n − 1."""
    values = np.asarray(minima, dtype=float)
    scale = float(values.std(ddof=1)) * math.sqrt(6.0) / math.pi
    return Gumbel(location=float(values.mean()) + EULER_GAMMA * scale, scale=scale)


def return_level_c(minima: np.ndarray, years: int = RETURN_PERIOD_YEARS) -> float:
    """The temperature reached or undercut once in `years` winters on average."""
    return fit_gumbel_minima(minima).quantile(1.0 / years)


def bootstrap_interval_c(minima: np.ndarray) -> tuple[float, float]:
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    values = np.asarray(minima, dtype=float)
    draws = rng.choice(values, size=(BOOTSTRAP_SAMPLES, len(values)), replace=True)
    levels = np.array([return_level_c(row) for row in draws])
    low, high = np.quantile(levels, INTERVAL)
    return float(low), float(high)


class RawSeriesError(ValueError):
    """The raw series is missing or not the one this script reads."""


def read_raw(path: Path) -> pd.Series:
    """Noon temperature in °C by day, from the CSV or from the repository's git directory."""
    if not path.exists():
        raise RawSeriesError(f"{path}: no such file or git directory")
    if path.is_dir():
        text = subprocess.run(
            ["git", f"--git-dir={path}", "show", f"{SOURCE_COMMIT}:{SOURCE_PATH}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        frame = pd.read_csv(StringIO(text))
    else:
        frame = pd.read_csv(path)
    missing = {"Date", "Time", "Latitude of MetPoint", "Value at MetPoint"} - set(frame.columns)
    if missing:
        raise RawSeriesError(f"{path}: no column {sorted(missing)[0]!r}")
    if set(frame["Time"]) != {1200} or frame["Latitude of MetPoint"].nunique() != 1:
        raise RawSeriesError(f"{path}: expected one grid point at 12:00 UTC, one row a day")
    days = pd.to_datetime(frame["Date"].astype(str), format="%Y%m%d")
    return pd.Series(frame["Value at MetPoint"].to_numpy() - KELVIN, index=days).sort_index()


def winter_of(days: pd.DatetimeIndex) -> np.ndarray:
    """July-to-June winters, named by the year they start in."""
    return np.where(days.month >= 7, days.year, days.year - 1)


def complete_winters(temperature_c: pd.Series) -> pd.Series:
    """The temperature of the winters with every day present, indexed by day."""
    winters = pd.Series(winter_of(pd.DatetimeIndex(temperature_c.index)), index=temperature_c.index)
    counts = winters.value_counts()
    lengths = {w: (pd.Timestamp(w + 1, 7, 1) - pd.Timestamp(w, 7, 1)).days for w in counts.index}
    full = [w for w, n in counts.items() if n == lengths[w]]
    return temperature_c[winters.isin(full).to_numpy()]


def winter_minima(temperature_c: pd.Series) -> pd.Series:
    full = complete_winters(temperature_c)
    return full.groupby(winter_of(pd.DatetimeIndex(full.index))).min().rename("min_noon_c")


def build_figure(key: str) -> float:
    with BUILD_FIGURES.open(encoding="utf-8", newline="") as handle:
        values = {row[0]: row[1] for row in csv.reader(handle) if row}
    return float(values[key])


@dataclass(frozen=True)
class PeakDay:
    minima: pd.Series
    gumbel: Gumbel
    t20_c: float
    t20_interval_c: tuple[float, float]
    base_mcm_per_day: float
    annual_non_power_mcm: float
    mean_winter_hdd: float
    slope_mcm_per_day_per_k: float
    plants_full_output_mcm_per_day: float
    observed_peak_mcm_per_day: float
    build_slope_mcm_per_day_per_k: float

    def non_power_mcm_per_day(self, temperature_c: float, slope: float | None = None) -> float:
        hdd = max(0.0, HEATING_BASE_C - temperature_c)
        per_k = self.slope_mcm_per_day_per_k if slope is None else slope
        return self.base_mcm_per_day + per_k * hdd

    def dmax_mcm_per_day(self, temperature_c: float, slope: float | None = None) -> float:
        """The absolute model's D_max: non-power demand plus the plants at full output."""
        non_power = self.non_power_mcm_per_day(temperature_c, slope)
        return non_power + self.plants_full_output_mcm_per_day

    @property
    def mean_winter_min_c(self) -> float:
        return float(self.minima.mean())

    def anchored_dmax_mcm_per_day(self, temperature_c: float, slope: float | None = None) -> float:
        """The observed peak, taken at the mean winter minimum, plus slope x the temperature gap.
        The observed peak includes the plants' burn, so they are not added again."""
        per_k = self.build_slope_mcm_per_day_per_k if slope is None else slope
        gap_k = self.mean_winter_min_c - temperature_c
        return self.observed_peak_mcm_per_day + per_k * gap_k

    def implied_slope_mcm_per_day_per_k(self, without_plants: bool) -> float:
        """The slope that puts the absolute model (base + slope x HDD) at the observed peak on
        the mean winter minimum; `without_plants` first takes the plants at full output out."""
        plants = self.plants_full_output_mcm_per_day if without_plants else 0.0
        non_power = self.observed_peak_mcm_per_day - plants
        hdd = HEATING_BASE_C - self.mean_winter_min_c
        return (non_power - self.base_mcm_per_day) / hdd


def build_slope_mcm_per_day_per_k(base_mcm_per_day: float, annual_mcm: float) -> float:
    """The slope serbia-2025's gas_demand.csv has: the same annual total and base over the build's
    synthetic daily-mean temperatures (an assumption, weather.mean_temperature_c)."""
    days = pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D")
    mean_c = build_figure("weather.mean_temperature_c")
    temperature_c, _ = synth_temperature(days, SEED, mean_temp_c=mean_c)
    hdd = np.clip(HEATING_BASE_C - temperature_c, 0.0, None)
    return (annual_mcm - base_mcm_per_day * len(days)) / float(hdd.sum())


def derive(temperature_c: pd.Series) -> PeakDay:
    minima = winter_minima(temperature_c)
    full = complete_winters(temperature_c)
    hdd = np.clip(HEATING_BASE_C - full.to_numpy(), 0.0, None)
    winters = len(minima)
    days_per_winter = len(full) / winters
    base = build_figure("gas_demand.base_mcm_per_day")
    annual = build_figure("gas.national_demand_mcm") - build_figure("gas.power_burn_mcm")
    mean_hdd = float(hdd.sum()) / winters
    slope = (annual - base * days_per_winter) / mean_hdd
    return PeakDay(
        minima=minima,
        gumbel=fit_gumbel_minima(minima.to_numpy()),
        t20_c=return_level_c(minima.to_numpy()),
        t20_interval_c=bootstrap_interval_c(minima.to_numpy()),
        base_mcm_per_day=base,
        annual_non_power_mcm=annual,
        mean_winter_hdd=mean_hdd,
        slope_mcm_per_day_per_k=slope,
        plants_full_output_mcm_per_day=gas_plant_full_output_mcm_per_day(load(SERBIA)),
        observed_peak_mcm_per_day=build_figure(OBSERVED_PEAK_KEY),
        build_slope_mcm_per_day_per_k=build_slope_mcm_per_day_per_k(base, annual),
    )


def figures_frame(peak: PeakDay) -> pd.DataFrame:
    low, high = peak.t20_interval_c
    mean_min = peak.mean_winter_min_c
    first, last = int(peak.minima.index.min()), int(peak.minima.index.max())
    observed = peak.observed_peak_mcm_per_day
    build_slope = peak.build_slope_mcm_per_day_per_k
    implied = peak.implied_slope_mcm_per_day_per_k(without_plants=False)
    implied_non_power = peak.implied_slope_mcm_per_day_per_k(without_plants=True)

    def gap_percent(slope: float) -> float:
        return 100.0 * (peak.dmax_mcm_per_day(mean_min, slope) - observed) / observed

    def anchored(temperature_c: float, slope: float | None = None) -> float:
        return round(peak.anchored_dmax_mcm_per_day(temperature_c, slope), 2)

    noon_slope = peak.slope_mcm_per_day_per_k
    plants = peak.plants_full_output_mcm_per_day
    rows = [
        ("source_repository", SOURCE_REPO, ""),
        ("source_commit", SOURCE_COMMIT, ""),
        ("source_path", SOURCE_PATH, ""),
        ("source_licence", SOURCE_LICENCE, ""),
        ("source_series", "ERA-Interim 2 m temperature, 12:00 UTC, 45.00 N 20.25 E", ""),
        ("winters", f"{first}/{(first + 1) % 100:02d}-{last}/{(last + 1) % 100:02d}", "July-June"),
        ("winter_count", len(peak.minima), "winters"),
        ("mean_winter_min_c", round(mean_min, 2), "C"),
        ("gumbel_location_c", round(peak.gumbel.location, 3), "C"),
        ("gumbel_scale_c", round(peak.gumbel.scale, 3), "C"),
        ("t20_c", round(peak.t20_c, 2), "C"),
        ("t20_low_c", round(low, 2), "C (bootstrap 5 %)"),
        ("t20_high_c", round(high, 2), "C (bootstrap 95 %)"),
        ("observed_peak_mcm_per_day", observed, "mcm/day (SB_HEATING, plants included)"),
        ("base_mcm_per_day", peak.base_mcm_per_day, "mcm/day"),
        ("annual_non_power_mcm", peak.annual_non_power_mcm, "mcm/yr"),
        ("plants_full_output_mcm_per_day", round(plants, 2), "mcm/day"),
        ("build_slope_mcm_per_day_per_k", round(build_slope, 4), "mcm/day/K (serbia-2025)"),
        ("dmax_peak_day_basis", "1-in-20", "anchored on the observed peak"),
        ("dmax_1_in_20_mcm_per_day", anchored(peak.t20_c), "mcm/day (build slope)"),
        ("dmax_1_in_20_low_mcm_per_day", anchored(high), "mcm/day (t20_high_c)"),
        ("dmax_1_in_20_high_mcm_per_day", anchored(low), "mcm/day (t20_low_c)"),
        ("implied_slope_mcm_per_day_per_k", round(implied, 4), "mcm/day/K (18 at mean min)"),
        ("implied_slope_dmax_1_in_20_mcm_per_day", anchored(peak.t20_c, implied), "mcm/day"),
        ("implied_non_power_slope_mcm_per_day_per_k", round(implied_non_power, 4), "mcm/day/K"),
        (
            "implied_non_power_slope_dmax_1_in_20_mcm_per_day",
            anchored(peak.t20_c, implied_non_power),
            "mcm/day",
        ),
        ("mean_winter_hdd", round(peak.mean_winter_hdd, 1), "K day (noon)"),
        ("noon_slope_mcm_per_day_per_k", round(noon_slope, 4), "mcm/day/K"),
        ("noon_slope_dmax_1_in_20_mcm_per_day", anchored(peak.t20_c, noon_slope), "mcm/day"),
        (
            "absolute_noon_expected_peak_mcm_per_day",
            round(peak.dmax_mcm_per_day(mean_min, noon_slope), 1),
            "mcm/day",
        ),
        ("absolute_noon_gap_percent", round(gap_percent(noon_slope), 1), "% vs observed"),
        (
            "absolute_build_expected_peak_mcm_per_day",
            round(peak.dmax_mcm_per_day(mean_min, build_slope), 1),
            "mcm/day",
        ),
        ("absolute_build_gap_percent", round(gap_percent(build_slope), 1), "% vs observed"),
    ]
    return pd.DataFrame(rows, columns=["figure", "value", "unit"])


def minima_frame(peak: PeakDay) -> pd.DataFrame:
    return pd.DataFrame(
        {"winter_start_year": peak.minima.index, "min_noon_c": peak.minima.round(2).to_numpy()}
    )


def doc_block(figures: pd.DataFrame) -> str:
    v = dict(zip(figures["figure"], figures["value"], strict=True))

    def f(key: str) -> float:
        return float(v[key])

    return "\n".join(
        [
            f"| figure ({v['winter_count']} winters {v['winters']}, noon, 45.00 N 20.25 E) "
            "| value |",
            "|---|---|",
            f"| mean winter minimum | {f('mean_winter_min_c'):.1f} °C |",
            f"| Gumbel (minima) location, scale | {f('gumbel_location_c'):.2f} °C, "
            f"{f('gumbel_scale_c'):.2f} °C |",
            f"| 1-in-20 coldest day (90 % bootstrap interval) | {f('t20_c'):.1f} °C "
            f"({f('t20_low_c'):.1f} to {f('t20_high_c'):.1f}) |",
            f"| temperature gap, mean winter minimum − 1-in-20 | "
            f"{f('mean_winter_min_c') - f('t20_c'):.2f} K |",
            f"| observed expected peak (Srbijagas, gas plants included) | "
            f"{f('observed_peak_mcm_per_day'):.1f} mcm/d |",
            f"| slope: serbia-2025's own (gas_demand.csv) | "
            f"{f('build_slope_mcm_per_day_per_k'):.3f} mcm/d per K |",
            f"| **D_max, 1-in-20** = observed + slope × gap (90 % interval) | "
            f"**{f('dmax_1_in_20_mcm_per_day'):.2f} mcm/d** "
            f"({f('dmax_1_in_20_low_mcm_per_day'):.2f} to "
            f"{f('dmax_1_in_20_high_mcm_per_day'):.2f}) |",
            f"| sensitivity: slope putting base + slope × HDD at the observed peak on the mean "
            f"minimum ({f('implied_slope_mcm_per_day_per_k'):.3f}) | "
            f"{f('implied_slope_dmax_1_in_20_mcm_per_day'):.2f} mcm/d |",
            f"| sensitivity: the same with the gas plants at full output "
            f"({f('plants_full_output_mcm_per_day'):.1f} mcm/d) taken out of the observed peak "
            f"({f('implied_non_power_slope_mcm_per_day_per_k'):.3f}) | "
            f"{f('implied_non_power_slope_dmax_1_in_20_mcm_per_day'):.2f} mcm/d |",
            f"| sensitivity: slope fitted on the noon temperatures "
            f"({f('noon_slope_mcm_per_day_per_k'):.3f}; mean winter "
            f"{f('mean_winter_hdd'):,.0f} K·day, base {f('base_mcm_per_day'):.1f}) | "
            f"{f('noon_slope_dmax_1_in_20_mcm_per_day'):.2f} mcm/d |",
            f"| not used: the absolute model (base + slope × HDD + plants) at the mean winter "
            f"minimum, noon / build slope, vs the observed peak | "
            f"{f('absolute_noon_expected_peak_mcm_per_day'):.1f} "
            f"({f('absolute_noon_gap_percent'):+.0f} %) / "
            f"{f('absolute_build_expected_peak_mcm_per_day'):.1f} "
            f"({f('absolute_build_gap_percent'):+.0f} %) mcm/d |",
        ]
    )


def outputs(raw: Path) -> dict[Path, str]:
    peak = derive(read_raw(raw))
    figures = figures_frame(peak)
    doc = replace_block(DOC.read_text(encoding="utf-8"), BLOCK, doc_block(figures), DOC)
    return {
        FIGURES_CSV: figures.to_csv(index=False, lineterminator="\n"),
        MINIMA_CSV: minima_frame(peak).to_csv(index=False, lineterminator="\n"),
        DOC: doc,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="belgrade.csv, or the repository's git directory")
    parser.add_argument("--check", action="store_true", help="exit 1 if committed files differ")
    args = parser.parse_args(argv)
    try:
        written = outputs(args.raw)
    except (RawSeriesError, subprocess.CalledProcessError) as error:
        print(f"gas_peak_day: {error}", file=sys.stderr)
        return 2
    stale = []
    for path, text in written.items():
        if args.check:
            if path.read_text(encoding="utf-8") != text:
                stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path.relative_to(ROOT)} is stale: rerun scripts/gas_peak_day.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
