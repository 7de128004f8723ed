"""Capacity expansion (issue 20): the LP against hand calculations and the dispatch LP, its
invariants, the candidates file's checks, representative days, the expanded system's folder."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import write_system as write_folder
from hypothesis import given
from hypothesis import strategies as st

import powerpact
from powerpact.dispatch import run as dispatch_run
from powerpact.dispatch.candidates import (
    annuity_factor,
    candidates_from_rows,
    default_candidates,
    default_rows,
    read_candidates,
)
from powerpact.dispatch.expansion import expand
from powerpact.dispatch.periods import Periods, aggregation_error, choose_days
from powerpact.system import InputError, System
from powerpact.system.write import write_system

HOURS = 48
SHARE = HOURS / 8760  # 2030 is not a leap year
PEAK_HOURS = 12


def _screening_system(make_system: Callable[..., System]) -> System:
    """One zone, 100 MW for 12 hours and 60 MW for 36, no plant of its own."""
    demand = [100.0] * PEAK_HOURS + [60.0] * (HOURS - PEAK_HOURS)
    return make_system(
        generators=[{"name": "none", "zone": "Z", "technology": "other", "capacity_mw": 0.0}],
        demand={"Z": demand},
        settings={"value_of_lost_load_eur_per_mwh": 10_000.0},
    )


def _firm_options(system: System, base_min: float = 0.0, peak_min: float = 0.0):  # type: ignore[no-untyped-def]
    rows = pd.DataFrame(
        [
            ["base", "Z", "firm", "200", str(base_min), str(8760 * 50.0), "20"],
            ["peak", "Z", "firm", "200", str(peak_min), str(8760 * 10.0), "100"],
        ],
        columns=[
            "name",
            "zone",
            "technology",
            "max_mw",
            "min_mw",
            "annual_cost_eur_per_mw",
            "marginal_cost_eur_per_mwh",
        ],
    )
    return candidates_from_rows(system, rows, "test candidates")


def test_screening_curve_equals_the_hand_calculation(make_system: Callable[..., System]) -> None:
    system = _screening_system(make_system)
    days = choose_days(system, 2)
    result = expand(system, _firm_options(system), days)
    # By hand: per MW over the horizon, base costs 2 400 + 20 h, peak 480 + 100 h; they cross
    # at h* = 1 920 / 80 = 24 h. The 60 MW needed all 48 h is base; the 40 MW needed 12 h is peak.
    base_fixed, peak_fixed = 8760 * 50.0 * SHARE, 8760 * 10.0 * SHARE
    crossing_h = (base_fixed - peak_fixed) / (100 - 20)
    assert crossing_h == pytest.approx(24.0)
    expected = 60 * (base_fixed + 20 * HOURS) + 40 * (peak_fixed + 100 * PEAK_HOURS)
    assert result.built_mw["base"] == pytest.approx(60.0, abs=1e-6)
    assert result.built_mw["peak"] == pytest.approx(40.0, abs=1e-6)
    assert result.total_cost_eur == pytest.approx(expected, rel=1e-7)
    # Break-even: base is on the margin against peak exactly at its own annual cost.
    assert result.break_even_eur_per_mw["base"] == pytest.approx(8760 * 50.0, rel=1e-6)


@pytest.fixture(scope="module")
def screening(tmp_path_factory: pytest.TempPathFactory) -> System:
    folder = tmp_path_factory.mktemp("screening")
    return _screening_system(lambda **kwargs: powerpact.load(write_folder(folder / "s", **kwargs)))


@given(forced_mw=st.floats(0.0, 200.0), which=st.sampled_from(["base", "peak"]))
def test_forcing_an_option_in_never_lowers_the_cost(
    screening: System, forced_mw: float, which: str
) -> None:
    system = screening
    days = choose_days(system, 2)
    free = expand(system, _firm_options(system), days).total_cost_eur
    minimum = {"base_min": forced_mw} if which == "base" else {"peak_min": forced_mw}
    forced = expand(system, _firm_options(system, **minimum), days).total_cost_eur
    assert forced >= free - 1e-7 * abs(free)


def test_all_days_and_nothing_to_build_is_the_dispatch_lp(tiny: System) -> None:
    """Weights of 1 on every day and no capacity to add: the expansion LP is the dispatch LP."""
    candidates = default_candidates(tiny)
    none = dataclasses.replace(candidates, table=candidates.table.assign(max_mw=0.0))
    days = choose_days(tiny, 10)
    assert list(days.weight_days) == [1, 1]
    result = expand(tiny, none, days)
    assert result.total_cost_eur == pytest.approx(dispatch_run(tiny).objective_eur, rel=1e-7)


def test_a_day_standing_for_two_costs_twice(make_system: Callable[..., System]) -> None:
    """Two identical days, or one of them weighted 2: the same optimum."""
    day = list(60 + 40 * np.sin(np.arange(24) / 24 * 2 * np.pi) ** 2)
    system = make_system(
        generators=[{"name": "none", "zone": "Z", "technology": "other", "capacity_mw": 0.0}],
        demand={"Z": day + day},
    )
    options = _firm_options(system)
    both = expand(system, options, Periods(np.array([0, 1]), np.array([1, 1])))
    one = expand(system, options, Periods(np.array([1]), np.array([2])))
    assert one.total_cost_eur == pytest.approx(both.total_cost_eur, rel=1e-7)
    assert one.built_mw.to_numpy() == pytest.approx(both.built_mw.to_numpy(), abs=1e-6)


def test_representative_days_weigh_up_to_the_year() -> None:
    system = powerpact.load("serbia-2025")
    days = choose_days(system, 8)
    assert len(days.days) == 8
    assert days.weight_days.sum() == system.n_hours // 24
    error = aggregation_error(system, days)
    more = aggregation_error(system, choose_days(system, 48))
    assert more["duration_curve_rmse_max"] < error["duration_curve_rmse_max"]


def test_annuity_factor_by_hand() -> None:
    # 7 %, 25 years: 0.07 / (1 − 1.07^−25) = 0.085811 (standard capital recovery table).
    assert annuity_factor(0.07, 25) == pytest.approx(0.0858105, rel=1e-6)
    assert annuity_factor(0.0, 20) == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,zone,max_mw\nx,A,10\n", "field 'technology': column missing"),
        ("name,zone,technology,max_mw\nx,A,steam,10\n", "line 2, field 'technology'"),
        ("name,zone,technology,max_mw\nx,Q,ocgt,10\n", "line 2, field 'zone'"),
        ("name,zone,technology,max_mw\nx,A,ocgt,ten\n", "line 2, field 'max_mw'"),
        ("name,zone,technology,max_mw\nx,A,battery,10\n", "line 2, field 'duration_h'"),
        ("name,zone,technology,max_mw,link\nx,A,interconnector,10,nope\n", "field 'link'"),
        ("name,zone,technology,max_mw\nx,A,ocgt,10\nx,B,ocgt,5\n", "line 3, field 'name'"),
        ("name,zone,technology,max_mw,min_mw\nx,A,ocgt,10,20\n", "field 'min_mw'"),
        ("name,zone,technology,max_mw\nx,A,firm,10\n", "field 'annual_cost_eur_per_mw'"),
    ],
)
def test_bad_candidate_files_name_row_and_field(
    tiny: System, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "candidates.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as error:
        read_candidates(tiny, path)
    assert str(path) in str(error.value)


def test_written_system_reads_back_equal(tiny: System, tmp_path: Path) -> None:
    write_system(tiny, tmp_path / "copy")
    again = powerpact.load(tmp_path / "copy")
    for table in ("generators", "storage", "interconnectors", "gas_entries", "hydro_inflows"):
        pd.testing.assert_frame_equal(getattr(again, table), getattr(tiny, table))
    for series in ("demand", "profiles", "market_prices"):
        pd.testing.assert_frame_equal(getattr(again, series), getattr(tiny, series))
    assert dispatch_run(again).objective_eur == pytest.approx(dispatch_run(tiny).objective_eur)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "powerpact", *args], capture_output=True, text=True, check=False
    )


def test_expand_cli_writes_a_system_every_command_reads(tmp_path: Path) -> None:
    tiny = str(Path(__file__).parent / "data" / "tiny")
    out = tmp_path / "out"
    done = _cli("expand", tiny, "--periods", "2", "--samples", "50", "--json", "--out", str(out))
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    for key in (
        "built_mw_by_candidate",
        "total_cost_eur",
        "adequacy_standard_lole_hours",
        "lole_hours_after",
    ):
        assert key in figures
    assert json.loads((out / "results.json").read_text())["total_cost_eur"] == pytest.approx(
        figures["total_cost_eur"]
    )
    expanded = powerpact.load(out / "system")
    for name in figures["built_mw_by_candidate"]:
        if name in expanded.generators.index:
            # the headline gives MW to three decimals
            assert expanded.generators.at[name, "capacity_mw"] == pytest.approx(
                figures["built_mw_by_candidate"][name], abs=5e-4
            )
    assert _cli("dispatch", str(out / "system"), "--json").returncode == 0


def test_expand_cli_never_overwrites_user_files(tmp_path: Path) -> None:
    tiny = str(Path(__file__).parent / "data" / "tiny")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    done = _cli("expand", tiny, "--periods", "2", "--samples", "50", "--out", str(out))
    assert done.returncode == 2
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,zone,technology,max_mw\nx,A,steam,10\n", encoding="utf-8")
    done = _cli("expand", tiny, "--candidates", str(bad))
    assert done.returncode == 2
    assert "line 2, field 'technology'" in done.stderr
    assert "Traceback" not in done.stderr


def test_security_loop_adds_firm_capacity_until_the_standard_holds(
    make_system: Callable[..., System],
) -> None:
    """Four 40 MW units (10 % forced outage) for a flat 100 MW: enough for the dispatch LP, which
    therefore builds nothing, but LOLE = P(two or more out) × 8 760 h ≈ 458 h/yr. The loop must add
    firm capacity until the standard holds, and say so."""
    from powerpact.adequacy import copt
    from powerpact.studies.expand import run_expansion

    units = [
        {
            "name": f"u{k}",
            "zone": "Z",
            "technology": "other",
            "capacity_mw": 40.0,
            "marginal_cost_eur_per_mwh": 30.0,
            "forced_outage_rate": 0.1,
            "mttr_h": 8.0,
        }
        for k in range(4)
    ]
    system = make_system(
        generators=units,
        demand={"Z": [100.0] * HOURS},
        settings={"value_of_lost_load_eur_per_mwh": 3000.0, "reliability_standard_lole_hours": 3.0},
    )
    assert copt(system).figures().lole_hours / SHARE == pytest.approx(
        (1 - 0.9**4 - 4 * 0.1 * 0.9**3) * 8760, rel=1e-6
    )
    rows = pd.DataFrame(
        [["peaker", "Z", "firm", "200", str(8760 * 8.0), "120"]],
        columns=[
            "name",
            "zone",
            "technology",
            "max_mw",
            "annual_cost_eur_per_mw",
            "marginal_cost_eur_per_mwh",
        ],
    )
    study = run_expansion(
        system, candidates_from_rows(system, rows, "test"), periods=2, samples=2000, seed=3
    )
    assert study.iterations[0].built_mw == {}
    assert study.iterations[0].lole_hours > 100
    assert len(study.iterations) >= 2
    assert study.iterations[-1].lole_hours <= 3.0
    # The exact method on the expanded system agrees that the standard holds (within the
    # Monte Carlo's resolution of one loss-of-load hour in 2 000 two-day samples).
    exact_per_year = copt(study.expanded).figures().lole_hours / SHARE
    assert exact_per_year <= 3.0 + 8760 / HOURS / 2000


def test_life_extension_brings_its_share_of_the_mine() -> None:
    """An extended lignite unit keeps the mine's supply per MW of lignite plant unchanged."""
    from powerpact.studies.expand import default_candidates_for, expanded_system

    system = powerpact.load("serbia-2025/coal-exit-2032")
    candidates = default_candidates_for(system, 0.07)
    extension = candidates.table.index[candidates.table["technology"] == "lignite_extension"]
    assert list(extension) == ["lignite-extension-RS"]
    built = pd.Series(0.0, index=candidates.table.index)
    built[extension[0]] = 400.0
    expanded = expanded_system(system, candidates, built)

    def per_mw(s: System) -> float:
        capacity = s.generators.loc[s.generators["fuel"] == "lignite", "capacity_mw"].sum()
        limit = s.settings.fuels["lignite"].annual_limit_mwh_th
        assert limit is not None
        return limit / capacity

    assert per_mw(expanded) == pytest.approx(per_mw(system), rel=1e-12)
    assert expanded.generators.at[extension[0], "capacity_mw"] == 400.0


def test_report_tables_cover_every_option_and_scenario() -> None:
    from powerpact.report.expansion import break_even_table, portfolio_table

    common = {
        "total_cost_eur": 2e6,
        "lole_hours_after": 1.0,
        "adequacy_standard_lole_hours": 3.0,
        "security_iterations": 2,
        "annual_cost_eur_per_mw_yr": {"a": 1000.0, "b": 2000.0},
    }
    headlines = {
        "one": {
            **common,
            "built_mw_by_candidate": {"a": 5.0},
            "break_even_eur_per_mw_yr": {"a": 1000.0, "b": 500.0},
        },
        "two": {
            **common,
            "built_mw_by_candidate": {"b": 7.0},
            "break_even_eur_per_mw_yr": {"a": 800.0, "b": 2000.0},
        },
    }
    portfolio = portfolio_table(headlines)
    assert portfolio.loc["one", ["a", "b"]].tolist() == [5.0, 0.0]
    assert portfolio.loc["two", ["a", "b"]].tolist() == [0.0, 7.0]
    assert portfolio.loc["two", "total cost (M EUR/yr)"] == 2.0
    assert break_even_table(headlines).loc["a"].tolist() == [1.0, 1.0, 0.8]


def test_security_loop_reports_a_standard_one_unit_cannot_meet(
    make_system: Callable[..., System],
) -> None:
    """The same four units, but the only option is one OCGT unit (5 % forced outage): whenever
    it is out, three of the four must be up, so LOLE cannot fall below 5 % × P(two or more of
    four out) × 8 760 h ≈ 22.9 h/yr, whatever its size. The loop stops at its limit and says so,
    with the unit's ELCC-based credit below its derated 95 %."""
    from powerpact.adequacy import copt
    from powerpact.studies.expand import run_expansion

    units = [
        {
            "name": f"u{k}",
            "zone": "Z",
            "technology": "other",
            "capacity_mw": 40.0,
            "marginal_cost_eur_per_mwh": 30.0,
            "forced_outage_rate": 0.1,
            "mttr_h": 8.0,
        }
        for k in range(4)
    ]
    system = make_system(
        generators=units,
        demand={"Z": [100.0] * HOURS},
        settings={
            "value_of_lost_load_eur_per_mwh": 3000.0,
            "fuels": {"gas": {"price_eur_per_mwh_th": 30.0, "co2_t_per_mwh_th": 0.2}},
        },
    )
    rows = pd.DataFrame(
        [["o1", "Z", "ocgt", "200"]], columns=["name", "zone", "technology", "max_mw"]
    )
    study = run_expansion(
        system,
        candidates_from_rows(system, rows, "test"),
        periods=2,
        samples=2000,
        seed=3,
        max_iterations=3,
    )
    assert len(study.iterations) == 3
    assert study.headline()["lole_hours_after"] > 3.0
    assert study.credits["o1"] < 0.95
    # By hand, with 60 ≤ o1 < 100 MW: load is lost when o1 is out and two or more units are, or
    # when o1 is up and all four are out.
    built = study.iterations[-1].built_mw["o1"]
    assert 60.0 <= built < 100.0
    exact = (0.05 * (1 - 0.9**4 - 4 * 0.1 * 0.9**3) + 0.95 * 0.1**4) * 8760
    assert copt(study.expanded).figures().lole_hours / SHARE == pytest.approx(exact, rel=1e-9)


def test_default_upgrades_are_borders_between_zones_not_links_to_markets() -> None:
    """A price-taking market's price would not hold under a larger link: by default only borders
    between two modelled zones are upgradable (every one of them), never a link to a market."""
    system = powerpact.load("see-2025/coal-exit-2032")
    rows = default_rows(system)
    upgraded = set(rows.loc[rows["technology"] == "interconnector", "link"])
    links, zones = system.interconnectors, set(system.settings.zones)
    between_zones = {
        name
        for name, link in links.iterrows()
        if {link["from_zone"], link["to_zone"]} <= zones
        and system.demand[[link["from_zone"], link["to_zone"]]].max().min() > 0
    }
    assert upgraded == between_zones
    assert between_zones and len(between_zones) < len(links)
