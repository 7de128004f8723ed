"""The options the study compares by default: the partnership's scenarios of the regional
default `see-2025` (Serbia among its neighbours, whose prices are set by their own plants), the
larger SOCAR contract alone (no scenario file holds it: it is the baseline with the contract of
nis-ccgt), and the Niš plant with the green corridor in 2032. Every path of them is a full
regional dispatch (the study's default method, "exact"). Any other scenario, such as the
one-zone `serbia-2025/nis-ccgt`, is given by name or path."""

from __future__ import annotations

import json

import yaml

from powerpact.studies.volatility.design import OptionSpec
from powerpact.system import InputError
from powerpact.system.load import embedded_path

# The SOCAR–Srbijagas contract raised from 400 to 1,000 mcm a year, as in scenario nis-ccgt.
SOCAR_1BCM = json.dumps(
    {"modify": {"gas_contracts": {"socar-srbijagas": {"annual_max_mcm": 1000.0}}}}
)
# The system whose scenarios the default options name (see the module docstring).
SYSTEM = "see-2025"


def _changes_of(scenario: str) -> str:
    """A scenario's own changes to its base (settings, additions, modifications) as an overlay
    for another scenario of the same base: the Niš plant, its SOCAR contract and its gas peak
    day are defined once, in nis-ccgt-2032.yaml."""
    path = embedded_path(scenario)
    if path is None:
        raise InputError(scenario, "no such embedded scenario", "volatility options")
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.dumps({key: spec[key] for key in ("settings", "add", "modify") if key in spec})


DEFAULT_OPTIONS = (
    OptionSpec("baseline-2025", f"{SYSTEM}/baseline-2025"),
    OptionSpec("socar-1bcm", f"{SYSTEM}/baseline-2025", SOCAR_1BCM, "baseline-2025"),
    OptionSpec("nis-ccgt", f"{SYSTEM}/nis-ccgt", "", "baseline-2025"),
    OptionSpec("nis-ocgt", f"{SYSTEM}/nis-ocgt", "", "baseline-2025"),
    OptionSpec("coal-exit-2032", f"{SYSTEM}/coal-exit-2032"),
    OptionSpec("nis-ccgt-2032", f"{SYSTEM}/nis-ccgt-2032", "", "coal-exit-2032"),
    OptionSpec("az-green-corridor-2032", f"{SYSTEM}/az-green-corridor-2032", "", "coal-exit-2032"),
    OptionSpec(
        "nis-ccgt+green-corridor-2032",
        f"{SYSTEM}/az-green-corridor-2032",
        _changes_of(f"{SYSTEM}/nis-ccgt-2032"),
        "coal-exit-2032",
    ),
)


def option_spec(name: str) -> OptionSpec:
    """A default option by name, else a scenario (embedded name or path) as it is."""
    for option in DEFAULT_OPTIONS:
        if option.name == name:
            return option
    return OptionSpec(name, name)
