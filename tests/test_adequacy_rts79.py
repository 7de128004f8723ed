"""The IEEE Reliability Test System (RTS-79) generating system, and its published indices.

Unit data and load model: IEEE Reliability Test System Task Force, "IEEE Reliability Test
System", IEEE Transactions on Power Apparatus and Systems, PAS-98(6), 1979, pp. 2047–2054
(Tables 1–3: weekly peak load in percent of the 2,850 MW annual peak, daily peak in percent of
the weekly peak, hourly load in percent of the daily peak; Table 9: generating unit reliability
data). Public-domain data, re-typed here.

Published indices of the generating system (hourly load model of 8,736 hours, 364 days):
LOLE = 9.39418 h/yr, daily-peak LOLE = 1.36886 days/yr, LOEE (EENS) = 1,176 MWh/yr — Billinton &
Allan, "Reliability Evaluation of Power Systems", 2nd ed., 1996, and IEEE RTS Task Force,
"The IEEE Reliability Test System—1996", IEEE Trans. Power Systems 14(3), 1999, which lists these
values for the single-area 1979 system.

What could be checked (review, with the stored public corpora): the unit data and load model
above agree table for table with an independent transcription, S. Tindemans's gen_adequacy
(github.com/simontindemans/gen_adequacy, gen_adequacy/ieee_rts.py: same unit counts, sizes,
availabilities 1 − rate, MTBF = MTTF + MTTR, weekly/daily/hourly percentages and the 8 / 9 / 13 /
13 / 9-week season split). The published indices themselves were entered from memory and could
not be found in the stored corpora; they are corroborated only in that an exact COPT of that
data gives 9.394175 h, 1.368863 days and 1,176.3 MWh, equal to them at every digit they give,
and in that an independent binomial convolution (below) gives the same figures.

The module doubles as the RTS-79 builder for benchmarks/adequacy_vs_peers.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import powerpact
from powerpact.adequacy import copt, monte_carlo

ANNUAL_PEAK_MW = 2850.0
START = "1979-01-01T00:00:00Z"  # a Monday, the first day of the RTS load model's week

# (units, MW per unit, forced outage rate, MTTF h, MTTR h, kind) — RTS-79 Table 9.
UNITS = [
    (5, 12, 0.02, 2940, 60, "oil"),
    (4, 20, 0.10, 450, 50, "oil"),
    (6, 50, 0.01, 1980, 20, "hydro"),
    (4, 76, 0.02, 1960, 40, "coal"),
    (3, 100, 0.04, 1200, 50, "oil"),
    (4, 155, 0.04, 960, 40, "coal"),
    (3, 197, 0.05, 950, 50, "oil"),
    (1, 350, 0.08, 1150, 100, "coal"),
    (2, 400, 0.12, 1100, 150, "nuclear"),
]

# Table 1: weekly peak load, % of annual peak, weeks 1–52.
WEEKLY_PERCENT = [
    86.2,
    90.0,
    87.8,
    83.4,
    88.0,
    84.1,
    83.2,
    80.6,
    74.0,
    73.7,
    71.5,
    72.7,
    70.4,
    75.0,
    72.1,
    80.0,
    75.4,
    83.7,
    87.0,
    88.0,
    85.6,
    81.1,
    90.0,
    88.7,
    89.6,
    86.1,
    75.5,
    81.6,
    80.1,
    88.0,
    72.2,
    77.6,
    80.0,
    72.9,
    72.6,
    70.5,
    78.0,
    69.5,
    72.4,
    72.4,
    74.3,
    74.4,
    80.0,
    88.1,
    88.5,
    90.9,
    94.0,
    89.0,
    94.2,
    97.0,
    100.0,
    95.2,
]
# Table 2: daily peak load, % of weekly peak, Monday–Sunday.
DAILY_PERCENT = [93, 100, 98, 96, 94, 77, 75]
# Table 3: hourly load, % of daily peak, hours 0–23, by season and weekday/weekend.
HOURLY_PERCENT = {
    ("winter", "weekday"): [
        67,
        63,
        60,
        59,
        59,
        60,
        74,
        86,
        95,
        96,
        96,
        95,
        95,
        95,
        93,
        94,
        99,
        100,
        100,
        96,
        91,
        83,
        73,
        63,
    ],
    ("winter", "weekend"): [
        78,
        72,
        68,
        66,
        64,
        65,
        66,
        70,
        80,
        88,
        90,
        91,
        90,
        88,
        87,
        87,
        91,
        100,
        99,
        97,
        94,
        92,
        87,
        81,
    ],
    ("summer", "weekday"): [
        64,
        60,
        58,
        56,
        56,
        58,
        64,
        76,
        87,
        95,
        99,
        100,
        99,
        100,
        100,
        97,
        96,
        96,
        93,
        92,
        92,
        93,
        87,
        72,
    ],
    ("summer", "weekend"): [
        74,
        70,
        66,
        65,
        64,
        62,
        62,
        66,
        81,
        86,
        91,
        93,
        93,
        92,
        91,
        91,
        92,
        94,
        95,
        95,
        100,
        93,
        88,
        80,
    ],
    ("spring_fall", "weekday"): [
        63,
        62,
        60,
        58,
        59,
        65,
        72,
        85,
        95,
        99,
        100,
        99,
        93,
        92,
        90,
        88,
        90,
        92,
        96,
        98,
        96,
        90,
        80,
        70,
    ],
    ("spring_fall", "weekend"): [
        75,
        73,
        69,
        66,
        65,
        65,
        68,
        74,
        83,
        89,
        92,
        94,
        91,
        90,
        90,
        86,
        85,
        88,
        92,
        100,
        97,
        95,
        90,
        85,
    ],
}

PUBLISHED_LOLE_HOURS = 9.39418
PUBLISHED_LOLE_DAYS = 1.36886
PUBLISHED_EENS_MWH = 1176.0


def _season(week: int) -> str:
    """Weeks 1–8 and 44–52 winter, 18–30 summer, 9–17 and 31–43 spring/fall (Table 3)."""
    if week <= 8 or week >= 44:
        return "winter"
    if 18 <= week <= 30:
        return "summer"
    return "spring_fall"


def hourly_load_mw() -> np.ndarray:
    """The 8,736-hour RTS-79 load: annual peak × weekly % × daily % × hourly %."""
    load = []
    for week, weekly in enumerate(WEEKLY_PERCENT, start=1):
        for day, daily in enumerate(DAILY_PERCENT):
            hourly = HOURLY_PERCENT[(_season(week), "weekend" if day >= 5 else "weekday")]
            load.extend(ANNUAL_PEAK_MW * weekly / 100 * daily / 100 * h / 100 for h in hourly)
    return np.array(load)


def generator_rows() -> list[dict[str, object]]:
    return [
        {
            "name": f"{kind}-{size}",
            "zone": "RTS",
            "technology": kind,
            "capacity_mw": count * size,
            "units": count,
            "mttf_h": mttf,
            "mttr_h": mttr,
        }
        for count, size, _, mttf, mttr, kind in UNITS
    ]


def write_rts79(folder: Path) -> Path:
    """Write RTS-79 as a powerpact system folder (one zone, no fuel data: adequacy only)."""
    from conftest import write_system

    return write_system(
        folder,
        generator_rows(),
        {"RTS": hourly_load_mw().tolist()},
        settings={"year": 1979},
        start=START,
    )


@pytest.fixture(scope="module")
def rts79(tmp_path_factory: pytest.TempPathFactory) -> powerpact.System:
    return powerpact.load(write_rts79(tmp_path_factory.mktemp("rts") / "rts79"))


def test_rts79_fixture_matches_the_published_system(rts79: powerpact.System) -> None:
    gens = rts79.generators
    assert int(gens["units"].sum()) == 32
    assert gens["capacity_mw"].sum() == pytest.approx(3405)
    assert rts79.n_hours == 8736
    assert rts79.demand["RTS"].max() == pytest.approx(ANNUAL_PEAK_MW)
    # The forced outage rates of Table 9 follow from its MTTF and MTTR.
    rates = {f"{kind}-{size}": rate for _, size, rate, _, _, kind in UNITS}
    for name, rate in rates.items():
        assert gens.at[name, "forced_outage_rate"] == pytest.approx(rate, abs=5e-4)


def test_copt_reproduces_published_rts79_indices(rts79: powerpact.System) -> None:
    result = copt(rts79)
    # To the digits published (see the module docstring on how far these are confirmed).
    assert result.lole_hours == pytest.approx(PUBLISHED_LOLE_HOURS, abs=5e-5)
    assert result.lold_days == pytest.approx(PUBLISHED_LOLE_DAYS, abs=5e-5)
    assert result.eens_mwh == pytest.approx(PUBLISHED_EENS_MWH, abs=0.5)
    # Winter-peak and December weeks carry the risk; the low spring weeks almost none.
    by_month = result.by_month["lole_hours"]
    assert by_month[12] > 10 * by_month[4]


def _binomial_reference() -> tuple[float, float]:
    """LOLE (h) and EENS (MWh) of RTS-79 without the engine: each group of identical units is a
    binomial number of units out (scipy), the groups convolved on a 1 MW grid (numpy)."""
    from scipy.stats import binom

    outage = np.array([1.0])
    for count, size, rate, *_ in UNITS:
        group = np.zeros(count * size + 1)
        group[::size] = binom.pmf(np.arange(count + 1), count, rate)
        outage = np.convolve(outage, group)
    installed = sum(count * size for count, size, *_ in UNITS)
    available = installed - np.arange(len(outage))
    lole_hours = eens_mwh = 0.0
    for load in np.array_split(hourly_load_mw(), 32):  # hours × states, in slices
        short = np.maximum(load[:, None] - available[None, :], 0.0)
        lole_hours += float(((short > 0) @ outage).sum())
        eens_mwh += float((short @ outage).sum())
    return lole_hours, eens_mwh


def test_copt_agrees_with_an_independent_binomial_convolution(rts79: powerpact.System) -> None:
    lole_hours, eens_mwh = _binomial_reference()
    result = copt(rts79)
    assert result.lole_hours == pytest.approx(lole_hours, rel=1e-9)
    assert result.eens_mwh == pytest.approx(eens_mwh, rel=1e-9)


def test_monte_carlo_agrees_with_copt_on_rts79(rts79: powerpact.System) -> None:
    exact = copt(rts79)
    result = monte_carlo(rts79, samples=2000, seed=7)
    assert abs(result.lole_hours - exact.lole_hours) < 3 * result.lole_hours_stderr
    assert abs(result.eens_mwh - exact.eens_mwh) < 3 * result.eens_mwh_stderr
