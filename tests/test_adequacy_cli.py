"""`powerpact adequacy` on systems and PyPSA networks."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from powerpact.cli import app

TINY = str(Path(__file__).parent / "data" / "tiny")


def run(*args: str) -> dict:
    result = CliRunner().invoke(app, ["adequacy", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout[result.stdout.index("{") :])


def test_json_of_both_methods() -> None:
    # tiny has two zones: COPT pools them only when asked (without, it refuses; see
    # test_adequacy_multiarea), and the Monte Carlo solves them as areas.
    exact = run(TINY, "--method", "copt", "--copper-plate")
    assert {"lole_hours", "eens_mwh", "lolp", "lold_days"} <= set(exact)
    sampled = run(TINY, "--method", "montecarlo", "--samples", "50", "--seed", "3")
    assert {"lole_hours_stderr", "eens_mwh_stderr", "samples", "seed"} <= set(sampled)
    assert (sampled["samples"], sampled["seed"]) == (50, 3)
    assert set(sampled["zones"]) == {"A", "B"}
    assert sampled == run(TINY, "--samples", "50", "--seed", "3")


@pytest.fixture
def network(tmp_path: Path) -> Path:
    pypsa = pytest.importorskip("pypsa")
    network = pypsa.Network()
    network.set_snapshots(pd.date_range("2030-01-01", periods=4, freq="h"))
    network.add("Bus", ["north", "south"])
    network.add("Line", "line", bus0="north", bus1="south", x=0.1, s_nom=10)
    network.add("Generator", "gas", bus="north", p_nom=100, carrier="gas")
    network.add(
        "Generator", "wind", bus="south", p_nom=50, carrier="wind", p_max_pu=[0.5, 0.1, 0.0, 1.0]
    )
    network.add("Load", "city", bus="south", p_set=[60, 70, 80, 90])
    path = tmp_path / "grid.nc"
    network.export_to_netcdf(str(path))
    return path


def test_pypsa_network_with_default_and_given_outage_rates(network: Path, tmp_path: Path) -> None:
    # Net loads 60 − 25, 70 − 5, 80, 90 − 50 = 35, 65, 80, 40 MW, all lost when the gas unit
    # (default gas rate 0.05) is out; the two buses are pooled so the 10 MW line is no limit.
    result = run("--pypsa", str(network), "--method", "copt")
    assert result["lole_hours"] == pytest.approx(4 * 0.05)
    assert result["eens_mwh"] == pytest.approx(0.05 * (35 + 65 + 80 + 40))
    rates = tmp_path / "rates.csv"
    rates.write_text("generator,forced_outage_rate,mttr_h\ngas,0.2,10\n")
    result = run("--pypsa", str(network), "--outage-rates", str(rates), "--method", "copt")
    assert result["eens_mwh"] == pytest.approx(0.2 * 220)


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "powerpact", "adequacy", str(tmp_path / "none")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "no such" in done.stderr


def test_printed_numbers_keep_significant_figures() -> None:
    from powerpact.adequacy.results import format_significant

    # A small nonzero risk must not print as 0.00; large energies print without exponents.
    assert format_significant(0.0019) == "0.0019"
    assert format_significant(2.168e-05) == "2.168e-05"
    assert format_significant(32.5408) == "32.54"
    assert format_significant(659_097.75) == "659,098"
    assert format_significant(0.0) == "0"
    table = CliRunner().invoke(app, ["adequacy", TINY, "--method", "montecarlo", "--samples", "20"])
    assert table.exit_code == 0 and "e+0" not in table.stdout
