"""Per-zone results across climate years: each year's figures recomputed from the samples, the
spread over historical years, the worst years, the stress cases; the CLI keeps its keys; the
report's section shows them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import write_system
from typer.testing import CliRunner

from powerpact.adequacy import MonteCarloOptions
from powerpact.adequacy.multiarea import monte_carlo_areas
from powerpact.cli import app
from powerpact.report.adequacy_climate import climate_section
from powerpact.system import System

MakeSystem = Callable[..., System]
YEARS = [2010, 2011, 2012, 2014, "cold-2012", "dry"]


def _unit(name: str, zone: str, total_mw: float, units: int) -> dict[str, object]:
    return {
        "name": name,
        "zone": zone,
        "technology": "oil",
        "capacity_mw": total_mw,
        "units": units,
        "forced_outage_rate": 0.1,
        "mttr_h": 20,
    }


def _tight_two_zones(folder: Path) -> Path:
    """RS and HU (zones with climate indices) from 30 January to 2 February: February's load
    is 100 MW (RS) and 80 MW (HU) above January's, so it is heating load (`heating_part`),
    which the cold spell of 1–14 February raises."""
    hours = np.arange(96)
    shape = 0.5 + 0.5 * np.sin(2 * np.pi * (hours - 6) / 24)
    february = hours >= 48
    return write_system(
        folder,
        [_unit("rs", "RS", 600, 30), _unit("hu", "HU", 500, 25)],
        {
            "RS": (300 + 140 * shape + 100 * february).round(1).tolist(),
            "HU": (240 + 120 * shape + 80 * february).round(1).tolist(),
        },
        start="2030-01-30T00:00:00Z",
        interconnectors=[
            {
                "name": "hu-rs",
                "from_zone": "HU",
                "to_zone": "RS",
                "capacity_mw": 80,
                "capacity_reverse_mw": 80,
                "forced_outage_rate": 0.0,
                "mttr_h": 10,
            }
        ],
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    import powerpact

    system = powerpact.load(_tight_two_zones(tmp_path_factory.mktemp("zones") / "two"))
    options = MonteCarloOptions(progress=False, climate_years=YEARS)
    return monte_carlo_areas(system, 240, 4, options)


def test_zone_figures_by_climate_year_come_from_the_samples(run) -> None:
    headline = run.headline()
    labels = run.system.per_sample["climate_year"]
    assert headline["climate_years"][-1].startswith("dry-")
    historical = [str(y) for y in YEARS if isinstance(y, int)]
    for zone in ("RS", "HU"):
        frame = run.zone_per_sample[zone]
        table = headline["zones_by_climate_year"][zone]
        for label, record in table.items():
            rows = frame[labels == label]
            assert record["samples"] == len(rows) == 40
            assert record["lole_hours"] == pytest.approx(rows["lol_hours"].mean())
            assert record["eens_mwh_stderr"] == pytest.approx(
                rows["unserved_mwh"].std(ddof=1) / np.sqrt(len(rows))
            )
        means = np.array([table[y]["lole_hours"] for y in historical])
        summary = headline["zones_climate_year_spread"][zone]
        assert summary["spread"]["lole_hours"] == pytest.approx(
            {
                "min": means.min(),
                "p50": np.median(means),
                "p90": np.quantile(means, 0.9),
                "max": means.max(),
            }
        )
        ranked = sorted(historical, key=lambda y: (-table[y]["lole_hours"], -table[y]["eens_mwh"]))
        assert summary["worst_years"] == [y for y in ranked if table[y]["eens_mwh"] > 0][:3]
        assert set(summary["stress_cases"]) == {"cold-2012", headline["climate_years"][-1]}
    # The zones' unserved energy adds up to the system's in every climate year.
    for label, record in headline["by_climate_year"].items():
        zones = sum(headline["zones_by_climate_year"][z][label]["eens_mwh"] for z in ("RS", "HU"))
        assert zones == pytest.approx(record["eens_mwh"])
    # The cold spell raises February's heating load by half: the riskiest case in each zone.
    for zone in ("RS", "HU"):
        years = headline["zones_by_climate_year"][zone]
        assert years["cold-2012"]["eens_mwh"] > max(years[y]["eens_mwh"] for y in historical)


def test_cli_keeps_its_keys_and_adds_the_spread(tmp_path: Path) -> None:
    folder = _tight_two_zones(tmp_path / "two")
    args = ["adequacy", str(folder), "--samples", "12", "--climate-years", "2010,cold-2012"]
    out = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)
    for key in (
        "lole_hours",
        "eens_mwh_stderr",
        "zones",
        "climate_years",
        "by_climate_year",
        "worst_climate_years",
    ):
        assert key in out
    assert set(out["zones"]["RS"]) >= {"lole_hours", "lole_hours_stderr", "lolp", "lold_days"}
    assert set(out["zones_by_climate_year"]["HU"]) == {"2010", "cold-2012"}
    assert list(out["zones_climate_year_spread"]["RS"]["stress_cases"]) == ["cold-2012"]
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "Stress cases by area" in table.output
    assert "Across historical climate years" in table.output


def test_report_section_shows_areas_spread_and_stress_cases(run) -> None:
    scenario = SimpleNamespace(name="tight", results={"adequacy": run.system})
    section = climate_section(SimpleNamespace(scenarios=[scenario]))
    assert section is not None
    for text in (
        'id="climate-spread"',
        'id="climate-stress"',
        "<td>RS</td>",
        "<td>HU</td>",
        "<td>system</td>",
        "cold-2012",
    ):
        assert text in section.body
    plain = SimpleNamespace(name="plain", results={"adequacy": None})
    assert climate_section(SimpleNamespace(scenarios=[plain])) is None


def test_assess_runs_climate_years_into_results_and_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["assess", "serbia-2025", "--out", str(out), "--samples", "12", "--hours", "168"]
    extra = ["--climate-years", "2010,dry,cold-2012", "--robustness", "off"]
    result = CliRunner().invoke(app, [*args, *extra])
    assert result.exit_code == 0, result.output
    adequacy = json.loads((out / "results.json").read_text())["scenarios"]["serbia-2025"][
        "headline"
    ]["adequacy"]
    assert adequacy["climate_years"] == ["2010", "dry-2011", "cold-2012"]
    summary = adequacy["climate_year_spread"]
    assert set(summary["stress_cases"]) == {"dry-2011", "cold-2012"}
    assert {v["samples"] for v in summary["stress_cases"].values()} == {4}
    report = (out / "report.html").read_text()
    assert 'id="climate-spread"' in report and 'id="climate-stress"' in report
